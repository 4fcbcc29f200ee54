"""The plain-text reader: .txt files in UTF-8, UTF-16 (with a BOM), Windows-1258, or a legacy
Vietnamese 8-bit code (TCVN3, VNI), and tab-separated table rows.

What comes back keeps one line of output per line of the file, so a line number in the plan is a
line number in the file:
- the text is Unicode; UTF-8 text that is really TCVN3 or VNI typed in a legacy font and saved
  (e.g. "Céng hoµ x· héi", as LibreOffice exports an old .doc) is converted too, line by line when a
  file mixes both codes; `RawText.encoding` names what the bytes were read as and
  `RawText.conversions` what was converted;
- a line whose cells are separated by tabs becomes a table row with " | " between cells
  ("Số: 991/QĐ-UBND\\t\\tĐồng Xoài, ngày 14 tháng 5 năm 2008" → "Số: 991/QĐ-UBND | Đồng Xoài, …");
  a tab after a heading marker ("1.\\tMục đích") is only a space; tabs that indent are dropped;
- a saved web page of a legal portal is read as the document inside it, and a crawler copy is
  repaired (`web.rebuild`): there the lines are rebuilt and `RawText.locations` gives each line's
  file line.

Hard-wrapped text (pdftotext's output, text copied out of a PDF viewer: one printed line per
line) is the exception: `hardwrap.unwrap` rebuilds its paragraphs and header block, so its lines
are no longer the file's; `RawText.locations` then holds, for each line, the line of the file it
starts on, and `RawText.conversions` says "hard-wrap→paragraphs".

Bad input raises `InputError` with a one-line message that names the file and the problem:
missing, a directory, unreadable, empty, binary, not text in any encoding it knows.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read import legacy, web
from kehoach.pipeline.read.base import RawText, SourceLocation, read_bytes
from kehoach.pipeline.read.cells import HEADER_LABEL
from kehoach.pipeline.read.hardwrap import unwrap

ENCODINGS = ("utf-8", "utf-16", "windows-1258", "tcvn3", "vni")
"""What `read_text_file(path, encoding=…)` accepts; None detects."""

_ALIASES = {"utf8": "utf-8", "utf16": "utf-16", "cp1258": "windows-1258", "windows1258": "windows-1258",
            "abc": "tcvn3", "tcvn": "tcvn3"}

# An 8-bit file read as one of the legacy candidates must turn this share of its words into
# Vietnamese syllables with marks (prose gives 0.5 and more), and at least this many words.
_MIN_SHARE = 0.25
_MIN_WORDS = 3

# A legacy code is converted line by line when the minority code has this many lines (and 5 %)
_MIXED_MIN_LINES = 3

# Heading markers that a tab separates from their text without making a table cell.
_MARKER = re.compile(
    r"(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|\d+(?:\.\d+)+|[a-zđ]\)|\d+\)|[-–+•*·]|Điều \d+\w?\.?|Chương [IVXLC\d]+\.?:?|Mục \d+\.?:?|Phần [IVXLC\d]+\.?:?)",
)
_TAB_RUN = re.compile(r"[ ]*\t[\t ]*")

# Windows-1252 for 0x80–0x9F where it defines a character; the rest stay Latin-1.
_CP1252_HIGH = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))


HARD_WRAP = "hard-wrap→paragraphs"
"""The conversion a hard-wrapped text records (in `RawText.conversions`)."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 50)


def _decode_8bit(data: bytes) -> str:
    """Bytes as Windows-1252 characters, as Word shows a TCVN3 or VNI file; never fails."""
    return data.decode("latin-1").translate({b: c for b, c in _CP1252_HIGH.items()})


