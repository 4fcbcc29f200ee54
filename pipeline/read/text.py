"""The plain-text reader: UTF-8 .txt files.

Bad input raises `InputError` with a one-line message that names the file and the problem:
missing, a directory, unreadable, empty, binary, not UTF-8.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import RawText, check_file


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 11))
    return controls > max(8, len(sample) // 50)


def read_text_file(path: str | Path) -> RawText:
    """Read a UTF-8 text file.

    Ví dụ: read_text_file("samples/ninh-thuan-2017-ttdn.txt").text.startswith("KẾ HOẠCH").
    """
    p = Path(path)
    check_file(p)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    suffix = p.suffix.lower().lstrip(".")
    if suffix in ("docx", "doc", "pdf", "odt", "rtf"):
        raise InputError(str(path), f".{suffix} files are not supported yet; save the document as UTF-8 text (.txt)")
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or data[:5] == b"%PDF-":
        raise InputError(str(path), "looks like a Word or PDF file, not text; save it as UTF-8 text (.txt)")
    if _looks_binary(data):
        raise InputError(str(path), "binary data, not text")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8"
        ) from None
    if not text.strip():
        raise InputError(str(path), "file is empty")
    return RawText(p.name, "txt", hashlib.sha256(data).hexdigest(), encoding, text)
