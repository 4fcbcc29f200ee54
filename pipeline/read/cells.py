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
way to lower case, before a capital), and the short cells are shared out, the same number for
every numbered row. When the counts do not agree, the table is not rebuilt (None).

`tall_row(blocks)` reads the other shape this reader meets: one row taller than many pages (a
saved web page pasted into Word, printed), whose cells are chained page to page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, Sequence

from kehoach.pipeline.read.reflow import broken_word, is_caps, join_lines

ROW_LABEL = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[A-H])\.?")
"""A row's number in the first column: "1", "12.", "IV", "B"."""

HEADER_LABEL = re.compile(r"(?:STT|TT|Stt|Số TT|SỐ TT)")
"""The first column's heading."""

_PART_LABEL = re.compile(r"(?:[IVXLC]{1,6}|[A-H])\.?")  # a part of the table: its title spans the row
_MAX_SHORT = 8  # more short columns than this is no assignment table
_ENDS = (".", ";", ":", "!", "?")
_SLACK = 0.05  # share of a column's width by which estimated widths may be off


class Line(Protocol):
    """A printed line as the hard-wrap reader measures it (ems)."""

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


def _text(block: Sequence[Line]) -> str:
    return join_lines([line.text for line in block])


def _carry(row: _Row, pieces: list[str], columns: int) -> None:
    """The rest of a cut row's short cells: the cells cut are those whose text does not end a
    sentence and runs to the page's foot; without a sign, the leftmost."""
    if len(row.short) < columns:
        row.short += [[] for _ in range(columns - len(row.short))]
    open_cells = [i for i, cell in enumerate(row.short) if cell and not cell[-1].endswith(_ENDS)]
    targets = open_cells[:len(pieces)] if len(open_cells) >= len(pieces) else list(range(len(pieces)))
    for i, piece in zip(targets, pieces):
        row.short[i].append(piece)


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
        first = text[:1]
        if not (first.isupper() or first.isdigit() or first in "“\"(‘"):
            continue
        word = text.split(" ", 1)[0]
        score = 0.0
        if column - prev.x1 + _SLACK * column > width(word) + space:
            score += 2  # the next word would have fitted: the cell ended
        if before.endswith(_ENDS):
            score += 2
        if is_caps(before) and not is_caps(text):
            score += 2  # a part's title in capitals, then the first duty under it
        if not is_caps(before) and is_caps(text):
            score += 1
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
_FULL_PAGE = 30  # lines a block must have to fill a page
_CUT_SLACK = 0.1  # ems a word processor may leave unused where it cuts a word
_SPARE = 2  # cells of the page before that may have ended there, beside those going on


