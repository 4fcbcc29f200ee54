"""The `Doc`: canonical text split into lines, carried from the readers through every extractor.

Extractors read `Doc.text` (character offsets) and `Doc.lines` (line structure); they never see
the file format. Table rows written one row a line with " | " between cells are marked so the
section and task extractors can treat them as cells, not as prose.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_CELL_SEP = " | "


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # offset of the first character in Doc.text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def cells(self) -> list[tuple[int, str]]:
        """(offset, text) of each " | "-separated cell."""
        out, pos = [], 0
        for part in self.text.split(_CELL_SEP):
            out.append((self.start + pos, part))
            pos += len(part) + len(_CELL_SEP)
        return out


@dataclass
class Doc:
    text: str
    lines: list[Line] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_text(cls, text: str) -> "Doc":
        lines, pos = [], 0
        for number, raw in enumerate(text.split("\n"), start=1):
            lines.append(Line(number, pos, raw))
            pos += len(raw) + 1
        return cls(text=text, lines=lines, _starts=[ln.start for ln in lines])

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._starts, offset)

    def line_at(self, number: int) -> Line:
        return self.lines[number - 1]


def is_table_row(line: Line) -> bool:
    """A line with at least three " | "-separated cells (a row of a table copied as text)."""
    return line.text.count(_CELL_SEP) >= 2


def _letters(upper: bool) -> str:
    chars = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha() and chr(c).isupper() == upper
             and (c < 0x250 or 0x1E00 <= c)]
    return "".join(chars)


UPPER = "[" + _letters(True) + "]"
"""Regex class of Latin upper-case letters, Vietnamese ones included (Đ, Ơ, Ư, Ấ … Ỹ)."""
LOWER = "[" + _letters(False) + "]"
"""Regex class of Latin lower-case letters, Vietnamese ones included."""

_SENTENCE_END = re.compile(rf"[.!?](?=\s+(?:{UPPER}|[\"“(]))")
_ABBREV_BEFORE = re.compile(rf"(?:^|\s)(?:{UPPER}{{1,5}}|{UPPER}\w{{0,2}}|TP|Tp|ThS|TS|PGS|GS|TT|VD|vd)$")


def first_sentence(text: str, limit: int = 400) -> str:
    """The first sentence of a line: up to the first ". " before a capital, or the whole line.

    Ví dụ: "Tổ chức … tỉnh Ninh Thuận. Nâng cao nhận thức …" → "Tổ chức … tỉnh Ninh Thuận."
    """
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV_BEFORE.search(text[: m.start()]):
            continue  # "TT. Tỉnh ủy", "Tp. Hà Nội": an abbreviation, not a sentence end
        return text[: m.end()][:limit]
    return text[:limit]
