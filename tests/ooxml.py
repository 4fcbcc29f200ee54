"""Minimal Word packages for tests: the package parts every .docx needs around its document.xml."""
from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {"numbering": f"{_WML}.numbering+xml", "styles": f"{_WML}.styles+xml"}


def content_types(*parts: str) -> str:
    """[Content_Types].xml for document.xml and the named extra parts ("numbering", "styles")."""
    overrides = "".join(f'<Override PartName="/word/{p}.xml" ContentType="{_PARTS[p]}"/>' for p in parts)
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>{overrides}</Types>')


def package_rels() -> str:
    return (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/></Relationships>')


def document_rels(*parts: str) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_RELS}/{p}" Target="{p}.xml"/>' for i, p in enumerate(parts, 1))
    return f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


def write_docx(path: Path, document: str, *, numbering: str | None = None, styles: str | None = None) -> Path:
    """Write a .docx holding `document` (and numbering.xml / styles.xml when given); return its path."""
    extra = {name: xml for name, xml in (("numbering", numbering), ("styles", styles)) if xml is not None}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types(*extra))
        zf.writestr("_rels/.rels", package_rels())
        if extra:
            zf.writestr("word/_rels/document.xml.rels", document_rels(*extra))
        zf.writestr("word/document.xml", document)
        for name, xml in extra.items():
            zf.writestr(f"word/{name}.xml", xml)
    return path
