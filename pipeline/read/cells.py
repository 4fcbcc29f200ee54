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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, Sequence

from kehoach.pipeline.read.reflow import is_caps, join_lines

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
