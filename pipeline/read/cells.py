"""A ruled table as pdftotext writes it, rebuilt into its rows.

pdftotext (without -layout) writes the text of a page block by block, a blank line between two
blocks, and a table's cells are blocks. For the assignment tables of administrative documents
(a narrow first column with the row numbers, a wide column with the duty, then short columns:
who leads, who supports, by when) it writes each page of the table in one order:

1. the numbers of the first column, top to bottom, one block each ("2", "3", "II", "1");
2. the wide column as one block: its cells touch one another, so their lines run together
   ("… kinh tế xã hội của tỉnh." / "Đề xuất giải pháp cải thiện …");
3. the short cells row after row, each row's cells left to right, leaving out empty ones
   ("Sở Tài chính", "Sở, ban, ngành có liên quan", "Thường xuyên", "Sở Tài chính", …).

A row that a page break cut goes on at the top of the next page: its wide cell opens the wide
block there (in lower case: "hội của tỉnh."), and the rest of its cut short cells come before the
rows that start on that page ("nghệ", "quan"). The header row ("STT", "NHIỆM VỤ VÀ GIẢI PHÁP",
"CHỦ TRÌ", "PHỐI HỢP", "THỜI GIAN") is the first row; parts ("I", "II") are rows with a title in
the wide column and no short cells.

`rebuild(blocks)` puts the cells back into rows ("1 | Rà soát … | Sở Tài chính | Sở, ban, ngành có
liên quan | Thường xuyên"): the numbers say how many rows start on each page, the wide block is cut
where its cells meet (a line the next word would have fitted on, a sentence end, capitals giving
way to lower case, before a capital, not after a capitalised word whose name goes on), and the
short cells are shared out, the same number for every numbered row. When the counts do not agree
(a cell merged over several rows, cells left empty), the rows are found from their time cells
(`_by_time`); when that shape does not fit either, the table is not rebuilt (None).

`tall_row(blocks)` reads the other shape this reader meets: one row taller than many pages (a
saved web page pasted into Word, printed), whose cells are chained page to page on the evidence
of their text (a word cut at a page's foot made whole at the next page's top, a sentence or a list
going on, capitals going on in capitals), and whose words, cut by columns a few letters wide, are
made whole by their letters alone (`reflow.broken_word`). An assignment table inside that row
(the page's appendix) is read row by row (`_Nested`): each page writes the numbers of the rows
that start on it, the duty column running on from row to row, then the rows' short cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import yaml

from kehoach.pipeline.read.legacy import is_syllable
from kehoach.pipeline.read.reflow import broken_word, is_caps, join_lines

ROW_LABEL = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[A-H])\.?")
"""A row's number in the first column: "1", "12.", "IV", "B"."""

HEADER_LABEL = re.compile(r"(?:STT|TT|Stt|Số TT|SỐ TT)")
"""The first column's heading."""

_PART_LABEL = re.compile(r"(?:[IVXLC]{1,6}|[A-H])\.?")  # a part of the table: its title spans the row
_MAX_SHORT = 8  # more short columns than this is no assignment table
_ENDS = (".", ";", ":", "!", "?")
_WORDS = re.compile(r"[^\W\d_]+")
_SLACK = 0.05  # share of a column's width by which estimated widths may be off


class Line(Protocol):
    """A printed line as the hard-wrap reader measures it (ems)."""

    text: str
    number: int
    page: int
    x1: float


@dataclass
class _Printed:
    """A printed line with part of its words taken out (`Line`)."""

    text: str
    number: int
    page: int
    x1: float


@dataclass
class _Row:
    label: str
    line: int  # the file line the row starts on
    wide: list[str]
    short: list[list[str]]  # each short cell's pieces, page after page


def is_label(text: str) -> bool:
    return bool(ROW_LABEL.fullmatch(text) or HEADER_LABEL.fullmatch(text))


def rebuild(blocks: Sequence[Sequence[Line]], width, space: float) -> list[tuple[str, int]] | None:
    """The rows of a table from pdftotext's blocks, each with the file line it starts on; None
    when the blocks do not fit the shape (module docstring).

    `width(text)` measures a text in the reader's units; `space` is the width of a space.
    """
    rows = _even(blocks, width, space)
    return rows if rows is not None else _by_time(blocks, width, space)


def _even(blocks: Sequence[Sequence[Line]], width, space: float) -> list[tuple[str, int]] | None:
    """The rows when every numbered row has the same number of short cells (module docstring)."""
    pages: dict[int, list[Sequence[Line]]] = {}
    for block in blocks:
        pages.setdefault(block[0].page, []).append(block)
    rows: list[_Row] = []
    short_columns = 0
    for number, page in enumerate(pages.values()):
        labels, k = [], 0
        while k < len(page) and all(is_label(line.text.strip()) for line in page[k]):
            labels.extend(page[k])
            k += 1
        if k >= len(page) or not labels and not rows:
            return None
        wide, shorts = page[k], page[k + 1:]
        first = wide[0].text.strip()[:1]
        goes_on = bool(rows) and not (first.isupper() or first.isdigit())
        pieces = _cut(wide, len(labels) + goes_on, width, space, goes_on)
        if pieces is None:
            return None
        if goes_on:
            rows[-1].wide.append(pieces.pop(0))
        new = [_Row(line.text.strip(), line.number, [piece], []) for line, piece in zip(labels, pieces)]
        header = number == 0 and bool(new) and bool(HEADER_LABEL.fullmatch(new[0].label))
        items = [row for row in new if not _PART_LABEL.fullmatch(row.label) or HEADER_LABEL.fullmatch(row.label)]
        if number == 0:
            # The header row names every short column: the first page has no cut row before it.
            if not items or len(shorts) % len(items):
                return None
            short_columns = len(shorts) // len(items)
            if not header or not 1 <= short_columns <= _MAX_SHORT:
                return None
        carried = len(shorts) - short_columns * len(items)
        if not 0 <= carried <= short_columns or (carried and not rows):
            return None
        if carried:
            _carry(rows[-1], [_text(b) for b in shorts[:carried]], short_columns)
        at = carried
        for row in items:
            row.short = [[_text(b)] for b in shorts[at: at + short_columns]]
            at += short_columns
        rows.extend(new)
    return [(" | ".join([row.label, join_lines(row.wide), *(join_lines(c) for c in row.short)]), row.line)
            for row in rows]


