"""What every reader returns, and the checks every reader shares."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.pipeline.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
"""Inputs larger than this are refused rather than read into memory."""


@dataclass(frozen=True)
class SourceLocation:
    """Where a line of the text came from in the original file (fields that apply are set)."""

    line: int | None = None  # 1-based line of a text file
    page: int | None = None  # 1-based page of a PDF
    paragraph: int | None = None  # 0-based index of a body paragraph in a Word file
    table: int | None = None  # 0-based index of a table in a Word file or a PDF page
    row: int | None = None  # 0-based row in that table
    cells: tuple[int, ...] = ()  # 0-based column index of each " | "-separated cell of the line


@dataclass(frozen=True)
class RawText:
    name: str  # file name, no directory
    format: str  # txt, docx, doc, pdf
    sha256: str
    encoding: str  # what the bytes were decoded from ("utf-8", "tcvn3", "vni", "docx" …)
    text: str
    conversions: tuple[str, ...] = ()  # what was done to read it ("doc→docx via LibreOffice", "tcvn3→unicode")
    locations: tuple[SourceLocation, ...] = field(default=(), repr=False)  # one per line of `text`, or empty
    # A saved web page's metadata table as (label, value) pairs, e.g. ("Số hiệu", "223/CĐ-TTg"),
    # ("Loại văn bản", "Công điện"), ("Người ký", "Hồ Quốc Dũng"): header evidence, not document text.
    metadata: tuple[tuple[str, str], ...] = ()
    # Findings about the reading itself (OCR's confidence), as Finding fields: {"code", "severity", "message", …}.
    findings: tuple[dict, ...] = ()
    # Names OCR read with broken marks and the reader repaired, as (name, as read): kept as aliases.
    original_forms: tuple[tuple[str, str], ...] = ()


def check_file(path: Path) -> int:
    """Raise InputError unless `path` is a readable regular file within the size limit; return its size."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a document")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise InputError(str(path), f"file is {size // (1024 * 1024)} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit")
    return size


def sniff(path: Path) -> str:
    """The document kind from the file's first bytes, falling back to its extension: txt, docx, doc, pdf."""
    check_file(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"  # PNG, JPEG, TIFF: a scan, read by OCR
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("docx", "doc", "pdf"):
        return suffix
    return "txt"


def read_bytes(path: Path) -> bytes:
    """The bytes of a document file, after `check_file`; errors become one-line `InputError`s."""
    check_file(path)
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time: what the caches and the JSON's
    `source.sha256` name a file by."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