def _bom(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


def _convert_legacy(text: str, encoding: str, found: list[str | None] | None = None) -> tuple[str, tuple[str, ...]]:
    """`text` converted from `encoding`, line by line when the file mixes TCVN3 and VNI lines.

    `found` is the code `legacy.detect` gives each line, when the caller has it already.
    """
    lines = text.split("\n")
    if found is None:
        found = [legacy.detect(line) for line in lines]
    counts = {enc: found.count(enc) for enc in legacy.ENCODINGS}
    minority = min(counts.values())
    if minority < _MIXED_MIN_LINES or minority < 0.05 * sum(counts.values()):
        return legacy.to_unicode(text, encoding), (f"{encoding}→unicode",)
    # Mixed: an undecided line takes the code that makes more Vietnamese of it ("Soá" is VNI
    # "Số", TCVN3 "Soỏ"), or the only code that changes it ("Sè" is TCVN3 "Số"; VNI leaves it),
    # else the code of the line before it.
    out, current = [], encoding
    for line, enc in zip(lines, found):
        if enc is None and not line.isascii():
            converted = {e: legacy.to_unicode(line, e) for e in legacy.ENCODINGS}
            share = {e: legacy.vietnamese_share(text) for e, text in converted.items()}
            best = max(share, key=lambda e: share[e])
            changing = [e for e, text in converted.items() if text != line]
            if list(share.values()).count(share[best]) == 1:
                enc = best
            elif len(changing) == 1:
                enc = changing[0]
        current = enc or current
        out.append(legacy.to_unicode(line, current))
    return "\n".join(out), tuple(f"{enc}→unicode" for enc in legacy.ENCODINGS if counts[enc])


def _label(encoding: str, conversions: tuple[str, ...]) -> str:
    """"tcvn3+vni" for a file that mixes both codes, else the encoding."""
    mixed = [enc for enc in legacy.ENCODINGS if f"{enc}→unicode" in conversions]
    return "+".join(mixed) if len(mixed) > 1 else encoding


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str, tuple[str, ...]]:
    """Return (text, encoding read, conversions) for the bytes of a text file."""
    if encoding is not None:
        return _decode_forced(data, path, encoding)
    bom = _bom(data)
    if bom in ("utf-16", "utf-32"):
        try:
            return data.decode(bom), bom, ()
        except UnicodeDecodeError:
            raise InputError(path, f"starts with a {bom.upper()} mark but is not valid {bom.upper()}") from None
    if _looks_binary(data):
        raise InputError(path, "binary data, not text")
    try:
        text = data.decode(bom or "utf-8")
    except UnicodeDecodeError as exc:
        return _decode_8bit_text(data, path, exc)
    found = legacy.detect(text)
    if found:
        converted, conversions = _convert_legacy(text, found)
        return converted, _label(found, conversions), conversions
    return text, bom or "utf-8", ()


def _decode_8bit_text(data: bytes, path: str, exc: UnicodeDecodeError) -> tuple[str, str, tuple[str, ...]]:
    """Not UTF-8: the best of Windows-1258, TCVN3 and VNI, or the UTF-8 error when none reads."""
    cp1252 = _decode_8bit(data)
    candidates: dict[str, tuple[str, tuple[str, ...]]] = {
        "windows-1258": (data.decode("cp1258", errors="replace"), ("windows-1258→unicode",)),
    }
    found = [legacy.detect(line) for line in cp1252.split("\n")]
    for enc in legacy.ENCODINGS:
        candidates[enc] = _convert_legacy(cp1252, enc, found)
    scores = {enc: legacy.vietnamese_share(text) for enc, (text, _) in candidates.items()}
    best = max(scores, key=lambda enc: scores[enc])
    text, conversions = candidates[best]
    marked = scores[best] * len(text.split())
    if scores[best] >= _MIN_SHARE and marked >= _MIN_WORDS:
        return text, _label(best, conversions), conversions
    raise InputError(
        path,
        f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) nor Vietnamese in Windows-1258, "
        "TCVN3 or VNI; convert the file to UTF-8",
    )