@lru_cache(maxsize=1)
def _data() -> dict:
    """The words of data/reflow.yaml that the table readers use, as read."""
    return yaml.safe_load((Path(__file__).with_name("data") / "reflow.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _columns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The headings of the lead and time columns and a time cell's opening."""
    data = _data()
    return re.compile(data["lead_column"]), re.compile(data["time_column"]), re.compile(data["time_cell"])


@lru_cache(maxsize=1)
def _list_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What qualifies a list of bodies, and the collective noun that ends one."""
    data = _data()
    return re.compile(data["list_qualifier"]), re.compile(data["collective_end"], re.I)


def _split_label(block: Sequence[Line]) -> str | None:
    """The row number glued under the last line of another cell ("… sau sự cố." / "2"), or None."""
    if len(block) >= 2 and ROW_LABEL.fullmatch(block[-1].text.strip()) and block[-2].text.strip().endswith(_ENDS):
        return block[-1].text.strip()
    return None


def _by_time(blocks: Sequence[Sequence[Line]], width, space: float) -> list[tuple[str, int]] | None:
    """The rows of a table whose rows do not all have the same short cells (a cell merged over
    several rows, a cell left empty), found from their time cells.

    Each page is written as in the module docstring: the numbers of the rows that start on it
    (one may be glued under the last line of a cell without a number, "… sau sự cố. 2"), the
    wide column as its tallest block, then the short cells row after row. Blocks between the
    numbers and the wide block belong to a row without a number and are left out. The header row
    names the short columns; a row's time cell ("Quý IV/2026", "Hằng năm.") is found by its
    words, and its cells from the lead column up to the time column are the ones before it. The
    time cells of a page go to the rows still waiting for theirs, the last ones to the rows that
    start on the page (those before are the rest of cells a page break cut). A row whose time
    cell is not found keeps its duty alone; None when the table has not this shape.
    """
    lead_heading, time_heading, time_cell = _columns()
    pages: dict[int, list[Sequence[Line]]] = {}
    for block in blocks:
        pages.setdefault(block[0].page, []).append(block)
    order = list(pages)
    first = pages[order[0]]
    if len(first) < 4 or not HEADER_LABEL.fullmatch(_text(first[0])) or is_label(_text(first[1])):
        return None
    header = _Row(_text(first[0]), first[0][0].number, [_text(first[1])], [])
    rows: list[_Row] = [header]
    lead_col = time_col = None
    waiting: list[_Row] = []
    for number, page_no in enumerate(order):
        page = pages[page_no][2:] if number == 0 else pages[page_no]
        labels: list[tuple[str, int]] = []
        k = 0
        while k < len(page):
            block = page[k]
            if all(is_label(line.text.strip()) for line in block):
                labels.extend((line.text.strip(), line.number) for line in block)
            elif all(ROW_LABEL.fullmatch(w) for line in block for w in line.text.split()):
                labels.extend((w, line.number) for line in block for w in line.text.split())  # "VI 1"
            elif (label := _split_label(block)) is not None and (labels or k == 0):
                labels.append((label, block[-1].number))
            else:
                break
            k += 1
        rest = page[k:]
        if not rest:
            return None
        w = max(range(len(rest)), key=lambda i: (len(rest[i]), -i))
        wide, shorts = rest[w], [_text(b) for b in rest[w + 1:]]
        if number == 0:
            if labels and any(not _PART_LABEL.fullmatch(l) for l, _ in labels):
                return None  # the first rows' cells would be among the header's
            header.short = [[s] for s in shorts]
            lead_col = next((i for i, s in enumerate(shorts) if lead_heading.search(s)), None)
            time_col = next((i for i, s in enumerate(shorts) if time_heading.match(s)), None)
            if lead_col is None or time_col is None or not lead_col < time_col <= _MAX_SHORT:
                return None
            shorts = []
        goes_on = len(rows) > 1 and not (_text(wide)[:1].isupper() or _text(wide)[:1].isdigit())
        # A page without a number and without a row going on: its wide block is no row's.
        # Blocks before the wide one belong to a row without a number: they are left out.
        pieces = _cut(wide, len(labels) + goes_on, width, space, goes_on) if labels or goes_on else []
        if goes_on and labels and not _PART_LABEL.fullmatch(rows[-1].label):
            # A duty cut by the page break ends at its first sentence end ("… đặc khu." / "Tham mưu …").
            end = next((i + 1 for i, (a, b) in enumerate(zip(wide, wide[1:]))
                        if a.text.strip().endswith(_ENDS) and _opens_cell(b.text.strip())), None)
            if end is not None:
                tail = _cut(wide[end:], len(labels), width, space, False)
                pieces = None if tail is None else [_text(wide[:end]), *tail]
        if pieces is None:
            return None
        if goes_on:
            rows[-1].wide.append(pieces.pop(0))
        new = [_Row(label, line, [piece], []) for (label, line), piece in zip(labels, pieces)]
        rows.extend(new)
        waiting.extend(row for row in new if not _PART_LABEL.fullmatch(row.label))
        anchors = [i for i, s in enumerate(shorts) if time_cell.match(s)]
        if len(anchors) > len(waiting):
            anchors = anchors[len(anchors) - len(waiting):]
        for at in anchors:
            row = waiting.pop(0)
            lead = at - (time_col - lead_col)
            prev = max((a for a in range(at) if time_cell.match(shorts[a])), default=-1)
            if lead > prev:  # else the lead is on the page before, or its cell was empty: not known
                row.short = [[""] for _ in range(lead_col)] + [[s] for s in shorts[lead:at + 1]]
    out = []
    for row in rows:
        cells = [row.label, join_lines(row.wide), *(join_lines(c) for c in row.short)]
        out.append((" | ".join(cells), row.line))
    return out


def _opens_cell(text: str) -> bool:
    """A line that may open a cell: a capital, a digit or an opening quote or bracket."""
    first = text[:1]
    return first.isupper() or first.isdigit() or first in "“\"(‘"


def _caps_opening(text: str) -> bool:
    """A line whose first two words are in capitals: a title ("HOÀN THIỆN THỂ CHẾ"), not an
    abbreviation opening a name ("UBND xã,")."""
    return not any(c.islower() for c in " ".join(text.split()[:2]))


def _text(block: Sequence[Line]) -> str:
    return join_lines([line.text for line in block])


def _carry(row: _Row, pieces: list[str], columns: int) -> None:
    """The rest of a cut row's short cells: the cells cut are those whose text does not end a
    sentence and runs to the page's foot; without a sign, the leftmost."""
    if len(row.short) < columns:
        row.short += [[] for _ in range(columns - len(row.short))]
    open_cells = [i for i, cell in enumerate(row.short) if cell and not cell[-1].endswith(_ENDS)]
    if len(open_cells) > len(pieces) >= 1:
        open_cells = _best_cells(row, open_cells, pieces)
    targets = open_cells[:len(pieces)] if len(open_cells) >= len(pieces) else list(range(len(pieces)))
    for i, piece in zip(targets, pieces):
        row.short[i].append(piece)


def _best_cells(row: _Row, open_cells: list[int], pieces: list[str]) -> list[int]:
    """The open cells the pieces go on from, in order, where more open cells than pieces: those
    whose words the pieces complete ("Thường" / "xuyên" is a time only whole; "Sở, ban, ngành" /
    "có liên quan" qualifies a list of bodies, "Sở Nông nghiệp và Môi trường" is a name), else the
    leftmost."""
    qualifier, collective = _list_words()
    time_cell = _columns()[2]

    def fit(i: int, piece: str) -> int:
        cell = " ".join(row.short[i])
        if not time_cell.match(cell) and time_cell.match(f"{cell} {piece}"):
            return 2
        return int(bool(qualifier.match(piece) and collective.search(cell.rstrip(" ,;"))))

    pairs = _align([[fit(i, piece) for i in open_cells] for piece in pieces], every=True)
    return [open_cells[j] for _, j in pairs]


def _cut(block: Sequence[Line], count: int, width, space: float, goes_on: bool) -> list[str] | None:
    """The wide column's block cut into `count` cells where they meet (module docstring)."""
    if count < 1:
        return None
    if count == 1:
        return [_text(block)]
    column = max(line.x1 for line in block)
    scored = []
    for i, (prev, line) in enumerate(zip(block, block[1:])):
        text, before = line.text.strip(), prev.text.strip()
        if not _opens_cell(text):
            continue
        word = text.split(" ", 1)[0]
        score = 0.0
        if column - prev.x1 + _SLACK * column > width(word) + space:
            score += 2  # the next word would have fitted: the cell ended
        if before.endswith(_ENDS):
            score += 2
        if is_caps(before) and not is_caps(text):
            score += 2  # a part's title in capitals, then the first duty under it
        if not is_caps(before) and is_caps(text) and _caps_opening(text):
            score += 1
        last = before.rsplit(" ", 1)[-1]
        if last[:1].isupper() and not is_caps(last) and not before.endswith(_ENDS + (",",)):
            score -= 2.5  # a name goes on: "Luật" / "Quy hoạch", "tại Sở" / "Tài chính"
        # Any line that opens with a capital may start a cell; the more room the line above
        # leaves, the likelier it ended its cell.
        scored.append((score + (column - prev.x1) / column, -i, i + 1))
    if len(scored) < count - 1:
        return None
    cuts = sorted(at for _, _, at in sorted(scored, reverse=True)[:count - 1])
    bounds = [0, *cuts, len(block)]
    return [_text(block[a:b]) for a, b in zip(bounds, bounds[1:])]


# --- a row taller than a page --------------------------------------------------------------------

_TALL = 0.9  # a block this share of the page's tallest block runs to the page's foot
FULL_PAGE = 30  # lines a block must have to fill a page
_CUT_SLACK = 0.1  # ems a word processor may leave unused where it cuts a word
_NEAR = 0.75  # a block this share of the page's tallest block ended a few lines above the foot
_RAN_ON = 4.0  # the evidence that a cell goes on given by its running to the page's foot
_GOES_ON = 2.0  # the evidence a block needs to go on from a cell of the page before
_NARROW = 5.0  # ems: a column narrower than this holds a few letters a line
_SPARE = 2  # cells of the page before that may have ended there, beside those going on
_SHORT_CELL = 1.0  # the more evidence a cell that ended higher on its page needs to go on
_NEVER = 100.0  # a row's number stands in a cell of its own: it never goes on a cell's text


def tall_row(blocks: Sequence[Sequence[Line]], width, space: float,
             cell_lines: dict[int, tuple[tuple[tuple[int, str], ...], ...]] | None = None) -> list[tuple[str, int]] | None:
    """The cells of a table whose row runs over many pages, and the rows before it, each with the
    file line it starts on; None for a table of another shape.

    A saved web page pasted into Word is such a table: its whole document sits in one row whose
    cells are a few letters wide. pdftotext writes every page of that row as one block per cell,
    left to right, each as tall as the page where the cell goes on; on the next page the cells
    that go on keep their order (`_match`). Each page's cells are joined to the cells they go on
    from (a word cut at the page's foot, a sentence going on in lower case, an open list), every
    cut word is whole again ("Khán" / "h"), and a list dash pdftotext dropped is back. The cells
    that start on one page make one row. `cell_lines`, when given, receives for each row (by its
    index) the lines of each of its cells, each with its file line.
    """
    pages: dict[int, list[Sequence[Line]]] = {}
    for block in blocks:
        pages.setdefault(block[0].page, []).append(block)
    order = list(pages)
    tallest = max(len(b) for b in blocks)
    full = [p for p in order if max(len(b) for b in pages[p]) >= _TALL * tallest]
    labelled = sum(1 for p in order if all(is_label(line.text.strip()) for line in pages[p][0]))
    # Pages that open on a row's number belong to a table of rows; a page's own table (an appendix
    # inside the tall row: "1" / "Phê duyệt danh sách …") opens a few pages only.
    if len(order) < 3 or tallest < FULL_PAGE or len(full) < len(order) / 2 or labelled >= max(2, len(order) / 3):
        return None
    chains: list[list[Sequence[Line]]] = []  # each cell's pieces, page after page
    started: list[int] = []  # the page each chain starts on
    open_: list[int] = []  # chains whose last piece ran to the page's foot
    last: list[int] = []  # the chains of the page before, in order
    near: list[int] = []  # the chains of the page before whose piece ran to near its foot
    for page in order:
        here = pages[page]
        going = _match_evidence(last, set(near), set(open_), here, chains, width, space) if open_ else [None] * len(here)
        if not open_ and last and max(len(b) for b in here) >= FULL_PAGE:
            # A row that starts low on the page before fills none of it: its cells are the last
            # ones written there, and most of them plainly go on here (in lower case, mid-word,
            # after a list's comma or dash), else the row starts on this page.
            candidates = last[-(len(here) + _SPARE):]
            trial = _match(candidates, here, chains, width, space)
            ends = {c: _chain_text(chains[c][-1:], width, space) for c in candidates}
            strong = [_goes_on(ends[c], _text(b)) >= 2 for b, c in zip(here, trial) if c is not None]
            if strong and sum(strong) * 2 >= len(strong):
                going = trial
            else:
                # Else only the cells whose cut word the top of this page makes whole go on: the
                # issuer and the motto of a header row that starts at the foot of the page
                # ("… TỈNH BẮC NIN" / "H ------", "… CHỦ NGHĨA VIỆ" / "T NAM Độc lập …").
                going = _cut_words_go_on(last, here, chains, width, space)
        last = []
        for block, chain in zip(here, going):
            if chain is None:
                chain = len(chains)
                chains.append([])
                started.append(page)
            chains[chain].append(block)
            last.append(chain)
        high = max(len(b) for b in here)
        open_ = [c for c, block in zip(last, here) if len(block) >= _TALL * high and high >= FULL_PAGE]
        near = [c for c, block in zip(last, here) if len(block) >= _NEAR * high and high >= FULL_PAGE]
    rows: list[tuple[str, int]] = []
    starts = cell_lines if cell_lines is not None else {}
    table = _Nested(order, pages, chains, width, space)

    def emit(row: list[tuple[str, tuple[tuple[int, str], ...]]], number: int) -> None:
        rows.append((" | ".join(text for text, _ in row), number))
        starts[len(rows) - 1] = tuple(lines for _, lines in row)

    for page in order:
        cells = [c for c, p in enumerate(started) if p == page and (c not in table.used or table.opened_before(c))]
        if cells:
            emit([table.cell(c) for c in cells], chains[cells[0]][0][0].number)
        for row, number in table.rows.get(page, []):
            emit(row, number)
    return rows


@dataclass
class _Segment:
    """The rows that start together on a page of a nested table: their numbers (each with its
    file line), the chain of the wide column they cut, and the chains of their short cells."""

    page: int
    labels: list[tuple[str, int]]
    wide: int
    shorts: list[int]


class _Nested:
    """An assignment table inside a tall row (the appendix of a saved web page pasted into Word):
    its rows, by the page each starts on, and the chains they use.

    Its pages are written as a page of a table of rows (module docstring): the numbers of the rows
    that start on the page, the wide column, then the short cells row after row. The wide column
    is one chain over the pages (its cells touch one another), cut where the rows that start on a
    page begin (`_opening_score`: in a column a few letters wide only the words tell); the short
    cells go to those rows by their time cells, as the header row orders the columns. The header
    row, printed with the document's header many pages before, opens the table.
    """

    def __init__(self, order, pages, chains, width, space) -> None:
        self.rows: dict[int, list[tuple[list[tuple[str, tuple[tuple[int, str], ...]]], int]]] = {}
        self.used: set[int] = set()
        self.chains, self.width, self.space = chains, width, space
        self._orphans: dict[int, tuple[str, tuple[tuple[int, str], ...]]] = {}
        chain_of = {id(block): c for c, chain in enumerate(chains) for block in chain}
        header = self._header(order, pages, chain_of)
        if header is None:
            return
        at, heads, distance, after = header
        segments: list[_Segment] = []
        for page in order[order.index(at) + 1:]:
            if not _label_block(pages[page][0]):
                continue
            current = None
            for block in pages[page]:
                c = chain_of[id(block)]
                if _label_block(block):
                    if current is None or current.wide >= 0:
                        current = _Segment(page, [], -1, [])
                        segments.append(current)
                    current.labels.extend((w, line.number) for line in block for w in line.text.split())
                    self.used.add(c)
                elif current.wide < 0:
                    current.wide = c
                elif chains[c][0] is block:
                    current.shorts.append(c)
        if not segments:
            return
        self.chains = list(chains)  # a copy: the header's first heading and split wide cells change it
        head_label = self._take_header_label(pages[at], chain_of, heads[0])
        wides = {segment.wide for segment in segments}
        for segment in segments:
            # The wide column split in two blocks where a row ends ("… các cấp" / "Diễn tập khu vực
            # …"): the second is the next row's wide cell, as the pages after it tell.
            if segment.shorts and segment.shorts[0] in wides and segment.shorts[0] != segment.wide:
                rest = segment.shorts.pop(0)
                self.chains[segment.wide] = [*self.chains[segment.wide], *self.chains[rest]]
                self.used.add(rest)
                for other in segments:
                    if other.wide == rest:
                        other.wide = segment.wide
        duties = self._cut_wide(segments)
        time_cell = _columns()[2]
        first = True
        for segment, pieces in zip(segments, duties):
            self.used.update({segment.wide, *segment.shorts})
            cells = [self.cell(c) for c in segment.shorts]
            items = [i for i, (label, _) in enumerate(segment.labels) if not _PART_LABEL.fullmatch(label)]
            spans = _share(cells and [text for text, _ in cells], len(items), distance, after, time_cell)
            out = self.rows.setdefault(segment.page, [])
            if first:
                out.append(([*head_label, *(self.cell(c) for c in heads)], chains[heads[0]][0][0].number))
                self.used.update(heads)
                first = False
            taken: set[int] = set()
            for i, ((label, number), duty) in enumerate(zip(segment.labels, pieces)):
                row = [(label, ((number, label),)), duty]
                if i in items:
                    lo, hi, pad = spans[items.index(i)] if spans else (0, 0, 0)
                    row += [("", ())] * pad + cells[lo:hi]
                    taken.update(range(lo, hi))
                out.append((row, number))
            # Cells no row takes (a row of dots, what the page prints after the table) end the
            # last row, as a copy of the table's text gives them.
            rest = [cell for k, cell in enumerate(cells) if k not in taken]
            if rest and out:
                out[-1][0].extend(rest)

    def _take_header_label(self, page, chain_of, first: int) -> list[tuple[str, tuple[tuple[int, str], ...]]]:
        """The first column's heading ("TT"), where pdftotext wrote it among the lines of the cell
        before the header row (the appendix's title: "PH" / "TT" / "Ụ LỤC"), taken out of that
        cell: the header row's first cell."""
        blocks = [b for b in page if chain_of[id(b)] == first]
        at = page.index(blocks[0]) if blocks else 0
        if at == 0:
            return []
        piece = page[at - 1]
        c = chain_of[id(piece)]
        found = [(i, w) for i, line in enumerate(piece) for w in line.text.split() if HEADER_LABEL.fullmatch(w)]
        if len(found) != 1 or len(piece) < 3:
            return []
        i, word = found[0]
        line = piece[i]
        rest = " ".join(w for w in line.text.split() if w != word)  # "PH TT" → "PH"
        kept = [*piece[:i], *([_Printed(rest, line.number, line.page, line.x1)] if rest else []), *piece[i + 1:]]
        self.chains[c] = [kept if p is piece else p for p in self.chains[c]]
        return [(word, ((line.number, word),))]

    def opened_before(self, c: int) -> bool:
        """True for a wide chain that opened before the table's first row: its row keeps that part."""
        return c in self._orphans

    def cell(self, c: int) -> tuple[str, tuple[tuple[int, str], ...]]:
        """A chain's text and printed lines (the part before the table's first row, for a wide
        chain that opened before it)."""
        if c in self._orphans:
            return self._orphans[c]
        return (_chain_text(self.chains[c], self.width, self.space),
                tuple((line.number, line.text.strip()) for piece in self.chains[c] for line in piece))

    def _header(self, order, pages, chain_of) -> tuple[int, list[int], int, int] | None:
        """The page of the header row, its cells' chains, how many columns the time column stands
        after the lead column, and how many columns follow it; None when no page holds such a
        row."""
        lead_heading, time_heading, _ = _columns()
        for page in order:
            texts = [(chain_of[id(b)], _joined(_text(b))) for b in pages[page] if self.chains[chain_of[id(b)]][0] is b]
            short = [len(t.split()) <= _HEADING_WORDS and not t.endswith(_ENDS) for _, t in texts]
            for i, (_, text) in enumerate(texts):
                if not (short[i] and lead_heading.search(text)):
                    continue
                lo, hi = i, i
                while lo > 0 and short[lo - 1]:
                    lo -= 1
                while hi + 1 < len(texts) and short[hi + 1]:
                    hi += 1
                run = texts[lo:hi + 1]
                time = next((k for k, (_, t) in enumerate(run) if time_heading.match(t)), None)
                if time is not None and time > i - lo:
                    return page, [c for c, _ in run], time - (i - lo), len(run) - 1 - time
        return None

    def _cut_wide(self, segments: list[_Segment]) -> list[list[tuple[str, tuple[tuple[int, str], ...]]]]:
        """For each segment, the duty (or part title) of each of its rows, with its printed lines."""
        by_chain: dict[int, list[int]] = {}
        for k, segment in enumerate(segments):
            by_chain.setdefault(segment.wide, []).append(k)
        out: list[list[tuple[str, tuple[tuple[int, str], ...]]]] = [[] for _ in segments]
        for c, ks in by_chain.items():
            pieces = self.chains[c]
            full = _chain_text(pieces, self.width, self.space)
            lines = [line for piece in pieces for line in piece]
            # Where each page's part starts in the text: by the letters before it (spaces differ).
            starts: dict[int, int] = {}
            letters = 0
            for piece in pieces:
                starts.setdefault(piece[0].page, letters)
                letters += sum(len(re.sub(r"\s", "", line.text)) for line in piece)
            pages = list(starts)
            bounds = {page: (_at_letter(full, starts[page]),
                             _at_letter(full, starts[pages[i + 1]]) if i + 1 < len(pages) else len(full))
                      for i, page in enumerate(pages)}
            # The first row's cell opens the chain when the chain opens on its page.
            opened = segments[ks[0]].page == pieces[0][0].page
            cuts: list[int] = [0] if opened else []
            for k in ks:
                need = len(segments[k].labels) - (1 if opened and k == ks[0] else 0)
                lo, hi = bounds.get(segments[k].page, (0, 0))
                found = sorted(((_opening_score(full, at), -at) for at in _word_starts(full, lo, hi)), reverse=True)
                cuts.extend(sorted(-at for _, at in found[:need]))
            if not opened:
                head = cuts[0] if cuts else len(full)
                self._orphans[c] = (full[:head].strip(), _lines_between(lines, full, 0, head))
            texts = [(full[a:b].strip(), _lines_between(lines, full, a, b)) for a, b in zip(cuts, [*cuts[1:], len(full)])]
            for k in ks:
                count = len(segments[k].labels)
                out[k], texts = texts[:count], texts[count:]
                out[k] += [("", ())] * (count - len(out[k]))
        return out


_HEADING_WORDS = 7  # words of a column's heading at most ("Thời gian dự kiến hoàn thành")


def _label_block(block: Sequence[Line]) -> bool:
    """A block of row numbers alone ("2", "II", "VI 1"): a cell of the first column."""
    words = [w for line in block for w in line.text.split()]
    if len(block) > 1 and all(w.isdigit() for w in words):
        return False  # a number a narrow column cut: "202" / "5"
    return bool(words) and all(is_label(w) for w in words)


def _joined(text: str) -> str:
    """A heading cut by a narrow column, its words whole ("Cơ qua n chủ trì" → "Cơ quan chủ trì")."""
    words: list[str] = []
    for word in text.split(" "):
        if words and broken_word(words[-1], word, 0.0, 1.0):
            words[-1] += word
        else:
            words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1)
def _open_words() -> frozenset[str]:
    return frozenset(_data()["open_words"])


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return frozenset(_data()["duty_openers"])


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """Where the words that start within text[lo:hi] begin (not the text's first word)."""
    return [m.start() for m in re.finditer(r"(?<= )\S", text[:hi]) if m.start() >= max(lo, 1)]


def _opening_score(text: str, at: int) -> float:
    """How well a cell of the wide column may open at `at` in a text run on from the cells above
    it, by the words alone: a sentence ended before it; a title in capitals gave way to the duty
    under it, or a title opens after a duty; a duty's verb opens it ("… các ngành" / "Hướng dẫn
    …"). A capitalised word after a capitalised word goes on a name ("Bộ" / "Tài chính")."""
    word = text[at:].split(" ", 1)[0]
    if not word[:1].isupper():
        return float("-inf")
    before = text[:at].rstrip()
    prev = before.rsplit(" ", 1)[-1]
    two = " ".join(text[at:].split(" ", 2)[:2])
    score = 0.0
    if before.endswith(_ENDS):
        score += 2
    if _capitals(prev) and any(ch.islower() for ch in word):
        score += 2
    if not _capitals(prev) and _caps_opening(text[at:at + 40]):
        score += 1
    if two.rstrip(",") in _openers() or word in _openers():
        score += 1
    if prev[:1].isupper() and not _capitals(prev) and not before.endswith(_ENDS + (",",)):
        score -= 2.5
    return score


def _at_letter(text: str, n: int) -> int:
    """The position in `text` of its `n`-th letter that is not a space (len(text) past the end)."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if seen == n:
                return i
            seen += 1
    return len(text)


def _lines_between(lines: Sequence[Line], text: str, a: int, b: int) -> tuple[tuple[int, str], ...]:
    """The printed lines of text[a:b], where `text` runs the lines together: those that start in
    it, and the line it starts in."""
    lo, hi = len(re.sub(r"\s", "", text[:a])), len(re.sub(r"\s", "", text[:b]))
    out, seen = [], 0
    for line in lines:
        size = len(re.sub(r"\s", "", line.text))
        if seen < hi and seen + size > lo:
            out.append((line.number, line.text.strip()))
        seen += size
    return tuple(out)


def _share(shorts, rows: int, distance: int, after: int, time_cell) -> list[tuple[int, int, int]] | None:
    """For each of `rows` rows in order, the short cells it takes (from, to) and the empty cells
    left out before them, from the rows' time cells: `distance` columns after the lead's, with
    `after` columns after it (the expected product). A row takes the cells after its time cell
    up to the next row's time cell, then the cells before its own (an empty cell is left out: a
    row with fewer cells before its time lacks its first ones). Evenly when the time cells do not
    tell; None when neither does."""
    if not shorts or not rows:
        return None
    anchors = [i for i, text in enumerate(shorts) if time_cell.match(text)]
    if len(anchors) == rows:
        # Between two time cells: the next row's lead and supporters first (a row's lead is
        # seldom empty), the rest the row before's last cells (a product is often left empty).
        heads = [min(a - b - 1, distance) for a, b in zip(anchors[1:], anchors)]
        starts = [max(0, anchors[0] - distance), *(a - h for a, h in zip(anchors[1:], heads))]
        ends = [*starts[1:], min(len(shorts), anchors[-1] + 1 + after)]
        return [(lo, hi, distance - (a - lo)) for lo, hi, a in zip(starts, ends, anchors)]
    if len(shorts) % rows == 0:
        k = len(shorts) // rows
        return [(j * k, (j + 1) * k, 0) for j in range(rows)]
    return None


def _align(score: list[list[float]], *, every: bool, least: float = float("-inf")) -> list[tuple[int, int]]:
    """The pairs (i, j) of a matching of the rows of `score` to its columns that keeps the order of
    both and has the greatest sum of scores. With `every`, every item of the shorter side is
    matched; else a pair needs a score of at least `least`, and items may stay unmatched. Ties go
    to the earliest items.

    Ví dụ: _align([[0, 5], [5, 0]], every=True) → [(0, 0), (1, 1)] (order kept, not 10);
    _align([[0, 5], [5, 0]], every=False, least=1) → [(0, 1)].
    """
    n, m = len(score), len(score[0]) if score else 0
    if not n or not m:
        return []
    neg = float("-inf")
    rows_skip, cols_skip = not every or n > m, not every or n <= m  # which side may be left out
    # best[i][j]: the rows [:i] matched among the columns [:j]
    best = [[0.0 if (i == 0 and cols_skip) or (j == 0 and rows_skip) or i == j == 0 else neg
             for j in range(m + 1)] for i in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = score[i - 1][j - 1]
            take = best[i - 1][j - 1] + pair if pair >= least else neg
            best[i][j] = max(take, best[i][j - 1] if cols_skip else neg, best[i - 1][j] if rows_skip else neg)
    pairs = []
    i, j = n, m
    while i and j:
        if rows_skip and best[i][j] == best[i - 1][j]:
            i -= 1
        elif cols_skip and best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _match(open_: list[int], blocks: Sequence[Sequence[Line]], chains, width, space) -> list[int | None]:
    """For each block of a page, the open chain it goes on, or None for a new cell.

    Every open chain goes on (its cell ran to the foot of the page before), unless the page has
    fewer blocks; both keep their order. The cells going on need not come first: a row that starts
    lower on the page may have a cell further left ("Địa chỉ:" before the rest of the document).
    """
    out: list[int | None] = [None] * len(blocks)
    ends = [_chain_text(chains[c][-1:], width, space) for c in open_]
    starts = [_text(b) for b in blocks]
    score = [[_goes_on(e, b) - (_NEVER if _label_block(block) else 0.0) for b, block in zip(starts, blocks)]
             for e in ends]
    for i, j in _align(score, every=True):
        out[j] = open_[i]
    return out


def _match_evidence(last: list[int], near: set[int], tall: set[int], blocks: Sequence[Sequence[Line]], chains,
                    width, space) -> list[int | None]:
    """For each block of a page, the chain of the page before (`last`, in order) it goes on, or
    None for a new cell.

    Both keep their order (cells stand side by side). A chain whose piece ran to the page's foot
    (`tall`) goes on unless its text says otherwise; one that ended a few lines higher (`near`: a
    cell whose last line the page's foot cut: "Nơi nhận: … Ban CHBĐ Biê" / "n phòng; …") goes on
    on the evidence of its text (`_goes_on`); a shorter one, that may have started low on the page
    (the title of a table's first row under the end of the text: "… CHỈ ĐẠO, ĐIỀ" / "U HÀNH …"),
    on stronger evidence. The order with the most evidence wins: a cell as tall that ended there
    (the motto beside the title) does not take the title's rest ("… CỦA THỦ TƯ" / "ỚNG CHÍNH PHỦ
    …").
    """
    out: list[int | None] = [None] * len(blocks)
    ends = [_chain_text(chains[c][-1:], width, space) for c in last]
    starts = [_text(b) for b in blocks]
    score = [[_goes_on(e, b) + (_RAN_ON if c in tall else 0.0 if c in near else -_SHORT_CELL)
              - (_NEVER if _label_block(block) or _label_block(chains[c][-1])
                 or (c not in near and (not _runs_on(e, b) or b[:1].isdigit() and e[-1:].isdigit())) else 0.0)
              for b, block in zip(starts, blocks)] for c, e in zip(last, ends)]
    for i, j in _align(score, every=False, least=_GOES_ON):
        out[j] = last[i]
    return out


def _cut_words_go_on(last: list[int], blocks: Sequence[Sequence[Line]], chains, width, space) -> list[int | None]:
    """For each block of a page, the chain of the page before whose last word it completes, in
    order (`_match` without forcing a chain on a block), or None."""
    out: list[int | None] = [None] * len(blocks)
    ends = [_chain_text(chains[c][-1:], width, space) for c in last]
    i = 0
    for j, block in enumerate(blocks):
        start = _text(block)
        if _label_block(block):
            continue
        for k in range(i, len(last)):
            before = _WORDS.findall(ends[k][-20:])[-1:]
            after = _WORDS.match(start)
            if (before and after and ends[k].endswith(before[0]) and is_syllable(before[0] + after.group(0))
                    and not (is_syllable(before[0]) and is_syllable(after.group(0)))):
                out[j], i = last[k], k + 1
                break
    return out


def _goes_on(before: str, after: str) -> float:
    """How well `after` (the top of a page's cell) goes on from `before` (the foot of a cell)."""
    head, tail = before.rsplit(" ", 1)[-1], after.split(" ", 1)[0]
    score = 0.0
    if broken_word(head, tail, 0.0, 1.0):
        score += 3
    if tail[:1].islower() or tail[:1] in ",.;:)":
        score += 2
    if before.endswith("/."):
        score -= 4  # "… thực hiện nghiêm túc./.": the end of a document's text
    elif before.endswith(_ENDS):
        score -= 2 if tail[:1].isupper() else 1
    else:
        score += 1
    if before.endswith((",", "-", "–")) and not re.search(r"[-_=]{3,}$", before):
        score += 1  # a list that goes on: "… Thủ tướng Chính phủ (để b/c); -"; not a rule "-------"
    if head.lstrip("(“\"") in _open_words():
        score += 1  # a word that wants what follows it: "Ban Chỉ huy … cấp" / "tỉnh, cấp xã"
    if _list_words()[0].match(f"{head} {after}") and not _list_words()[0].match(after):
        score += 1  # a qualifier made whole: "… cấp" / "tỉnh, cấp xã"
    if head.strip(",;.").lower() == tail.strip(",;.").lower():
        score -= 1  # no text says a word twice: "Bộ CHQS tỉnh" / "tỉnh, cấp xã" does not go on
    # A title in capitals goes on in capitals ("… CỦA PHÓ THỦ" / "TƯỚNG THƯỜNG TRỰC …"); a list in
    # lower case does not go on in them ("(để b/c); -" / "TƯỚNG …").
    last, first = _WORDS.findall(before[-30:])[-1:], _WORDS.findall(after[:30])[:1]
    if last and first and _capitals(first[0]):
        score += 1 if _capitals(last[0]) else -1 if last[0].islower() else 0
    return score


def _runs_on(before: str, after: str) -> bool:
    """True when `after` can only go on from `before`: it opens in lower case, or makes whole the
    word `before` ends with ("… CHỈ ĐẠO, ĐIỀ" / "U HÀNH …")."""
    head, tail = _WORDS.findall(before[-20:])[-1:], _WORDS.match(after)
    if after[:1].islower():
        return True
    return (bool(head and tail) and len(head[0]) > 1 and before.endswith(head[0])
            and is_syllable(head[0] + tail.group(0)) and not is_syllable(head[0]))


def _capitals(word: str) -> bool:
    """A word in capitals: "TƯỚNG", "ỦY" (not "Ủ", a letter that may be a capital or a cut)."""
    return len(word) > 1 and word.isupper()


def _dash_back(text: str, column: float, width) -> str:
    """A line wider than its column, where pdftotext glued on the next line after dropping the
    "-" that ended it, with a list's dash put back after the sentence or lead-in it followed ("Lai:
    -" / "Chịu trách nhiệm" → "Lai: Chịu" → "Lai: - Chịu"); a hyphen inside a symbol is put back
    by the hard-wrap reader."""
    if width(text) <= column * (1 + _SLACK) or " " not in text:
        return text
    words = text.split(" ")
    at = 1
    while at < len(words) and width(" ".join(words[:at + 1])) <= column * (1 + _SLACK):
        at += 1
    if at < len(words) and words[at - 1].endswith((":", ";", ".")) and words[at][:1].isupper():
        return " ".join([*words[:at], "-", *words[at:]])
    return text


def _chain_text(pieces: Sequence[Sequence[Line]], width, space: float) -> str:
    """A cell's text over its pages, its cut words whole again."""
    lines = [line for piece in pieces for line in piece]
    # The column's width: its full lines (a few glued by pdftotext are wider).
    widths = sorted(width(line.text.strip()) for line in lines)
    column = widths[(len(widths) * 9) // 10]
    texts: list[str] = []
    for i, line in enumerate(lines):
        text = _dash_back(line.text.strip(), column, width)
        if texts:
            prev = lines[i - 1].text.strip()
            # In a column a few letters wide the letters alone tell a cut ("Hạ" / "nh"): the widths
            # estimated are too coarse there.
            room = (0.0 if column < _NARROW else column - width(prev) - _CUT_SLACK) if " " not in prev else column
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            cut = bool(nxt) and " " not in text and column - width(text) - _CUT_SLACK < width(nxt[:1])
            head = join_lines(texts[-2:]).rsplit(" ", 1)[-1]
            if broken_word(head, text.split(" ", 1)[0], room, width(text[:1]), cut):
                texts[-1] += text
                continue
        texts.append(text)
    return join_lines(texts)
