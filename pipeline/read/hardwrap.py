"""Hard-wrapped text → the canonical line layout: text given by pdftotext or copied out of a PDF
viewer, which keeps the printed lines rather than the paragraphs.

Such text has one printed line per line: paragraphs, headings and list items wrapped at the page
width, Word's numbering labels alone on their line ("1." / "" / "Mục đích"), the header's two
columns interleaved ("VĂN PHÒNG CHÍNH PHỦ ------Số: 636/TB-VPCP" / "THÔNG BÁO" / "CỘNG HÒA XÃ
HỘI CHỦ NGHĨA" / "VIỆT NAM Độc lập - Tự do - Hạnh" / "phúc ------Hà Nội, ngày 24 tháng 11 năm
2025"), pages separated by form feeds, page numbers.

`looks_wrapped(lines)` tells such text from plain text (one paragraph a line) by two signs that
plain text does not show: nearly every line is about as long as a printed line, and many lines
end mid-sentence with the next one going on in lower case. It answers "no" when in doubt, since
reflowing plain text would damage it.

`unwrap(text)` then rebuilds the canonical layout: the header block as its " | " rows (via
`reflow.header_parts`), page numbers and running lines dropped, paragraphs rejoined by the same
decisions as the PDF reader's (`reflow.starts_paragraph`), fed with widths in ems estimated
from Times New Roman's character widths (`data/char_widths.yaml`), rows of the file as the
vertical position (a blank line is a gap), and form feeds as page breaks. A ruled table, which
pdftotext writes out of its rows, is rebuilt row by row by `cells.rebuild` where the numbers of
its first column allow, or cell by cell by `cells.tall_row` where one row runs over many pages,
else kept on one line. The "Nơi nhận" list and the signature beside it, which pdftotext may
interleave line by line, are taken apart. Each line of the result records the line of the file
it starts on.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.pipeline.read import cells
from kehoach.pipeline.read.reflow import (
    Frame, header_parts, header_rows, is_caps, join_lines, layout, paragraphs, repeated_on_pages, starts_part,
)

# Detection. Printed lines of A4 text are 60–110 characters; plain text puts a paragraph on a line.
_MIN_LINES = 10  # fewer non-blank lines than this: too little to tell, taken as plain text
_MAX_PRINTED = 160  # the longest lines (90th percentile) of hard-wrapped text are at most this long
_MIN_RUNS = 5  # at least this many lines end mid-sentence with the next line in lower case …
_MIN_RUN_SHARE = 0.12  # … and at least this share of the lines
_HEAD_LINES = 16  # the header block lies within this many non-blank lines at the top
_COLUMN_WIDTH = 0.75  # a block whose lines all end before this share of the text width is set in a column
_CELL_WIDTH = 0.55  # a table cell's lines end before this share of the text width
_TABLE_BLOCKS = 4  # a table is at least this many cells in a row
_RUNNING_TOP, _RUNNING_FOOT = 1, 2  # running headers and footers are among these first and last lines of a page

# Measurements in ems. Estimated widths are a few per cent off (kerning, justified spaces), so
# "the next word would have fitted" asks for this much room beyond the word.
_SLACK = 0.03  # share of the text width
_INDENT = 2.0  # a line starting this far right of the others is indented
_LABEL_TAB = 2.5  # a label's text starts at the next tab stop (half an inch: 2.5 ems at 14 pt)
_CENTRED = 1.0

_BREAK = re.compile(r"\r\n|\r|\n")
_ENDS_SENTENCE = (".", ";", ":", "!", "?")


@dataclass
class TextLine:
    """One printed line of hard-wrapped text, measured in ems (the fields of `reflow.Printed`)."""

    text: str
    number: int  # 1-based line of the file
    page: int
    row: int  # rows down the page, blank lines included
    x0: float
    x1: float
    first_width: float
    size: float = 1.0
    bold: bool = False
    columns: int = 1

    @property
    def top(self) -> float:
        return float(self.row)

    @property
    def bottom(self) -> float:
        return float(self.row + 1)


@dataclass(frozen=True)
class Unwrapped:
    """Hard-wrapped text in the canonical layout, and the file line each of its lines starts on."""

    text: str
    lines: tuple[int, ...]
    # For a line whose cells run over many file lines of their own (a row taller than many pages),
    # each cell's offset in the line and its printed lines with their file lines; () otherwise.
    cells: tuple[tuple[tuple[int, tuple[tuple[int, str], ...]], ...], ...] = ()


@lru_cache(maxsize=1)
def _widths() -> dict[str, float]:
    data = yaml.safe_load((Path(__file__).with_name("data") / "char_widths.yaml").read_text(encoding="utf-8"))
    table = {c: w / 1000 for group in ("lower", "upper", "other") for c, w in data[group].items()}
    table.update({str(d): data["digits"] / 1000 for d in range(10)})
    table[""] = data["default"] / 1000
    return table


def _char_width(c: str, table: dict[str, float]) -> float:
    width = table.get(c)
    if width is None:
        # A letter with marks is as wide as its base letter: "ộ" → "o"; "đ" has no decomposition.
        base = {"đ": "d", "Đ": "D"}.get(c) or unicodedata.normalize("NFD", c)[:1]
        width = table.get(base, table[""])
        table[c] = width
    return width


def text_width(text: str) -> float:
    """The printed width of `text` in ems of Times New Roman, estimated from its characters.

    Ví dụ: text_width("KẾ HOẠCH") ≈ 5.2, text_width("kế hoạch") ≈ 3.7.
    """
    table = _widths()
    for c in set(text).difference(table):
        _char_width(c, table)  # learn a letter with marks once
    return sum(map(table.__getitem__, text))


def looks_wrapped(lines: list[str]) -> bool:
    """True when `lines` (a text's lines) are printed lines rather than paragraphs.

    Ví dụ: pdftotext's output of a plan → True; the plan as a portal publishes it → False.
    """
    # Cheap tests first: plain text fails them at once (a paragraph a line is long).
    long = sum(len(line) > _MAX_PRINTED for line in lines)
    if long > 0.1 * len(lines) or len(lines) < _MIN_LINES:
        return False
    filled = [line for line in lines if line.strip()]
    prose = [line.strip() for line in filled if " | " not in line and "\t" not in line]
    if len(prose) < _MIN_LINES or len(prose) < 0.8 * len(filled):
        return False  # table rows: a converter's layout, not printed lines
    lengths = sorted(len(line) for line in prose)
    if lengths[(len(lengths) * 9) // 10] > _MAX_PRINTED:
        return False
    runs, prev = 0, ""
    for line in lines:
        line = line.replace("\x0c", "").strip()
        if prev and line[:1].islower() and not prev.endswith(_ENDS_SENTENCE) and " | " not in prev + line:
            runs += 1
        prev = line
    return runs >= max(_MIN_RUNS, _MIN_RUN_SHARE * len(prose))


def unwrap(text: str) -> Unwrapped | None:
    """`text` with its paragraphs rebuilt, or None when it is not hard-wrapped.

    Ví dụ: "I.\\n\\nMỤC ĐÍCH, YÊU CẦU\\n\\n1.\\n\\nMục đích\\n\\n- Cụ thể hóa nhiệm vụ, giải pháp chủ yếu
    đề ra tại Nghị quyết số 57-NQ/TW\\nngày 22/12/2024 …" → "I. MỤC ĐÍCH, YÊU CẦU\\n1. Mục đích\\n- Cụ
    thể hóa nhiệm vụ, giải pháp chủ yếu đề ra tại Nghị quyết số 57-NQ/TW ngày 22/12/2024 …".
    """
    physical = _BREAK.split(text)
    if not looks_wrapped(physical):
        return None
    pages = _pages(physical)
    pages = [_label_first_line(page) for page in _drop_running_lines(pages)]
    out: list[tuple[str, int]] = []
    spans: dict[int, tuple[tuple[tuple[int, str], ...], ...]] = {}  # line of `out` → its cells' printed lines
    body = [line for page in pages for line in page]
    head = _header(body)
    if head is not None:
        rows, body = head
        out.extend(rows)
    body = [line for line in body if line[2]]
    measured = _measure(body)
    frame = _frame(measured)
    for line in measured:
        if line.x1 > frame.right + frame.slack:
            line.text = _restore_hyphen(line.text, frame.right + frame.slack)
    groups: list[tuple[list[TextLine], bool]] = []  # (lines, whether they are a table's cells)
    for span, is_table in _table_spans(measured, frame):
        if is_table:
            groups.append((span, True))
        else:
            frames = _column_frames(span, frame)
            groups.extend((group, False) for group in paragraphs(span, lambda line: frames.get(id(line), frame)))
    for group, is_table in _signature_beside_recipients(_untangle_signature(groups)):
        if is_table:
            blocks = _blocks(group)
            rows = cells.rebuild(blocks, text_width, text_width(" "))
            if rows is None:
                cell_lines: dict[int, tuple[tuple[tuple[int, str], ...], ...]] = {}
                rows = cells.tall_row(blocks, text_width, text_width(" "), cell_lines)
                for k, numbers in cell_lines.items():
                    spans[len(out) + k] = numbers
            if rows is not None:
                # pdftotext drops the hyphen that ends a line: "228/CĐ-" / "TTg" → "228/CĐTTg".
                out.extend((" ".join(map(_restore_symbol, text.split(" "))), number) for text, number in rows)
                continue
            # The cells in the order of the copy, one per block: rows cannot be told apart.
            texts = [join_lines([line.text for line in block]) for block in _blocks(group)]
            out.append((" | ".join(texts), group[0].number))
        else:
            out.append((join_lines([line.text for line in group]), group[0].number))
    return Unwrapped("\n".join(t for t, _ in out), tuple(n for _, n in out),
                     tuple(_cell_offsets(t, spans.get(i, ())) for i, (t, _) in enumerate(out)))


def _cell_offsets(text: str, cells_lines: tuple[tuple[tuple[int, str], ...], ...]):
    """Each cell's offset in the row `text` with its printed lines, or () when the cells are not
    known one by one."""
    offsets = [0] + [m.end() for m in re.finditer(r" \| ", text)]
    return tuple(zip(offsets, cells_lines)) if cells_lines and len(offsets) == len(cells_lines) else ()


# A physical line: (page, file line number, text); blank lines keep their place as rows.
_Physical = tuple[int, int, str]


def _pages(physical: list[str]) -> list[list[_Physical]]:
    """The file's lines by page: a form feed starts a page; vertical tabs are spaces."""
    pages: list[list[_Physical]] = [[]]
    for number, line in enumerate(physical, start=1):
        if "\x0c" in line:
            if any(t.strip() for _, _, t in pages[-1]):
                pages.append([])
            line = line.replace("\x0c", "")
        pages[-1].append((len(pages), number, line.replace("\x0b", " ").rstrip()))
    return [page for page in pages if page]


def _edges(page: list[_Physical], top: int = 1, foot: int = 1) -> list[int]:
    """Indexes of the first `top` and last `foot` non-blank lines of a page."""
    filled = [i for i, (_, _, t) in enumerate(page) if t.strip()]
    return sorted(set(filled[:top] + filled[-foot:])) if filled else []


def _label_first_line(page: list[_Physical]) -> list[_Physical]:
    """A page with each heading's first line put back after its label, where pdftotext wrote the
    label's column first: the label and the heading's last lines, wrapped under the label at the
    margin, then the first line, set after the label's tab ("4." / "thể" / "" / "Đề nghị Ủy ban
    Mặt trận Tổ quốc Việt Nam thành phố và các Đoàn" → "4." / "Đề nghị … các Đoàn" / "thể")."""
    label, marker = layout().label_alone, layout().new_paragraph
    out = list(page)
    i = 0
    while i < len(out) - 3:
        if not label.fullmatch(out[i][2].strip()):
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j][2].strip()[:1].islower() and not marker.match(out[j][2].strip()):
            j += 1
        # wrapped lines i+1 … j-1, a blank line, then the first line alone in its block
        if (j > i + 1 and j + 1 < len(out) and not out[j][2].strip() and out[j + 1][2].strip()[:1].isupper()
                and (j + 2 == len(out) or not out[j + 2][2].strip())):
            # The texts change places; the lines keep their file numbers (the paragraph is found
            # at its label's line), so rows still go down the page.
            texts = [out[j + 1][2], *(t for _, _, t in out[i + 1:j]), out[j][2]]
            out[i + 1:j + 2] = [(p, n, t) for (p, n, _), t in zip(out[i + 1:j + 2], texts)]
            i = j + 2
        else:
            i += 1
    return out