def _decode_forced(data: bytes, path: str, encoding: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode as the caller says (`--encoding`): utf-8, utf-16, windows-1258, tcvn3 or vni."""
    name = _ALIASES.get(encoding.lower().replace("_", "-"), encoding.lower())
    if name not in ENCODINGS:
        raise InputError(path, f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    try:
        if name == "utf-8":
            return data.decode("utf-8-sig"), name, ()
        if name == "utf-16":
            return data.decode("utf-16"), name, ()
        if name == "windows-1258":
            return data.decode("cp1258"), name, ("windows-1258→unicode",)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid {name.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    # A legacy code saved as UTF-8 (LibreOffice's export) or as the 8-bit bytes themselves.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_8bit(data)
    return legacy.to_unicode(text, name), name, (f"{name}→unicode",)


def _cells(line: str) -> list[str]:
    """The tab-separated cells of a line, empty ones dropped, a heading marker kept with its text."""
    cells = [c.strip() for c in _TAB_RUN.split(line.strip(" \t"))]
    cells = [c for c in cells if c]
    # "1.\tMục đích" is a heading; "1\tRà soát\tSở Tư pháp" and a 3-cell row keep their TT cell.
    if len(cells) == 2 and _MARKER.fullmatch(cells[0]):
        cells[0:2] = [f"{cells[0]} {cells[1]}"]
    return cells


_LINE_BREAK = re.compile(r"(\r\n|[\r\n\x0b\x0c])")  # the breaks normalisation counts as lines


def tabs_to_cells(text: str) -> tuple[str, tuple[tuple[int, ...], ...]]:
    """Return `text` with tab-separated rows written as " | " rows, and each line's cell columns.

    Line breaks and the line count are unchanged. A line's columns are empty unless it became a row.

    Ví dụ: tabs_to_cells("1\\tSở Tài chính\\tQuý II/2025")[0] → "1 | Sở Tài chính | Quý II/2025";
    tabs_to_cells("\\tCăn cứ Luật Tổ chức chính quyền địa phương;")[0] → "Căn cứ Luật Tổ chức chính quyền địa phương;".
    """
    parts = _LINE_BREAK.split(text)
    columns = []
    for i in range(0, len(parts), 2):
        line = parts[i]
        if "\t" not in line:
            columns.append(())
            continue
        cells = _cells(line)
        parts[i] = " | ".join(cells)
        columns.append(tuple(range(len(cells))) if len(cells) >= 2 else ())
    return "".join(parts), tuple(columns)


def begins_on(word: str, line: str, following: str) -> bool:
    """True when `word` is printed on `line`, or begins on it and goes on at the start of the next,
    cut by a column a few letters wide ("C" / "ăn cứ Luật", "QU" / "YẾT").

    A table's first heading that pdftotext printed among the letters of the title above ("PH TT" /
    "Ụ LỤC") is not part of the title: the word may begin on the line without it.

    Ví dụ: begins_on("Căn", "C", "ăn cứ Luậ t Tổ") → True; begins_on("Căn", "Số", "1509") → False;
    begins_on("PHỤ", "PH TT", "Ụ") → True.
    """
    for printed in (line, " ".join(w for w in line.split() if not HEADER_LABEL.fullmatch(w))):
        at = (printed + following).find(word)
        if 0 <= at < len(printed):
            return True
    return False


def _cell_lines(unwrapped, page) -> list[int]:
    """The file line of each line of a page rebuilt from unwrapped text whose rows know the printed
    lines of each cell (`hardwrap.Unwrapped.cells`): in its cell, the first printed line after the
    previous line's where its first word begins."""
    starts = [0]
    for line in unwrapped.text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    rebuilt = page.text.split("\n")
    cursor: dict[tuple[int, int], int] = {}  # (unwrapped line, cell) → printed line reached
    out = []
    for i, (n, offset) in enumerate(zip(page.lines, page.offsets)):
        number = unwrapped.lines[n - 1]
        cells = unwrapped.cells[n - 1]
        at = [k for k, (cell_offset, _) in enumerate(cells) if cell_offset <= offset - starts[n - 1]]
        if at:
            k = at[-1]
            printed = cells[k][1]
            number = printed[0][0]
            first = rebuilt[i].split(" ", 1)[0]
            start = cursor.get((n, k), 0)
            for j in range(start, len(printed)):
                following = printed[j + 1][1] if j + 1 < len(printed) else ""
                if first and begins_on(first, printed[j][1], following):
                    number, cursor[(n, k)] = printed[j][0], j
                    break
        out.append(number)
    return out


def read_text_file(path: str | Path, encoding: str | None = None) -> RawText:
    """Read a text file; return its Unicode text with tab rows as " | " rows.

    `encoding` forces one of `ENCODINGS` ("tcvn3" for a file typed in .VnTime); None detects it.

    Ví dụ: read_text_file("samples/ninh-thuan-2017-ttdn.txt").text.startswith(" KẾ HOẠCH");
    read_text_file("qd-991-vni.txt").encoding == "vni" for a file saved from VNI-Times.
    """
    p = Path(path)
    data = read_bytes(p)
    if p.suffix.lower() in (".odt", ".rtf"):
        raise InputError(str(path), f"{p.suffix.lower()} files are not read; save the document as .docx, .pdf or UTF-8 .txt")
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or data[:5] == b"%PDF-":
        raise InputError(str(path), "looks like a Word or PDF file, not text; save it as UTF-8 text (.txt)")
    text, read_as, conversions = _decode(data, str(path), encoding)
    if not text.strip():
        raise InputError(str(path), "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    locations: tuple[SourceLocation, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    file_lines: list[int] | None = None
    unwrapped = unwrap(text)
    if unwrapped is not None:
        # Printed lines (pdftotext, a PDF viewer's copy): paragraphs rebuilt, each line knows the
        # line of the file it starts on.
        text, conversions, file_lines = unwrapped.text, (*conversions, HARD_WRAP), list(unwrapped.lines)
    # A saved portal page or a crawler copy (also once printed and unwrapped): the document
    # rebuilt, each line with its file line.
    page = web.rebuild(text)
    if page is not None:
        if unwrapped is not None and any(unwrapped.cells):
            # A row of cells that start on different file lines: each line takes its cell's.
            file_lines = _cell_lines(unwrapped, page)
        else:
            file_lines = [file_lines[n - 1] if file_lines else n for n in page.lines]
        text, conversions, metadata = page.text, (*conversions, *page.conversions), page.metadata
    if file_lines is not None:
        locations = tuple(SourceLocation(line=n) for n in file_lines)
    if "\t" in text:
        text, columns = tabs_to_cells(text)
        if any(columns):
            conversions = (*conversions, "tabs→cells")
            # Lines keep their numbers; rows record which cells they hold.
            numbers = [loc.line for loc in locations] if locations else range(1, len(columns) + 1)
            locations = tuple(SourceLocation(line=i, cells=cols) for i, cols in zip(numbers, columns))
    return RawText(p.name, "txt", sha, read_as, text, conversions, locations, metadata)
