"""The PDF reader: a PDF's text layer → `RawText` in the canonical line layout, with the page of
every line.

Built on pdfplumber (MIT, over pdfminer.six): it gives each word with its position and font, and
finds ruled tables. What comes back:
- one paragraph per line, in reading order top to bottom, page after page; a paragraph's wrapped
  lines are joined (also across a page break), a word hyphenated at a line end is joined again;
  headings and list items ("I.", "1.", "a)", "- ", "Điều 1.") start a new line (the decisions are
  shared with hard-wrapped text: `reflow.py`, fed here with the lines' positions in points);
- the header block of page 1 as two " | " rows like the .txt layout
  ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG SỞ NỘI VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
  "Số: /BC-SNV | Lâm Đồng, ngày tháng 11 năm 2025"), and the "Nơi nhận" / signature block as one row;
- each ruled table row as one line, cells joined by " | ", a vertically merged cell repeated in
  every row it spans; a row cut by page breaks is joined again (a saved web page pasted into Word
  is one row over many pages), and a word cut because it was wider than its cell ("Khán" / "h")
  is whole again (`reflow.broken_word`);
- running page headers and footers (the same line at the same height on most pages) and bare
  page numbers dropped;
- text in TCVN3 or VNI fonts (".VnTime", "VNI-Times") converted to Unicode.

A PDF without a usable text layer (a scan, or a scan under garbage OCR) raises `InputError`, as do
encrypted, corrupt, too long and too slow files.
"""
from __future__ import annotations

import hashlib
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read import legacy
from kehoach.pipeline.read.base import RawText, SourceLocation, check_file
from kehoach.pipeline.read.reflow import Frame, broken_word, join_lines, layout, paragraphs, repeated_on_pages, starts_part
from kehoach.pipeline.read.reflow import row as cells_row

MAX_PAGES = 500
"""PDFs with more pages are refused rather than read."""
TIMEOUT_SECONDS = 120.0
"""Reading stops with an error once a file has taken this long (checked after each page)."""
MIN_LETTERS_PER_PAGE = 40
"""Fewer letters than this per page on average means there is no text layer (a scan)."""
MIN_VIETNAMESE_SHARE = 0.2
"""Below this share of Vietnamese syllables with marks, the text layer is garbage OCR."""

SCANNED = "has no usable text layer (a scanned PDF); run OCR first, e.g. ocrmypdf -l vie"

# Geometry, in PDF points (1/72 inch).
_SPACED_TOLERANCE = 6.0  # the widest gap inside a word, on a page whose spaces are characters
_COLUMN_GAP = 28.0  # a horizontal gap this wide inside a line separates two columns
_EDGE_ZONE = 0.12  # page headers/footers live in this top/bottom share of the page height
_SAME_Y = 4.0  # two lines on different pages this close in height are "at the same place"
_CUT_SLACK = 0.1  # share of the font size a word processor may leave unused where it cuts a word
_INDENT = 10.0  # a first line this far right of the left margin is indented
_CENTRED = 12.0  # a line whose middle is this close to the text's middle, with room on both sides, is centred

