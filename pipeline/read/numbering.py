"""Word auto-numbering: the number Word shows in front of a paragraph, rebuilt from numbering.xml.

`paragraph.text` in python-docx holds only the typed text; a heading numbered "1." or "a)" by a
Word list has its number in `word/numbering.xml`. `Numbering.label(p)` walks the paragraphs in
document order (body and table cells alike) and returns the label Word would draw:

- the paragraph's list comes from its own `w:numPr`, else from its style's, following the
  `w:basedOn` chain (a `w:numPr` with `numId` 0 switches numbering off);
- `numId` → `w:num` → `w:abstractNum` (through `w:numStyleLink` when the list is defined by a
  numbering style), with `w:lvlOverride` (`w:startOverride`, or a whole replacement `w:lvl`);
- counters are kept per abstract list, as Word does, so two `numId`s of one abstract list count on
  together unless the second one overrides its start (a restart);
- a level advances, then every deeper level restarts (unless its `w:lvlRestart` says otherwise);
- `w:lvlText` such as "%1.%2." is filled from each level's counter in that level's `w:numFmt`
  (decimal, decimalZero, upperRoman, lowerRoman, upperLetter, lowerLetter, bullet, none), or in
  decimal for every level when the current level has `w:isLgl`.

Bullets are written "-" (or "+" when Word's bullet is "+"), the way Vietnamese documents type them;
Symbol and Wingdings glyphs (U+F0B7 …) mean nothing as text.
Word's lowerLetter list runs a, b, c, d, e: Word itself has no "đ", so neither does this engine; a
typed "đ)" is the author's own text and is kept by the reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
MAX_LEVELS = 9

_BULLET_KEEP = {"-": "-", "–": "-", "—": "-", "+": "+", "*": "*"}
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_W + "val", default)


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    v = _val(el)
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def roman(n: int) -> str:
    """Upper-case Roman numeral of n ≥ 1.

    Ví dụ: roman(4) == "IV" (mục "IV. TỔ CHỨC THỰC HIỆN").
    """
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Word's lowerLetter label of n ≥ 1: a … z, then aa, bb … (Word repeats the letter).

    Ví dụ: letters(5) == "e" (Word shows "e)" where a Vietnamese author types "đ)").
    """
    q, r = divmod(n - 1, 26)
    return chr(ord("a") + r) * (q + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter written in a `w:numFmt`.

    Ví dụ: format_number(2, "upperRoman") == "II" (mục "II. NHIỆM VỤ, GIẢI PHÁP").
    """
    if fmt == "none":
        return ""
    if n <= 0:
        return "0" if fmt.startswith("decimal") else ""
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and every format this engine does not spell out (ordinal, cardinalText …)


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    is_lgl: bool = False
    restart: int | None = None  # w:lvlRestart: restart after this 1-based level; 0 = never
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _parse_level(lvl: etree._Element, base: Level | None = None) -> Level:
    base = base or Level()
    lvl_text = lvl.find(_W + "lvlText")
    return Level(
        start=_int(lvl.find(_W + "start"), base.start),
        fmt=_val(lvl.find(_W + "numFmt"), base.fmt) or base.fmt,
        text=_val(lvl_text, base.text) if lvl_text is not None else base.text,
        is_lgl=lvl.find(_W + "isLgl") is not None and _val(lvl.find(_W + "isLgl"), "1") not in ("0", "false"),
        restart=_int(lvl.find(_W + "lvlRestart"), base.restart),
        style=_val(lvl.find(_W + "pStyle"), base.style),
    )


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl → startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl → replacement level
    used: bool = False


@dataclass
class _Counters:
    values: list[int | None] = field(default_factory=lambda: [None] * MAX_LEVELS)


class Numbering:
    """The numbering state of one document; call `label` for each paragraph in document order.

    Ví dụ: for the area headings of a Lâm Đồng plan numbered by Word, successive calls give "1.",
    "2.", … and, under each, "a)", "b)".
    """

    def __init__(self, numbering_xml: etree._Element | None, styles_xml: etree._Element | None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id → numbering style it points to
        self.nums: dict[str, _Num] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_based_on: dict[str, str] = {}
        self.counters: dict[str, _Counters] = {}
        self.rebuilt = 0
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)
        if styles_xml is not None:
            self._read_styles(styles_xml)

    # ---------------------------------------------------------------- reading the parts
    def _read_numbering(self, root: etree._Element) -> None:
        for an in root.iter(_W + "abstractNum"):
            aid = an.get(_W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in an.findall(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0") or 0)
                if 0 <= ilvl < MAX_LEVELS:
                    levels[ilvl] = _parse_level(lvl)
            self.abstracts[aid] = levels
            link = _val(an.find(_W + "numStyleLink"))
            if link:
                self.style_links[aid] = link
        for num in root.iter(_W + "num"):
            nid = num.get(_W + "numId")
            aid = _val(num.find(_W + "abstractNumId"))
            if nid is None or aid is None:
                continue
            entry = _Num(aid)
            for ov in num.findall(_W + "lvlOverride"):
                ilvl = int(ov.get(_W + "ilvl", "0") or 0)
                so = _int(ov.find(_W + "startOverride"))
                if so is not None:
                    entry.starts[ilvl] = so
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    entry.levels[ilvl] = _parse_level(lvl, self.abstracts.get(aid, {}).get(ilvl))
                    if so is None and lvl.find(_W + "start") is not None:
                        entry.starts[ilvl] = entry.levels[ilvl].start
            self.nums[nid] = entry

    def _read_styles(self, root: etree._Element) -> None:
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            if not sid:
                continue
            based = _val(st.find(_W + "basedOn"))
            if based:
                self.style_based_on[sid] = based
            numpr = st.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                self.style_numpr[sid] = (_val(numpr.find(_W + "numId")), _int(numpr.find(_W + "ilvl")))

    # ---------------------------------------------------------------- resolving a paragraph
    def _style_numpr(self, style: str | None) -> tuple[str | None, int | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_numpr:
                nid, ilvl = self.style_numpr[style]
                return nid, ilvl, style
            style = self.style_based_on.get(style)
        return None, None, None

    def _abstract_of(self, num: _Num) -> str:
        aid = num.abstract
        for _ in range(4):  # numStyleLink → style → numId → abstract; a short chain, maybe a loop
            link = self.style_links.get(aid)
            if not link:
                break
            nid, _, _ = self._style_numpr(link)
            target = self.nums.get(nid or "")
            if target is None or target.abstract == aid:
                break
            aid = target.abstract
        return aid

    def _level(self, num: _Num, aid: str, ilvl: int) -> Level:
        if ilvl in num.levels:
            return num.levels[ilvl]
        return self.abstracts.get(aid, {}).get(ilvl, Level(text=f"%{ilvl + 1}."))

    def list_of(self, p: etree._Element) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph's list, or None when it is not a list item."""
        ppr = p.find(_W + "pPr")
        style = _val(ppr.find(_W + "pStyle")) if ppr is not None else None
        direct = ppr.find(_W + "numPr") if ppr is not None else None
        nid = ilvl = None
        if direct is not None:
            nid = _val(direct.find(_W + "numId"))
            ilvl = _int(direct.find(_W + "ilvl"))
        s_nid, s_ilvl, s_style = self._style_numpr(style)
        if nid is None:
            nid = s_nid
            if ilvl is None:
                ilvl = s_ilvl
        if nid is None or nid == "0" or nid not in self.nums:
            return None
        if ilvl is None:
            # A style bound to a level (w:lvl/w:pStyle) gives the level; else level 0.
            aid = self._abstract_of(self.nums[nid])
            bound = s_style or style
            ilvl = next((k for k, lv in self.abstracts.get(aid, {}).items() if bound and lv.style == bound), 0)
        return nid, max(0, min(MAX_LEVELS - 1, ilvl))

    def label(self, p: etree._Element) -> str | None:
        """The label Word draws before paragraph `p` ("1.", "a)", "II.", "1.2.", "-"), or None.

        Advances the counters, so call it once per paragraph, in document order.
        Ví dụ: a paragraph "Cải cách thể chế" in a decimal list, first of its level → "1.".
        """
        found = self.list_of(p)
        if found is None:
            return None
        nid, ilvl = found
        num = self.nums[nid]
        aid = self._abstract_of(num)
        state = self.counters.setdefault(aid, _Counters())
        if not num.used:
            num.used = True
            for k, start in num.starts.items():
                if 0 <= k < MAX_LEVELS:
                    state.values[k] = start - 1  # a restart: the next use of level k shows `start`
        level = self._level(num, aid, ilvl)
        current = state.values[ilvl]
        state.values[ilvl] = (level.start if current is None else current + 1)
        for k in range(ilvl + 1, MAX_LEVELS):
            deeper = self._level(num, aid, k)
            restart_after = deeper.restart if deeper.restart is not None else k
            if restart_after != 0 and ilvl < restart_after:
                state.values[k] = None
        if level.fmt == "bullet":
            self.rebuilt += 1
            return _BULLET_KEEP.get(level.text.strip(), "-")

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < MAX_LEVELS:
                return ""
            lv = self._level(num, aid, k)
            value = state.values[k]
            if value is None:
                value = lv.start
            fmt = "decimal" if (level.is_lgl and lv.fmt != "none") else lv.fmt
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", fill, level.text).strip()
        if not text:
            return None
        self.rebuilt += 1
        return text

