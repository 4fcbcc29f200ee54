"""Bad and hostile Word files (issue 5, part 7): each refused with a one-line `InputError` naming the
file and what to do, in bounded memory and time; odd but valid file names read normally.
"""
from __future__ import annotations

import os
import stat
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read import doc as doc_reader
from kehoach.pipeline.read import docx as docx_reader
from kehoach.pipeline.read import read_document
from ooxml import content_types, package_rels
from test_read_docx import make_docx, para

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused(path: Path) -> str:
    """The one-line message `read_document` raises for `path`."""
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


# (comment, file name, bytes, words the message must hold)
BAD_BYTES = [
    ("not a zip", "ke-hoach.docx", b"This is not a Word file at all.\x00\x01", "not a .docx file"),
    ("damaged zip", "hong.docx", b"PK\x03\x04" + b"\x00garbage" * 50, "damaged .docx"),
    ("encrypted OLE package", "mat-khau.docx", OLE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512,
     "password-protected"),
    ("not OLE and not zip, named .doc", "cu.doc", b"{\\rtf1 Ke hoach}",
     "not a Word .doc file"),
]


@pytest.mark.parametrize("comment,name,data,words", BAD_BYTES, ids=[c for c, *_ in BAD_BYTES])
def test_bad_bytes(tmp_path, comment, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    assert words in refused(path)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", content_types("numbering", "styles"))
        zf.writestr("_rels/.rels", package_rels())
    assert "without word/document.xml" in refused(path)


def test_empty_document(tmp_path):
    path = make_docx(tmp_path / "trong.docx", para() + para())
    assert "has no text" in refused(path)


def test_dtd_and_external_entity_refused(tmp_path):
    document = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = make_docx(tmp_path / "xxe.docx", "", document=document)
    assert "declares a DTD" in refused(path)


def test_billion_laughs_refused(tmp_path):
    entities = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};">' for i in range(10))
    document = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>&k;</w:t></w:r></w:p></w:body></w:document>")
    assert "declares a DTD" in refused(make_docx(tmp_path / "laughs.docx", "", document=document))


def test_zip_bomb_refused_in_bounded_memory(tmp_path, monkeypatch):
    # A document.xml inflating past the limit; the limit is lowered so the test writes 12 MB, not GBs.
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 8 * 1024 * 1024)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", content_types("numbering", "styles"))
        zf.writestr("_rels/.rels", package_rels())
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = b" " * (1024 * 1024)
            for _ in range(12):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    assert path.stat().st_size < 200 * 1024
    tracemalloc.start()
    try:
        message = refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "zip bomb" in message and "word/document.xml" in message
    assert peak < 4 * 1024 * 1024  # refused from the zip directory, nothing inflated


def test_default_limits_are_sane():
    assert docx_reader.MAX_PART_BYTES <= 200 * 1024 * 1024
    assert docx_reader.MAX_TOTAL_BYTES >= docx_reader.MAX_PART_BYTES
    assert doc_reader.CONVERT_TIMEOUT_S <= 300


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)
    path = tmp_path / "van ban cu.doc"
    path.write_bytes(OLE + b"\x00" * 1024)
    message = refused(path)
    assert "Word 97-2003 .doc" in message and "apt-get install libreoffice-writer" in message


def _fake_soffice(tmp_path: Path, script: str) -> str:
    exe = tmp_path / "fake-soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return str(exe)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for LibreOffice")
def test_doc_conversion_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: _fake_soffice(tmp_path, "sleep 30"))
    monkeypatch.setattr(doc_reader, "CONVERT_TIMEOUT_S", 1)
    path = tmp_path / "treo.doc"
    path.write_bytes(OLE + b"\x00" * 1024)
    assert "did not convert it within 1 s" in refused(path)


@pytest.mark.skipif(os.name != "posix", reason="shell script stands in for LibreOffice")
def test_doc_conversion_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2"))
    path = tmp_path / "hong.doc"
    path.write_bytes(OLE + b"\x00" * 1024)
    message = refused(path)
    assert "could not convert it (Error: source file could not be loaded)" in message


@pytest.mark.parametrize("name", ["Kế hoạch số 125 năm 2020.docx", "..docx", "a..b .docx", "-v.docx"])
def test_odd_file_names_read_normally(tmp_path, name):
    path = make_docx(tmp_path / name, para("Kế hoạch cải cách hành chính"))
    raw = read_document(path)
    assert raw.name == name and raw.format == "docx" and raw.text == "Kế hoạch cải cách hành chính"


def test_docx_named_doc_is_read_as_docx(tmp_path):
    path = make_docx(tmp_path / "phu-luc.doc", para("Phụ lục II"))
    raw = read_document(path)
    assert raw.format == "docx" and raw.text == "Phụ lục II"


def test_docx_reader_given_an_ole_file(tmp_path):
    path = tmp_path / "cu.docx"
    path.write_bytes(OLE + b"\x00" * 600)
    with pytest.raises(InputError, match="Word 97-2003 .doc file, not .docx"):
        docx_reader.read_docx(path)


def test_cli_batch_keeps_going_and_writes_only_into_output(tmp_path):
    from kehoach.pipeline.cli import main

    (tmp_path / "in").mkdir()
    good = make_docx(tmp_path / "in" / "..tot.docx", para("KẾ HOẠCH"))
    bad = tmp_path / "in" / "hong.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    out = tmp_path / "out"
    status = main(["extract", str(bad), str(good), "-o", str(out), "--no-progress", "-q", "-j", "1"])
    assert status != 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert all(p.parts[0] in ("in", "out") for p in written)
    assert any(p.name.startswith("..tot") for p in out.iterdir())