_RULE = re.compile(r"[_\-–—=.…*]{3,}")
_FONT_PREFIX = re.compile(r"^[A-Z]{6}\+")
_MOTTO_START = re.compile(r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI", re.IGNORECASE)  # the motto, however its cell wraps it


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool
    size: float
    lead: float = 0.0  # the width of its first character


@dataclass
class _Line:
    """One printed line of a page: its words left to right, split into segments at column gaps."""

    page: int
    words: list[_Word]
    segments: list[list[_Word]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def first_width(self) -> float:
        return self.words[0].x1 - self.words[0].x0

    @property
    def columns(self) -> int:
        return len(self.segments)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(_join_words(s) for s in self.segments)

    @property
    def bold(self) -> bool:
        letters = sum(len(w.text) for w in self.words)
        return sum(len(w.text) for w in self.words if w.bold) >= 0.9 * letters


@dataclass
class _Block:
    """One line of output: its text and where it came from."""

    text: str
    location: SourceLocation
    top: float = 0.0
    cells: list[_Cell] = field(default_factory=list)  # a table row's cells
    last_page: int = 0  # the page a table row ends on, when a page break cut it


def _join_words(words: list[_Word]) -> str:
    return " ".join(w.text for w in words)


def _font_base(fontname: str) -> str:
    """'AARIQC+.VnTimeH,Bold' → '.VnTimeH'."""
    return _FONT_PREFIX.sub("", fontname).split(",")[0].split("-Bold")[0]


def _convert_word(text: str, fontname: str, forced: str | None) -> tuple[str, str | None]:
    """The word in Unicode, and the legacy encoding it was converted from (if any)."""
    base = _font_base(fontname)
    enc = forced if forced in legacy.ENCODINGS else legacy.font_encoding(base)
    if forced and forced not in legacy.ENCODINGS:
        enc = None
    if enc is None:
        return text, None
    converted = legacy.to_unicode(text, enc)
    if legacy.is_capitals_font(base):
        converted = converted.upper()
    return converted, (enc if converted != text else None)


def _page_words(page, forced: str | None, used: Counter) -> list[_Word]:
    # Words are not split by font: Word and Aspose put the Vietnamese letters of one word in
    # another subset of the same font ("Th" + "ự" + "c"). The word's main font decides.
    # When the page spells its spaces out (most do), words end at spaces and a letter placed a
    # little apart stays in its word (pdfFactory sets .VnTime "chØ" with a gap before "Ø").
    chars = page.chars
    spaced = chars and sum(c["text"] == " " for c in chars) > 0.08 * len(chars)
    words = []
    for w in page.extract_words(x_tolerance=_SPACED_TOLERANCE if spaced else 2, y_tolerance=2,
                                keep_blank_chars=False, return_chars=True):
        fonts = Counter(c["fontname"] for c in w["chars"])
        fontname = fonts.most_common(1)[0][0]
        text, enc = _convert_word(w["text"], fontname, forced)
        if enc:
            used[enc] += 1
        bold = sum(n for f, n in fonts.items() if "bold" in f.lower()) * 2 > len(w["chars"])
        first = w["chars"][0]
        words.append(_Word(text, w["x0"], w["x1"], w["top"], w["bottom"], bold, w["bottom"] - w["top"],
                           first["x1"] - first["x0"]))
    return words


_LIST_MARKER = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]$|^[-–•+]$")


def _group_lines(words: list[_Word], page_no: int) -> list[_Line]:
    """Words → lines: words that overlap vertically by half their height share a line."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, w.bottom) - max(line.top, w.top)
            if overlap >= 0.5 * min(line.bottom - line.top, w.bottom - w.top):
                line.words.append(w)
                break
        else:
            lines.append(_Line(page_no, [w]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        segments = [[line.words[0]]]
        for prev, w in zip(line.words, line.words[1:]):
            # A list marker and its text are set apart by a tab ("I.<tab>MỤC ĐÍCH"): one segment.
            after_marker = len(segments[-1]) == 1 and _LIST_MARKER.match(segments[-1][0].text)
            if w.x0 - prev.x1 > max(_COLUMN_GAP, 2.5 * w.size) and not after_marker:
                segments.append([w])
            else:
                segments[-1].append(w)
        line.segments = segments
    lines.sort(key=lambda line: line.top)
    return lines


def _inside(word: _Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


@dataclass(frozen=True)
class _Cell:
    """A table cell's text on one page, with what a page break may have cut at its ends."""

    text: str
    room: float = 0.0  # what its last line leaves of the cell's width
    lead: float = 0.0  # the width of its first character


def _cell_text(words: list[_Word], bbox, page_no: int) -> _Cell:
    """The text of a table cell, its lines joined; a word cut because it was wider than the
    cell ("Khán" / "h") is whole again."""
    inside = [w for w in words if _inside(w, bbox)]
    if not inside:
        return _Cell("")
    lines = _group_lines(inside, page_no)
    # The cell's text width: its widest line (a cut word filled its line).
    width = max(line.x1 - line.x0 for line in lines)
    # What each line leaves of that width when it is one word (a cut can end it), else the width;
    # a word processor cuts a little short of the edge (a tenth of the font size).
    rooms = [width - (line.x1 - line.x0) - _CUT_SLACK * line.size if len(line.words) == 1 else width
             for line in lines]
    texts = [lines[0].text]
    for i in range(1, len(lines)):
        line = lines[i]
        cut = i + 1 < len(lines) and rooms[i] < lines[i + 1].words[0].lead
        # The word before the cut, with what it goes on from ("72/2025/" / "QH" / "15").
        head = join_lines(texts[-2:]).rsplit(" ", 1)[-1]
        if broken_word(head, line.words[0].text, rooms[i - 1], line.words[0].lead, cut):
            texts[-1] += line.text
        else:
            texts.append(line.text)
    return _Cell(join_lines(texts), rooms[-1], lines[0].words[0].lead)


def _tables(page, words: list[_Word], page_no: int) -> tuple[list[_Block], list[tuple]]:
    """The page's ruled tables as rows of " | " text, and their boxes (to keep their words out of the prose)."""
    blocks, boxes = [], []
    for index, table in enumerate(page.find_tables()):
        rows = [row.cells for row in table.rows]
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a framed paragraph, not a table
        texts: list[list[_Cell | None]] = [
            [None if cell is None else _cell_text(words, cell, page_no) for cell in row] for row in rows
        ]
        # Ruling that frames running text (a border round the page, lines under every text line):
        # when most rows hold text in one cell only, the words are prose, not a table.
        filled = [sum(1 for cell in r if cell is not None and cell.text.strip()) for r in texts]
        if len(rows) >= 4 and sum(1 for f in filled if f >= 2) < 0.5 * sum(1 for f in filled if f >= 1):
            continue
        boxes.append(table.bbox)
        for r, row in enumerate(rows):
            cells: list[_Cell] = []
            columns = []
            for c, cell in enumerate(row):
                text = texts[r][c]
                if cell is None:
                    # Covered by a merged cell: repeat the cell above when it spans down to here.
                    above = next((k for k in range(r - 1, -1, -1) if c < len(rows[k]) and rows[k][c] is not None), None)
                    if above is None or rows[above][c][3] < _row_bottom(row) - 1:
                        continue
                    text = texts[above][c]
                cells.append(text or _Cell(""))
                columns.append(c)
            if any(cell.text for cell in cells):
                top = min(cell[1] for cell in row if cell is not None) if any(row) else table.bbox[1]
                location = SourceLocation(page=page_no, table=index, row=r, cells=tuple(columns))
                blocks.append(_Block(" | ".join(cell.text for cell in cells), location, top, cells))
    return blocks, boxes


def _row_bottom(row) -> float:
    return max(cell[3] for cell in row if cell is not None)


def _is_edge(line: _Line, height: float) -> bool:
    return line.top < _EDGE_ZONE * height or line.bottom > (1 - _EDGE_ZONE) * height


def _drop_running_lines(pages: list[list[_Line]], heights: list[float]) -> list[list[_Line]]:
    """Remove page numbers and the lines repeated at the same height at the edge of most pages."""
    def key(line: _Line) -> tuple[int, str]:
        return round(line.top / _SAME_Y), re.sub(r"\d+", "#", line.text)

    repeated = repeated_on_pages([{key(line) for line in lines if _is_edge(line, h)} for lines, h in zip(pages, heights)])
    page_number = layout().page_number
    kept = []
    for lines, h in zip(pages, heights):
        kept.append([
            line for line in lines
            if not (_is_edge(line, h) and (key(line) in repeated or page_number.fullmatch(line.text.strip())))
        ])
    return kept


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The text's left and right margins: where most lines start, and where the lines that start
    there end (the header block's right column does not count)."""
    if not lines:
        return 0.0, 0.0
    lefts = sorted(line.x0 for line in lines)
    left = lefts[len(lefts) // 10]
    body = [line.x1 for line in lines if line.x0 <= left + 4 * _INDENT and len(line.segments) == 1]
    rights = sorted(body) or sorted(line.x1 for line in lines)
    return left, rights[(len(rights) * 9) // 10]


def _header_rows(lines: list[_Line], width: float) -> tuple[list[_Block], int]:
    """The two-column header block of page 1 as " | " rows, and how many lines it used.

    Left column: issuer and "Số: …" (and "V/v …"); right column: motto and the date line.
    """
    lay = layout()
    head = lines[:16]
    date_at = next((i for i, l in enumerate(head) if lay.date_line.search(l.segments[-1] and _join_words(l.segments[-1]))), None)
    number_at = next((i for i, l in enumerate(head) if lay.number_line.match(_join_words(l.segments[0]))), None)
    if date_at is None and number_at is None:
        return [], 0
    anchor = head[number_at if number_at is not None else date_at]
    # The column boundary: just left of the motto "CỘNG HÒA XÃ HỘI …", which starts the right
    # column; else the middle of the page.
    motto = next((a for l in head for a, b in zip(l.words, l.words[1:])
                  if a.text.upper() == "CỘNG" and b.text.upper().startswith(("HÒA", "HOÀ"))), None)
    split = motto.x0 - 1 if motto and motto.x0 > width / 4 else width / 2
    end = max(i for i in (date_at, number_at) if i is not None) + 1
    # "V/v …" under the number belongs to the left cell of the second row.
    while end < len(lines) and lines[end].x1 < split and lines[end].page == anchor.page and end < 20:
        if not (lines[end].text.startswith("V/v") or end > 0 and lines[end - 1].text.startswith(("V/v", "v/v"))):
            break
        end += 1
    number_top = anchor.top - 1
    cells = {(r, c): [] for r in (0, 1) for c in (0, 1)}
    for line in lines[:end]:
        for word in line.words:
            if _RULE.fullmatch(word.text):
                continue
            row = 0 if line.top < number_top else 1
            col = 0 if (word.x0 + word.x1) / 2 < split else 1
            cells[row, col].append((line.top, word))
    blocks = []
    for row in (0, 1):
        texts = []
        for col in (0, 1):
            words = cells[row, col]
            grouped: dict[float, list[_Word]] = {}
            for top, word in words:
                grouped.setdefault(top, []).append(word)
            texts.append(" ".join(_join_words(sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(grouped.items())))
        if any(texts):
            top = min((t for c in (0, 1) for t, _ in cells[row, c]), default=0.0)
            blocks.append(_Block(cells_row(texts), SourceLocation(page=anchor.page), top))
    return blocks, end


def _signature_row(lines: list[_Line], width: float) -> tuple[list[_Block], int, int]:
    """The "Nơi nhận" list and the signature beside it as one " | " row, and the lines it spans."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].text.startswith("Nơi nhận")), None)
    if start is None:
        return [], 0, 0
    end = start + 1
    # The block runs to the end of its page, or to an appendix that starts on the same page.
    while end < len(lines) and lines[end].page == lines[start].page and not starts_part(lines[end].text):
        end += 1
    if end - start > 30:
        return [], 0, 0
    split = width / 2
    first = start
    # Signature titles that start just above "Nơi nhận" in the right column.
    while first > 0 and lines[first - 1].x0 > split and lines[first].page == lines[first - 1].page and start - first < 3:
        first -= 1
    # The right column starts at its first word right of the middle ("KT.", "TM.", "CHỦ TỊCH").
    right_starts = [w.x0 for line in lines[first:end] for w in line.words if w.x0 > split]
    if right_starts:
        split = min(right_starts) - 1
    left, right = [], []
    for line in lines[first:end]:
        for word in line.words:
            (left if word.x0 < split else right).append(word.text)
    text = " ".join(left) + (" | " + " ".join(right) if right else "")
    return [_Block(text, SourceLocation(page=lines[start].page), lines[first].top)], first, end


def _paragraphs(lines: list[_Line], margins: dict[int, tuple[float, float]]) -> list[_Block]:
    """Join wrapped lines into paragraphs; each paragraph keeps the page of its first line."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    # The usual gap between two lines of one paragraph: the low quartile, since documents with
    # many one-line paragraphs have more paragraph gaps than line gaps.
    gap = sorted(gaps)[len(gaps) // 4] if gaps else 4.0
    frames = {page: Frame(left, right, gap, _INDENT, _CENTRED) for page, (left, right) in margins.items()}
    blocks: list[_Block] = []
    for group in paragraphs(lines, lambda line: frames[line.page]):
        text = join_lines([" | ".join(_join_words(s) for s in l.segments) for l in group])
        blocks.append(_Block(text, SourceLocation(page=group[0].page), group[0].top))
    return blocks


def _open(path: Path):
    try:
        import pdfplumber
    except ImportError:
        raise InputError(str(path), "reading PDF needs pdfplumber: pip install pdfplumber") from None
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for one cause: the file is not a readable PDF
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        name = type(cause).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError(str(path), "is password-protected or encrypted; save an unprotected copy first") from None
        raise InputError(str(path), f"is not a readable PDF ({name}: {str(cause)[:80] or 'damaged'})") from None


def read_pdf(path: str | Path, encoding: str | None = None) -> RawText:
    """Read a PDF's text layer; return its text (one paragraph per line) with the page of each line.

    `encoding` forces how text is read: "tcvn3" or "vni" for every font, "unicode" for none; None
    converts words in fonts named .VnTime…/VNI-… and text that reads as a legacy code.

    Ví dụ: read_pdf("023_dt-thpt-kh-sinh-hoat-lich-su-signed.pdf").text.splitlines()[1]
    → "Số: 58/KH-THPTCL2 | Đồng Tháp, ngày 15 tháng 4 năm 2026".
    """
    p = Path(path)
    check_file(p)
    data = p.read_bytes()
    started = time.monotonic()
    forced = encoding.lower() if encoding else None
    if forced and forced not in (*legacy.ENCODINGS, "unicode", "utf-8"):
        raise InputError(str(path), f"unknown encoding {encoding!r} for a PDF; expected tcvn3, vni or unicode")
    used: Counter = Counter()
    pages: list[list[_Line]] = []
    tables: list[list[_Block]] = []
    sizes: list[tuple[float, float]] = []
    with _open(p) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(str(path), f"has {len(pdf.pages)} pages, over the {MAX_PAGES}-page limit")
        for number, page in enumerate(pdf.pages, start=1):
            try:
                words = _page_words(page, forced, used)
                table_blocks, boxes = _tables(page, words, number) if words else ([], [])
            except Exception as exc:  # a damaged page stream: pdfminer has no single error type
                raise InputError(str(path), f"page {number} cannot be read ({type(exc).__name__})") from None
            prose = [w for w in words if not any(_inside(w, box) for box in boxes)]
            pages.append(_group_lines(prose, number))
            tables.append(table_blocks)
            sizes.append((page.width, page.height))
            page.close()
            if time.monotonic() - started > TIMEOUT_SECONDS:
                raise InputError(str(path), f"took over {TIMEOUT_SECONDS:.0f} s to read (stopped at page {number} of {len(pdf.pages)})")
    letters = sum(c.isalpha() for lines in pages for l in lines for c in l.text)
    letters += sum(c.isalpha() for blocks in tables for b in blocks for c in b.text)
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        raise InputError(str(path), SCANNED)
    pages = _drop_running_lines(pages, [h for _, h in sizes])
    blocks = _assemble(pages, tables, sizes)
    text = "\n".join(b.text for b in blocks)
    conversions = ["pdf→text"]
    found = None if forced else legacy.detect(text)
    if found and not used:
        # Legacy text in fonts with other names: convert it all.
        text = legacy.to_unicode(text, found)
        blocks = [_Block(legacy.to_unicode(b.text, found), b.location) for b in blocks]
        used[found] += 1
    if legacy.vietnamese_share(text) < MIN_VIETNAMESE_SHARE:
        raise InputError(str(path), SCANNED)
    read_as = "pdf"
    if used:
        read_as = "+".join(enc for enc in legacy.ENCODINGS if used[enc])
        conversions += [f"{enc}→unicode" for enc in legacy.ENCODINGS if used[enc]]
    return RawText(p.name, "pdf", hashlib.sha256(data).hexdigest(), read_as, text, tuple(conversions),
                   tuple(b.location for b in blocks))


def _join_split_rows(blocks: list[_Block]) -> list[_Block]:
    """A table row cut by a page break continues as the first row on the next page (`_continues`):
    put its cell texts back into the row above. A tall row (a saved web page pasted into one table
    row) may run over several pages."""
    out: list[_Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.cells and block.cells and block.location.row == 0
                and block.location.page == (prev.last_page or prev.location.page or 0) + 1
                and len(block.cells) == len(prev.cells) and _continues(prev.cells, block.cells)):
            prev.cells = [_continue_cell(a, b) for a, b in zip(prev.cells, block.cells)]
            prev.text = " | ".join(cell.text for cell in prev.cells)
            prev.last_page = block.location.page
            continue
        out.append(block)
    return out


def _continues(above: list[_Cell], below: list[_Cell]) -> bool:
    """Whether the first row of a page goes on with the last row of the page before: its first
    cell is empty (a row has its number there), or a cell goes on mid-word or mid-sentence
    ("… BẮC NIN" / "H …", "… các sở," / "ban, ngành …"), or in the middle of the national motto.
    """
    if not below[0].text.strip():
        return True
    for a, b in zip(above, below):
        # The national motto is printed whole: "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM …".
        if b.text and re.search(r"CỘNG\s+H[OÒ][AÀ]\b", a.text, re.I) and not layout().motto[0].search(a.text):
            return True
        if not a.text or not b.text:
            continue
        head, tail = a.text.rsplit(" ", 1)[-1], b.text.split(" ", 1)[0]
        if broken_word(head, tail, a.room, b.lead) or (tail[:1].islower() and not head.endswith(_SENTENCE_END)):
            return True
    return False


_SENTENCE_END = (".", ";", ":", "!", "?")


def _continue_cell(above: _Cell, below: _Cell) -> _Cell:
    """A cell's text before a page break and after it; a word cut at the break is whole again."""
    if not above.text or not below.text:
        return _Cell(above.text or below.text, below.room if below.text else above.room, above.lead or below.lead)
    head, tail = above.text.rsplit(" ", 1)[-1], below.text.split(" ", 1)[0]
    if broken_word(head, tail, above.room, below.lead):
        return _Cell(above.text + below.text, below.room, above.lead)
    return _Cell(join_lines([above.text, below.text]), below.room, above.lead)


def _assemble(pages: list[list[_Line]], tables: list[list[_Block]], sizes) -> list[_Block]:
    """Header rows, paragraphs and table rows in reading order."""
    margins = {i + 1: _margins(lines) for i, lines in enumerate(pages)}
    blocks: list[_Block] = []
    lines = [line for page in pages for line in page]
    head: list[_Block] = []
    # A header block set as a ruled table is read with the tables; the prose under it has no
    # header to look for (a "ngày … tháng … năm" in a "Căn cứ" line is not a date line).
    header_in_table = bool(tables) and any(_MOTTO_START.search(b.text) for b in tables[0])
    if lines and lines[0].page == 1 and not header_in_table:
        head, used = _header_rows(lines, sizes[0][0])
        lines = lines[used:]
    tail, first, end = _signature_row(lines, sizes[-1][0]) if lines else ([], 0, 0)
    after: list[_Line] = []
    if tail:
        lines, after = lines[:first], lines[end:]
    blocks.extend(head)
    # Paragraphs are rebuilt over the whole document (they cross page breaks); table rows are then
    # slotted in before the first paragraph that starts below them on their page.
    prose = _paragraphs(lines, margins) + tail + _paragraphs(after, margins)
    rows = sorted((b for page in tables for b in page), key=lambda b: (b.location.page, b.top))
    merged: list[_Block] = []
    for block in prose:
        while rows and (rows[0].location.page, rows[0].top) < (block.location.page, block.top):
            merged.append(rows.pop(0))
        merged.append(block)
    merged.extend(rows)
    blocks.extend(_join_split_rows(merged))
    return [b for b in blocks if b.text.strip()]