def tall_row(blocks: Sequence[Sequence[Line]], width, space: float) -> list[tuple[str, int]] | None:
    """The cells of a table whose row runs over many pages, and the rows before it, each with the
    file line it starts on; None for a table of another shape.

    A saved web page pasted into Word is such a table: its whole document sits in one row whose
    cells are a few letters wide. pdftotext writes every page of that row as one block per cell,
    left to right, each as tall as the page where the cell goes on; on the next page the cells
    that go on keep their order (`_match`). Each page's cells are joined to the cells they go on
    from (a word cut at the page's foot, a sentence going on in lower case, an open list), every
    cut word is whole again ("Khán" / "h"), and a list dash pdftotext dropped is back. The cells
    that start on one page make one row.
    """
    pages: dict[int, list[Sequence[Line]]] = {}
    for block in blocks:
        pages.setdefault(block[0].page, []).append(block)
    order = list(pages)
    tallest = max(len(b) for b in blocks)
    full = [p for p in order if max(len(b) for b in pages[p]) >= _TALL * tallest]
    labelled = sum(1 for p in order if all(is_label(line.text.strip()) for line in pages[p][0]))
    if len(order) < 3 or tallest < _FULL_PAGE or len(full) < len(order) / 2 or labelled >= 2:
        return None
    chains: list[list[Sequence[Line]]] = []  # each cell's pieces, page after page
    started: list[int] = []  # the page each chain starts on
    open_: list[int] = []  # chains whose last piece ran to the page's foot
    last: list[int] = []  # the chains of the page before, in order
    for page in order:
        here = pages[page]
        going = _match(open_, here, chains, width, space)
        if not open_ and last and max(len(b) for b in here) >= _FULL_PAGE:
            # A row that starts low on the page before fills none of it: its cells are the last
            # ones written there, and most of them plainly go on here (in lower case, mid-word,
            # after a list's comma or dash), else the row starts on this page.
            candidates = last[-(len(here) + _SPARE):]
            trial = _match(candidates, here, chains, width, space)
            ends = {c: _chain_text(chains[c][-1:], width, space) for c in candidates}
            strong = [_goes_on(ends[c], _text(b)) >= 2 for b, c in zip(here, trial) if c is not None]
            if strong and sum(strong) * 2 >= len(strong):
                going = trial
        last = []
        for block, chain in zip(here, going):
            if chain is None:
                chain = len(chains)
                chains.append([])
                started.append(page)
            chains[chain].append(block)
            last.append(chain)
        high = max(len(b) for b in here)
        open_ = [c for c, block in zip(last, here) if len(block) >= _TALL * high and high >= _FULL_PAGE]
    rows: list[tuple[str, int]] = []
    for page in order:
        cells = [c for c, p in enumerate(started) if p == page]
        if cells:
            texts = [_chain_text(chains[c], width, space) for c in cells]
            rows.append((" | ".join(texts), chains[cells[0]][0][0].number))
    return rows


def _match(open_: list[int], blocks: Sequence[Sequence[Line]], chains, width, space) -> list[int | None]:
    """For each block of a page, the open chain it goes on, or None for a new cell.

    Every open chain goes on (its cell ran to the foot of the page before), unless the page has
    fewer blocks; both keep their order. The cells going on need not come first: a row that starts
    lower on the page may have a cell further left ("Địa chỉ:" before the rest of the document).
    """
    n, m = len(open_), len(blocks)
    out: list[int | None] = [None] * m
    if not n or not m:
        return out
    ends = [_chain_text(chains[c][-1:], width, space) for c in open_]
    starts = [_text(b) for b in blocks]
    score = [[_goes_on(e, b) for b in starts] for e in ends]
    neg = float("-inf")
    # best[i][j]: open_[:i] and blocks[:j] matched, every item of the shorter side taken
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    if n <= m:
        best[0] = [0.0] * (m + 1)
    else:
        for row in best:
            row[0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            skip = best[i][j - 1] if n <= m else best[i - 1][j]
            best[i][j] = max(skip, best[i - 1][j - 1] + score[i - 1][j - 1])
    i, j = n, m
    while i and j:
        if n <= m and best[i][j] == best[i][j - 1]:
            j -= 1
        elif n > m and best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            out[j - 1] = open_[i - 1]
            i, j = i - 1, j - 1
    return out


def _goes_on(before: str, after: str) -> float:
    """How well `after` (the top of a page's cell) goes on from `before` (the foot of a cell)."""
    head, tail = before.rsplit(" ", 1)[-1], after.split(" ", 1)[0]
    score = 0.0
    if broken_word(head, tail, 0.0, 1.0):
        score += 3
    if tail[:1].islower() or tail[:1] in ",.;:)":
        score += 2
    if before.endswith(_ENDS):
        score -= 2 if tail[:1].isupper() else 1
    else:
        score += 1
    if before.endswith((",", "-", "–")) and not re.search(r"[-_=]{3,}$", before):
        score += 1  # a list that goes on: "… Thủ tướng Chính phủ (để b/c); -"; not a rule "-------"
    return score


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
            room = column - width(prev) - _CUT_SLACK if " " not in prev else column
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            cut = bool(nxt) and " " not in text and column - width(text) - _CUT_SLACK < width(nxt[:1])
            head = join_lines(texts[-2:]).rsplit(" ", 1)[-1]
            if broken_word(head, text.split(" ", 1)[0], room, width(text[:1]), cut):
                texts[-1] += text
                continue
        texts.append(text)
    return join_lines(texts)