def _drop_running_lines(pages: list[list[_Physical]]) -> list[list[_Physical]]:
    """Blank out page numbers at a page's edge, and the lines repeated near the top or foot of
    most pages (running headers and footers; a copy may put a footer before the last table cells
    of its page)."""
    def key(text: str) -> str:
        # The same words; a page number that ends the line may change ("Kế hoạch 12/KH-UBND - Trang 3").
        return re.sub(r"\d+(?:\s*/\s*\d+)?\W*$", "#", text.strip())

    # Words, not items: "6." and "27." at the foot of two pages are both "#.", and an item such as
    # "- Thời gian thực hiện: Năm 2026." may well end several pages.
    lay = layout()

    def running(text: str) -> bool:
        text = text.strip()
        return sum(c.isalpha() for c in text) >= 4 and not (lay.new_paragraph.match(text) or lay.label_alone.fullmatch(text))

    near = [[i for i in _edges(page, _RUNNING_TOP, _RUNNING_FOOT) if running(page[i][2])] for page in pages]
    repeated = repeated_on_pages([{key(page[i][2]) for i in ids} for page, ids in zip(pages, near)])
    page_number = layout().page_number

    def number_at(text: str) -> int | None:
        # "2" or "- 3 -" at a page's edge, not "2025" ending a sentence on the last line of a page.
        if not page_number.fullmatch(text):
            return None
        value = int(re.search(r"\d+", text).group(0))
        return value if value <= len(pages) + 1 else None

    # Page numbers go with the pages: a number at a page's edge is the page's own when it is the
    # page's number (or one off, for a first page left unnumbered) and about every other page
    # shows its number so. A table's rows "2" and "3" atop pages 12 and 13 are no page numbers.
    offsets = Counter(value - page[0][0] for page in pages for i in _edges(page)
                      if (value := number_at(page[i][2].strip())) is not None)
    numbered = {o for o, n in offsets.items() if abs(o) <= 1 and n >= max(1, (len(pages) - 1) // 2)}
    offset = max(numbered, key=lambda o: offsets[o], default=None)

    def numbers_a_page(text: str, page_no: int) -> bool:
        value = number_at(text)
        return value is not None and offset is not None and value - page_no == offset

    kept = []
    for page, ids in zip(pages, near):
        drop = {i for i in ids if key(page[i][2]) in repeated}
        drop |= {i for i in _edges(page) if numbers_a_page(page[i][2].strip(), page[0][0])}
        kept.append([(p, n, "" if i in drop else t) for i, (p, n, t) in enumerate(page)])
    return kept


def _header(lines: list[_Physical]) -> tuple[list[tuple[str, int]], list[_Physical]] | None:
    """The header block at the top as canonical rows (each with its file line), and the lines
    after it; None when the top of the text is not a header block."""
    top: list[_Physical] = []
    filled = 0
    for line in lines:
        if line[0] != 1 or filled >= _HEAD_LINES:
            break
        top.append(line)
        filled += bool(line[2].strip())
    zone = "\n".join(t for _, _, t in top)
    parts = header_parts(zone)
    if parts is None:
        return None
    starts, at = [], 0
    for _, number, t in top:
        starts.append((at, number))
        at += len(t) + 1

    def line_of(offset: int) -> int:
        return max(n for at, n in starts if at <= offset)

    # "Số: 1661/NQ-" / "UBTVQH15" glued by pdftotext.
    parts = replace(parts, number=" ".join(_restore_symbol(w) for w in parts.number.split(" ")))
    rows = [(text, line_of(parts.starts[name])) for name, text in header_rows(parts)]
    rows += [(getattr(parts, name), line_of(parts.starts[name])) for name in ("draft", "doc_type") if getattr(parts, name)]
    used = sum(1 for at, _ in starts if at < parts.end)
    rest = lines[used:]
    # What follows the last part on its line (rare) stays as a line of the body.
    tail = zone[parts.end:].split("\n", 1)[0].strip()
    if tail:
        page, number, _ = lines[used - 1]
        rest = [(page, number, tail), *rest]
    return rows, rest


def _measure(lines: list[_Physical]) -> list[TextLine]:
    out: list[TextLine] = []
    row, last = 0, None
    label = layout().label_alone
    for page, number, text in lines:
        # Rows count the blank lines between two lines of a page: a blank line is a gap.
        row = row + 1 if last is None or last[0] != page else row + (number - last[1])
        stripped = text.strip()
        x0 = text_width(text[: len(text) - len(text.lstrip())])
        if out and label.fullmatch(out[-1].text):
            x0 += _LABEL_TAB  # the text of a label printed alone ("28." / "Quyết định số …") stood after it
        first = stripped.split(" ", 1)[0]
        out.append(TextLine(stripped, number, page, row, x0, x0 + text_width(stripped), text_width(first)))
        last = (page, number)
    return out


_YEARS = re.compile(r"((?:19|20)\d\d)((?:19|20)\d\d)(\W*)")  # "20252030;"
_YEAR = re.compile(r"(?:19|20)\d\d")
_STATE_SYMBOL = re.compile(r"(\(?\d+(?:/\d{4})?/)([^\W\d_]+)([^\s]*)")  # "1132/QĐTTg", "24/2018/TTBNNPTNT"
_PARTY_SYMBOL = re.compile(r"(\(?\d+)([^\W\d_]+)(/[^\s]+)")  # "10CTr/TU", "328KH/TU,"


def _restore_hyphen(text: str, right: float) -> str:
    """The line with the hyphen put back that pdftotext dropped when it glued the next printed
    line on; `text` is wider than a printed line, and the glued word is the last one that started
    before the right margin.

    Ví dụ: "… Quyết định số 1132/QĐTTg ngày 09/10/2024 của Thủ tướng Chính phủ …" → "… 1132/QĐ-TTg …";
    "thời kỳ 20252030; Kế hoạch …" → "thời kỳ 2025-2030; Kế hoạch …"; "nhiệm kỳ 2026 2031; mở …" →
    "nhiệm kỳ 2026 - 2031; mở …".
    """
    words = text.split(" ")
    x, at = 0.0, None
    for i, word in enumerate(words):
        if x > right:
            break
        at = i
        x += text_width(word + " ")
    if at is None:
        return text
    word = words[at]
    m = _YEARS.fullmatch(word)
    if m and m.group(1) < m.group(2):
        words[at] = f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    elif _YEAR.fullmatch(word) and at + 1 < len(words) and _YEAR.match(words[at + 1]) and words[at + 1][:4] > word:
        words[at] = f"{word} -"  # "2026 -" / "2031" lost its dash, not only the line break
    elif _YEAR.match(word) and at > 0 and _YEAR.fullmatch(words[at - 1]) and word[:4] > words[at - 1]:
        words[at - 1] = f"{words[at - 1]} -"  # the same, the glued year starting before the margin
    else:
        words[at] = _restore_symbol(word)
    return " ".join(words)


def _restore_symbol(word: str) -> str:
    """A document symbol with the hyphen after its type code put back, or `word` unchanged.

    Ví dụ: "1132/QĐTTg" → "1132/QĐ-TTg"; "10CTr/TU" → "10-CTr/TU"; "1132/QĐ-TTg" and "5G/IoT" unchanged.
    """
    types = layout().symbol_types
    if m := _STATE_SYMBOL.fullmatch(word):
        code = next((c for c in types if m.group(2).startswith(c) and m.group(2)[len(c):][:1].isupper()), None)
        if code:
            return f"{m.group(1)}{code}-{m.group(2)[len(code):]}{m.group(3)}"
    elif (m := _PARTY_SYMBOL.fullmatch(word)) and m.group(2) in types:
        return f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    return word


def _blocks(lines: list[TextLine]) -> list[list[TextLine]]:
    """Runs of lines with no blank line or page break between them (pdftotext's text blocks)."""
    blocks: list[list[TextLine]] = []
    for line in lines:
        if blocks and blocks[-1][-1].page == line.page and line.row == blocks[-1][-1].row + 1:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _column_frames(lines: list[TextLine], frame: Frame) -> dict[int, Frame]:
    """Frames for the lines of blocks set in a narrow column (a "Nơi nhận" list beside the
    signature, with or without its heading): their own right margin is their longest line, so
    that "… Mặt trận Tổ quốc" / "Việt Nam; - Kiểm toán nhà nước" runs on."""
    frames: dict[int, Frame] = {}
    narrow = frame.left + _COLUMN_WIDTH * (frame.right - frame.left)
    for block in _blocks(lines):
        wrapped = any(b.text[:1].islower() and not a.text.endswith(_ENDS_SENTENCE) for a, b in zip(block, block[1:]))
        # pdftotext glues on the line after one that ends in "-" ("… nhà nước; -" / "Các Bộ …"):
        # most lines, not all, show the column.
        inside = [line.x1 for line in block if line.x1 <= narrow]
        if len(block) >= 3 and wrapped and len(inside) >= 0.75 * len(block):
            right = max(inside)
            column = replace(frame, right=right, slack=_SLACK * (right - frame.left))
            frames.update((id(line), column) for line in block)
    return frames


def _table_spans(lines: list[TextLine], frame: Frame) -> list[tuple[list[TextLine], bool]]:
    """The lines cut into prose and tables, in order.

    pdftotext writes a ruled table's cells one block each, column by column within bands of rows
    ("STT" / "I" / "1" / "NHIỆM VỤ" / "VÀ GIẢI" / "PHÁP" / …): a run of at least four blocks of
    narrow lines, two of them wrapped inside their cell, is a table. Labels, the text after a
    label, "Nơi nhận", signatures and appendix titles are never cells.
    """
    lay = layout()
    blocks = _blocks(lines)
    narrow = frame.left + _CELL_WIDTH * (frame.right - frame.left)

    def fits(k: int) -> bool:
        return 0 <= k < len(blocks) and all(line.x1 <= narrow for line in blocks[k])

    def cell(k: int) -> bool:
        block, first = blocks[k], blocks[k][0].text
        if len(block) >= cells.FULL_PAGE and fits(k):
            return True  # a page of a column a few letters wide, whatever its first line holds ("II." …)
        if lay.label_alone.fullmatch(first) or starts_part(first):
            return False
        # A signature between two cells is a cell too (a page pasted into one table row).
        if lay.block_start.match(first) and not (fits(k - 1) and fits(k + 1)):
            return False
        if k > 0 and len(blocks[k - 1]) == 1 and lay.label_alone.fullmatch(blocks[k - 1][0].text):
            return False
        return fits(k)

    spans: list[tuple[list[TextLine], bool]] = []
    k = 0
    while k < len(blocks):
        end = k
        while end < len(blocks) and cell(end):
            end += 1
        run = blocks[k:end]
        if len(run) >= _TABLE_BLOCKS and sum(len(b) >= 2 for b in run) >= 2:
            table = [line for b in run for line in b]
            # The first column's heading and first numbers, run on under the table's title
            # ("(Ban hành kèm theo Kế hoạch số 552/KH-UBND …)" / "STT" / "I"), belong to the table.
            if spans and not spans[-1][1]:
                before = spans[-1][0]
                labels = 0
                while (labels < len(before) - 1 and before[-1 - labels].page == table[0].page
                       and cells.is_label(before[-1 - labels].text.strip())):
                    labels += 1
                if labels:
                    table = before[len(before) - labels:] + table
                    del before[len(before) - labels:]
            spans.append((table, True))
            k = end
            continue
        chunk = [line for b in blocks[k:max(end, k + 1)] for line in b]
        if spans and not spans[-1][1]:
            spans[-1][0].extend(chunk)
        else:
            spans.append((chunk, False))
        k = max(end, k + 1)
    return spans


_RECIPIENTS = ("Nơi nhận", "NƠI NHẬN")
_NAME_WORDS = 4  # a signer's name has at most this many words ("Hồ Thị Nguyên Thảo")
_NOT_IN_SIGNATURE = re.compile(r"[,;:()/\-–]")  # a signature holds titles and a name, no list punctuation


def _untangle_signature(groups: list[tuple[list[TextLine], bool]]) -> list[tuple[list[TextLine], bool]]:
    """The "Nơi nhận" list and the signature beside it, taken apart where pdftotext interleaved
    their lines by height ("Nơi nhận: - Ban Thi đua - Khen" / "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào" /
    "thưởng Trung ương (b/c); - TT. Tỉnh" / "Mỹ"): from its formula on, the signature's lines are
    titles in capitals, then the signer's name, every word capitalised and no list punctuation;
    the other lines go on with the list. The list comes first, then the signature."""
    starts = [i for i, (g, table) in enumerate(groups) if not table and g[0].text.startswith(_RECIPIENTS)]
    if not starts:
        return groups
    at = starts[-1]
    page = groups[at][0][0].page
    end = at + 1
    while end < len(groups) and not groups[end][1] and not starts_part(groups[end][0][0].text):
        first = groups[end][0][0]
        # Over a page break only what goes on: the list in lower case or "- …", a name's rest.
        if first.page != page and not (first.page == page + 1 and (
                first.text[:1].islower() or first.text.startswith("-") or _signature_words(first.text))):
            break
        end += 1
    lines = [line for group, _ in groups[at:end] for line in group]
    formula = layout().block_start
    sign = next((k for k, line in enumerate(lines) if k and formula.match(line.text)
                 and not line.text.startswith(_RECIPIENTS)), None)
    if sign is None:
        return groups
    recipients, signature = lines[:sign], [lines[sign]]
    name = _name_words(lines[sign].text)
    for line in lines[sign + 1:]:
        takes = (len(name) < _NAME_WORDS and _signature_words(line.text)
                 and (not name or not all(is_caps(w) for w in line.text.split())))
        if takes:
            signature.append(line)
            name = _name_words(" ".join(l.text for l in signature))
        else:
            recipients.append(line)
    if not any(signature[0].number < line.number < signature[-1].number for line in recipients):
        return groups  # the columns were not interleaved
    return [*groups[:at], (recipients, False), (signature, False), *groups[end:]]


def _signature_words(text: str) -> bool:
    """A line that may belong to a signature: capitalised words, no list punctuation ("Mỹ",
    "TỊCH Trương Cảnh Tuyên"); never "ủy; TT. HĐND tỉnh (b/c); - CT, PCT"."""
    words = text.split()
    return bool(words) and not _NOT_IN_SIGNATURE.search(text) and all(w[:1].isupper() for w in words)


def _name_words(signature: str) -> list[str]:
    """The words of the signer's name at the end of a signature: those not in capitals."""
    words = signature.split()
    k = len(words)
    while k and not is_caps(words[k - 1]) and words[k - 1][:1].isupper():
        k -= 1
    return words[k:]


def _signature_beside_recipients(groups: list[tuple[list[TextLine], bool]]) -> list[tuple[list[TextLine], bool]]:
    """The signature back under the "Nơi nhận" list it stands beside: text copied out of a PDF
    gives the left column first, so a heading below both ("PHỤ LỤC", the "KẾ HOẠCH" a Quyết định
    issues) may come between them."""
    signature = layout().block_start
    starts = [i for i, (g, _) in enumerate(groups) if g[0].text.startswith(("Nơi nhận", "NƠI NHẬN"))]
    if not starts:
        return groups
    at = starts[-1]
    page = groups[at][0][0].page
    for j in range(at + 1, len(groups)):
        first = groups[j][0][0]
        if first.page != page:
            break
        if signature.match(first.text) and not first.text.startswith(("Nơi nhận", "NƠI NHẬN")):
            return [*groups[:at + 1], groups[j], *groups[at + 1:j], *groups[j + 1:]]
    return groups


def _frame(lines: list[TextLine]) -> Frame:
    """Margins of the text: where lines start, and where the lines that run on into a lower-case
    line end (those were full)."""
    if not lines:
        return Frame(0.0, 1.0, 0.0, _INDENT, _CENTRED)
    lefts = sorted(line.x0 for line in lines)
    left = lefts[len(lefts) // 10]
    # Lines of a table's narrow columns run on too; where tables fill most of the text they
    # would set the margin (a column's width), so only lines longer than half a printed line
    # count. A printed line: the long lines' usual length (pdftotext glues a few lines into
    # longer ones; a table's lines are far shorter).
    longest = max(line.x1 for line in lines)
    long = sorted(line.x1 for line in lines if line.x1 >= 0.3 * longest)
    widest = long[(len(long) * 9) // 10]
    full = [a.x1 for a, b in zip(lines, lines[1:])
            if a.page == b.page and b.row == a.row + 1 and b.text[:1].islower() and not a.text.endswith(_ENDS_SENTENCE)
            and a.x1 > widest / 2]
    rights = sorted(full) or sorted(line.x1 for line in lines)
    right = rights[(len(rights) * 9) // 10]
    return Frame(left, right, 0.0, _INDENT, _CENTRED, slack=_SLACK * (right - left))
