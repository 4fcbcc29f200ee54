"""Readers: a file on disk → `RawText` (decoded text in the canonical line layout, with where each
line came from in the original file).

The layout every reader produces, so that extractors never see the file format:
- one paragraph per line; blank lines between blocks are allowed;
- a table row on one line, cells joined by " | " (newlines inside a cell become spaces);
- Word auto-numbering written out in front of its paragraph ("1.", "a)") as Word shows it.

`read_document(path)` picks the reader from the file's content (not only its name: a .docx named
.doc is read as .docx). Bad input raises `InputError` naming the file and the problem.
"""
from __future__ import annotations

import re
from pathlib import Path

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import MAX_BYTES, RawText, SourceLocation, sniff
from kehoach.pipeline.read.text import read_text_file

__all__ = ["RawText", "SourceLocation", "read_document", "read_text_file", "MAX_BYTES"]


def read_document(path: str | Path, *, encoding: str | None = None) -> RawText:
    """Read any supported document; return its text and line locations.

    `encoding` forces how text is decoded (utf-8, utf-16, windows-1258, tcvn3, vni) instead of
    detecting it; it applies to .txt files and to PDF text layers.

    Ví dụ: read_document("samples/ninh-thuan-2017-ttdn.txt").format == "txt".
    """
    kind = sniff(Path(path))
    if kind == "docx":
        from kehoach.pipeline.read.docx import read_docx

        return _saved_page(read_docx(path))
    if kind == "doc":
        from kehoach.pipeline.read.doc import read_doc

        return _saved_page(read_doc(path))
    if kind == "pdf":
        from kehoach.pipeline.read.pdf import SCANNED, read_pdf

        mode = _ocr_mode()
        if mode != "always":
            try:
                raw = read_pdf(path, encoding)
                if mode == "auto":
                    raw = _with_scanned_pages(path, raw, encoding)
                return _saved_page(raw)
            except InputError as exc:
                if mode == "never" or exc.problem != SCANNED or not _is_scan(path):
                    raise
        return _saved_page(_read_scanned(path))
    if kind == "image":
        if _ocr_mode() == "never":
            raise InputError(str(path), "is an image (a scan); it is read only by OCR, which --ocr never turns off")
        return _saved_page(_read_scanned(path))
    return read_text_file(path, encoding)


_EMPTY_TAIL_CELLS = re.compile(r"(?:[ ]\|[ ]*)+$", re.M)


def _ocr_mode() -> str:
    from kehoach import ocr

    return ocr.current().mode


def _with_scanned_pages(path: str | Path, raw: RawText, encoding: str | None) -> RawText:
    """A PDF with a text layer whose pages include scans (no text, a picture): read again with
    those pages OCR'd (kehoach.ocr.mixed)."""
    from kehoach.ocr import engine, mixed

    pages = mixed.scanned_pages(Path(path))
    if not pages or not engine.available():
        return raw
    return mixed.read_mixed(Path(path), pages, encoding)


def _is_scan(path: str | Path) -> bool:
    """Whether a PDF refused for its text layer holds page images to OCR (kehoach.ocr.engine)."""
    from kehoach.ocr import engine

    return engine.has_page_images(Path(path))


def _read_scanned(path: str | Path) -> RawText:
    """A scan (no usable text layer, or an image file) read by OCR: `kehoach.ocr`."""
    from kehoach import ocr

    return ocr.read_scanned(path)


def _saved_page(raw: RawText) -> RawText:
    """A portal page pasted into Word or printed to PDF is read as the document inside it, as the
    text reader reads a saved page; each rebuilt line keeps the location of the line it came from."""
    from dataclasses import replace

    from kehoach.pipeline.read import web

    # A pasted page's layout table pads its short rows with empty cells ("Số công báo: | Đang cập
    # nhật |  |  | …"): the page's own text has none, and the rebuilt rows should not either.
    page = web.rebuild(_EMPTY_TAIL_CELLS.sub("", raw.text))
    if page is None:
        return raw
    old = raw.locations
    locations = tuple(old[n - 1] if old and 0 < n <= len(old) else SourceLocation() for n in page.lines)
    return replace(raw, text=page.text, conversions=(*raw.conversions, *page.conversions),
                   locations=locations, metadata=page.metadata)
