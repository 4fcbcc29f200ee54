"""Deadlines: Vietnamese time phrases → `Deadline` (dates, recurrence, continuous duties).

Two entry points:

- `parse_deadline` reads a phrase that is the whole value of a field or a table cell
  ("Thời gian thực hiện: Quý IV/2025- Quý II/2026") and always returns a Deadline for a
  non-empty value, with only `text` set when the value names no date ("Theo lộ trình của Bộ").
- `find_deadline` looks for the most specific time phrase inside running task text
  ("... báo cáo ... trước ngày 30/11 hằng năm để tổng hợp") and returns None when there is none.

How it works: one regex, compiled at import from named sub-patterns and the word lists in
`data/deadline_phrases.yaml`, cuts the text into *atoms* (a date, a month, a quarter, a year,
a recurrence word, a trigger word such as "trước"/"trong"/"từ", "thường xuyên" …). Atoms that
stand next to each other (only spaces, brackets or dashes between them) form one *phrase*, which
is then read as a whole: "Quý IV/2025- Quý II/2026" is two quarters joined into a range,
"trước ngày 30/11 hằng năm" is a day and month that recur every year.

In running text a phrase counts only when the language marks it as a time limit: a strong
trigger ("trước ngày", "hoàn thành", "xong trong"), a recurrence word in a position where it
qualifies the duty (start or end of a clause, or the period of a report), or any time phrase at
the start of a clause ("Trong 6 tháng cuối năm 2017 tập trung ..."). So the date of a cited
document ("Chỉ thị số 26/CT-BTTTT ngày 21/6/2017") and adjectives ("phong trào thi đua thường
xuyên", "dự toán kinh phí hàng năm") do not make deadlines.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from kehoach.schemas import Deadline, Span

__all__ = ["parse_deadline", "find_deadline", "PHRASES"]

_DATA_PATH = Path(__file__).parent / "data" / "deadline_phrases.yaml"
PHRASES: dict[str, Any] = yaml.safe_load(_DATA_PATH.read_text(encoding="utf-8"))
"""The word lists, as loaded from deadline_phrases.yaml (read-only by convention)."""

_FLAGS = re.IGNORECASE | re.UNICODE
_VARIANTS: dict[str, list[str]] = {k.lower(): v for k, v in (PHRASES.get("variants") or {}).items()}


# --------------------------------------------------------------------------- pattern building


def _word_rx(phrase: str) -> str:
    """Regex for one phrase: words joined by any run of spaces, each word with its variants."""
    parts = []
    for word in phrase.split():
        alts = [word, *_VARIANTS.get(word.lower(), [])]
        parts.append("(?:" + "|".join(re.escape(a) for a in alts) + ")")
    return r"\s+".join(parts)


def _alt(phrases: list[str]) -> str:
    """Whole-word alternation of phrases, longest first so "hoàn thành trước" beats "hoàn thành"."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return r"(?<!\w)(?:" + "|".join(_word_rx(p) for p in ordered) + r")(?!\w)"


def _phrases(section: str) -> list[str]:
    return [p for entry in PHRASES.get(section) or [] for p in entry["phrases"]]


def _calendar_word(name: str) -> str:
    for entry in PHRASES["calendar"]:
        if entry["name"] == name:
            return "(?:" + "|".join(_word_rx(p) for p in entry["phrases"]) + ")"
    raise KeyError(name)


def _prefixed(kind: str, pattern: str) -> str:
    """The same pattern with its group names prefixed by the kind, so kinds can share a regex."""
    pattern = re.sub(r"\(\?P<(\w+)>", rf"(?P<{kind}__\1>", pattern)
    return re.sub(r"\(\?\((\w+)\)", rf"(?({kind}__\1)", pattern)


_DAYW, _MONW, _QW, _YW = (_calendar_word(n) for n in ("day", "month", "quarter", "year"))

# Number boundaries: a day, month or year never starts or ends inside a longer number or a
# document symbol ("145/2020/NĐ-CP" holds no date).
_NB = r"(?<![\w/.:\-])"
_NE = r"(?![\w/]|[.\-]\d)"
_D = r"(?P<d>0?[1-9]|[12]\d|3[01])"
_M = r"(?P<m>0?[1-9]|1[0-2])"
_Y = r"(?P<y>(?:19|20)\d\d)"
_SEP = r"[/.\-]"
_YEAR_AFTER = rf"(?:\s*[/\-]\s*|\s+{_YW}\s+|\s*,\s*{_YW}\s+)"  # "/2025", "-2025", " năm 2025"

_SUB_PATTERNS: dict[str, str] = {
    # "ngày 07 tháng 9 năm 2015", "ngày 30 tháng 11"
    "DATE_TXT": rf"{_DAYW}\s+{_NB}{_D}\s+{_MONW}\s+{_M}(?:\s*,?\s*{_YW}\s+{_Y})?{_NE}",
    # "31/12/2025", "ngày 07.9.2015", "01-7-2025"
    "DATE_Y": rf"(?:{_DAYW}\s+)?{_NB}{_D}{_SEP}{_M}{_SEP}{_Y}{_NE}",
    # "30/11", "ngày 30-11" (a bare "30.11" needs "ngày": it is too often a section number)
    "DATE": rf"(?P<nd>{_DAYW}\s+)?{_NB}{_D}(?:/|(?(nd)[.\-]|(?!))){_M}{_NE}",
    # "Tháng 12/2025", "tháng 12 năm 2025"
    "MONTH": rf"{_MONW}\s+{_NB}{_M}{_YEAR_AFTER}{_Y}{_NE}",
    # "Quý III/2017", "Quý III Năm 2026", "quý 4", "Quý IV"
    "QUARTER": rf"{_QW}\s+(?P<q>IV|I{{1,3}}|[1-4])(?!\w)(?:{_YEAR_AFTER}{_Y}{_NE})?",
    # "6 tháng đầu năm 2026", "6 tháng cuối năm"
    "HALF": rf"(?P<h>{_alt(_phrases('halves'))})(?:\s+{_NB}{_Y}{_NE})?",
    # "2026-2030", "năm 2026 – 2030"
    "YEAR_RANGE": rf"(?:{_YW}\s+)?{_NB}(?P<y1>(?:19|20)\d\d)\s*[-–—]\s*(?:{_YW}\s+)?(?P<y2>(?:19|20)\d\d){_NE}",
    # "năm 2025", "2025"
    "YEAR": rf"(?:{_YW}\s+)?{_NB}{_Y}{_NE}",
    # "ngày 20" (only meaningful with "hằng tháng")
    "DAY": rf"{_DAYW}\s+{_NB}{_D}(?!\d|\s*{_SEP}\s*\d|\s+{_MONW})",
}

# Word atoms, built from the YAML lists. A recurrence word is never followed by a number
# ("hằng năm 2025" is not a recurrence).
_WORD_PATTERNS: dict[str, str] = {
    "REC": _alt(_phrases("recurrence")) + r"(?!\s+\d)",
    "OPEN": _alt(_phrases("open_end")),
    "ONGOING": _alt(_phrases("ongoing")),
    "PERIODIC": _alt(_phrases("periodic")),
    "PREFIX": _alt(_phrases("period_prefixes")),
    "TRIG": _alt(_phrases("triggers")),
}

# Order matters where two atoms can start at the same place: the first alternative wins.
_ORDER = ["REC", "HALF", "OPEN", "ONGOING", "PERIODIC", "PREFIX", "DATE_TXT", "DATE_Y", "DATE",
          "MONTH", "QUARTER", "YEAR_RANGE", "YEAR", "DAY", "TRIG"]
_ALL = {**_SUB_PATTERNS, **_WORD_PATTERNS}
# Every atom starts at the start of a word: saying so once, in front of the alternation, lets the
# engine skip the inside of words without trying each alternative there (about 5× faster).
_SCANNER = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<{k}>{_prefixed(k, _ALL[k])})" for k in _ORDER) + ")", _FLAGS)
_DETAIL = {k: re.compile(v, _FLAGS) for k, v in _SUB_PATTERNS.items()}


def _entry_matchers(section: str) -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    return [(re.compile(_alt(e["phrases"]), _FLAGS), e) for e in PHRASES.get(section) or []]


_REC_ENTRIES = _entry_matchers("recurrence")
_TRIG_ENTRIES = _entry_matchers("triggers")
_HALF_ENTRIES = _entry_matchers("halves")
_CONNECTOR_GAP = re.compile(r"\s*" + _alt(_phrases("connectors")) + r"\s*", _FLAGS)
_PLAIN_GAP = re.compile(r"[\s()\-–—]*")
_COMMA_GAP = re.compile(r"\s*,\s*")
_DROP_TAIL = re.compile(r"\s*[,;(]?\s*" + _alt(_phrases("drop_tails")), _FLAGS)
_NOUN_HEAD = re.compile(_alt(_phrases("noun_heads")), _FLAGS)
_REPORTING = re.compile(_alt(_phrases("reporting_verbs")), _FLAGS)
_OF_NEXT = re.compile(r"\s*của(?!\w)", _FLAGS)  # "Nghị quyết hằng năm của HĐND": a noun phrase
# A line prefix that is only a list label: "-", "a)", "1.", "1.2.", "II.", "(3)".
_LABEL_ONLY = re.compile(r"(?:[-+•*–—]|\(?[a-zđ]\)|\(?\d+(?:\.\d+)*[.)]?|[IVXLC]+[.)]|[A-Z][.)])", _FLAGS)
_TRAILING_JUNK = re.compile(r"[\s.;,:]*(?:\./\.)?[\s.;,:]*$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_CORE = {"REC", "ONGOING", "HALF", "DATE_TXT", "DATE_Y", "DATE", "MONTH", "QUARTER", "YEAR_RANGE", "YEAR", "DAY"}
_DATED = {"DATE_TXT", "DATE_Y", "DATE"}
_PERIODS = {"DATE_TXT", "DATE_Y", "DATE", "MONTH", "QUARTER", "HALF", "YEAR_RANGE", "YEAR"}


# --------------------------------------------------------------------------- atoms and phrases


@dataclass
class _Atom:
    kind: str
    start: int
    end: int
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Phrase:
    atoms: list[_Atom]
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)

    def kinds(self) -> set[str]:
        return {a.kind for a in self.atoms}

    @property
    def strong(self) -> bool:
        return any(a.kind == "TRIG" and a.info.get("strong") for a in self.atoms)

    @property
    def score(self) -> int:
        """Specificity: 3 dated, 2 recurring, 1 continuous, 0 nothing determined."""
        f = self.fields
        if f.get("start") or f.get("due") or f.get("day_month"):
            return 3
        if f.get("recurrence"):
            return 2
        return 1 if f.get("ongoing") else 0


def _atom_info(kind: str, text: str, m: re.Match[str]) -> dict[str, Any]:
    if kind in _DETAIL:
        d = _DETAIL[kind].fullmatch(text, m.start(), m.end())
        if d is None:  # cannot happen: the scanner used the same pattern
            return {}
        info = {k: v for k, v in d.groupdict().items() if v is not None and k != "nd"}
        if kind == "HALF":
            words = info.pop("h", "")
            info["half"] = next((e["half"] for rx, e in _HALF_ENTRIES if rx.fullmatch(words)), None)
        return info
    if kind == "REC":
        return {"value": next((e["value"] for rx, e in _REC_ENTRIES if rx.fullmatch(m.group())), None)}
    if kind == "TRIG":
        entry = next((e for rx, e in _TRIG_ENTRIES if rx.fullmatch(m.group())), {})
        return {"role": entry.get("role"), "strong": bool(entry.get("strong"))}
    return {}


def _atoms(text: str) -> list[_Atom]:
    return [_Atom(m.lastgroup or "", m.start(), m.end(), _atom_info(m.lastgroup or "", text, m))
            for m in _SCANNER.finditer(text)]


def _joinable(text: str, left: _Atom, right: _Atom) -> bool:
    gap = text[left.end:right.start]
    if _PLAIN_GAP.fullmatch(gap):
        return True
    # "Quý I và Quý II năm 2026": a connector only joins two time expressions.
    if _CONNECTOR_GAP.fullmatch(gap):
        return left.kind in _CORE and right.kind in _CORE
    # "Hằng năm, trước ngày 15/12": a comma joins a recurrence and the day it falls on.
    if _COMMA_GAP.fullmatch(gap):
        dayish = _DATED | {"DAY", "TRIG"}
        return (left.kind == "REC" and right.kind in dayish) or (left.kind in _DATED | {"DAY"} and right.kind == "REC")
    return False


def _phrases_in(text: str) -> list[_Phrase]:
    """Adjacent atoms grouped into phrases; modifiers with no time word next to them dropped."""
    groups: list[list[_Atom]] = []
    for atom in _atoms(text):
        if groups and _joinable(text, groups[-1][-1], atom):
            groups[-1].append(atom)
        else:
            groups.append([atom])
    out = []
    for g in groups:
        if not any(a.kind in _CORE for a in g):
            continue
        while g[-1].kind in ("TRIG", "PERIODIC", "PREFIX"):
            g.pop()
        end = g[-1].end
        # "hằng năm (trước ngày 15 tháng 11)": take the closing bracket with it.
        span_text = text[g[0].start:end]
        if span_text.count("(") > span_text.count(")"):
            close = re.match(r"\s*\)", text[end:])
            if close:
                end += close.end()
        out.append(_Phrase(g, g[0].start, end))
    return out


# --------------------------------------------------------------------------- reading a phrase


def _date(y: int, m: int, d: int) -> Optional[_dt.date]:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> Optional[_dt.date]:
    nxt = _date(y + (m == 12), m % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1) if nxt else None


def _bounds(atom: _Atom, year: Optional[int]) -> tuple[Optional[_dt.date], Optional[_dt.date]]:
    """First and last day of the period an atom names (None where undetermined or invalid)."""
    i = atom.info
    y = int(i["y"]) if "y" in i else year
    k = atom.kind
    if k == "YEAR_RANGE":
        y1, y2 = int(i["y1"]), int(i["y2"])
        return (_date(y1, 1, 1), _date(y2, 12, 31)) if y1 <= y2 else (None, None)
    if y is None:
        return None, None
    if k in _DATED:
        d = _date(y, int(i["m"]), int(i["d"]))
        return d, d
    if k == "MONTH":
        return _date(y, int(i["m"]), 1), _month_end(y, int(i["m"]))
    if k == "QUARTER":
        q = i["q"].lower()
        q = _ROMAN.get(q) or int(q)
        return _date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if k == "HALF" and i.get("half") in (1, 2):
        return (_date(y, 1, 1), _date(y, 6, 30)) if i["half"] == 1 else (_date(y, 7, 1), _date(y, 12, 31))
    if k == "YEAR":
        return _date(y, 1, 1), _date(y, 12, 31)
    return None, None


def _due_of(atom: _Atom, role: Optional[str], s: _dt.date, e: _dt.date) -> Optional[_dt.date]:
    if role == "due" and atom.kind not in _DATED:
        return s - _dt.timedelta(days=1)  # "trước Quý IV/2025": by the end of Quý III
    if role == "from":
        return None
    return e


def _read(phrase: _Phrase, doc_year: Optional[int]) -> dict[str, Any]:
    """The Deadline fields a phrase determines."""
    atoms = phrase.atoms
    f: dict[str, Any] = {}
    rec = next((a.info.get("value") for a in atoms if a.kind == "REC"), None)
    if rec:
        f["recurrence"] = rec
    if any(a.kind == "ONGOING" for a in atoms):
        f["ongoing"] = True

    # The day of a recurring deadline: "trước ngày 30/11 hằng năm", "trước ngày 20 hằng tháng".
    if rec in ("yearly", "monthly"):
        day = next((a for a in atoms if a.kind in _DATED or a.kind == "DAY"), None)
        if day is not None:
            d, m = int(day.info["d"]), int(day.info.get("m", 0) or 0)
            if rec == "yearly" and m and _date(2000, m, d):
                f["day_month"] = f"{d:02d}/{m:02d}"
            elif rec == "monthly":
                f["day_month"] = f"{d:02d}"

    # Periods with the trigger in force before each.
    periods: list[tuple[_Atom, Optional[str]]] = []
    role: Optional[str] = None
    for a in atoms:
        if a.kind == "TRIG":
            role = a.info.get("role")
        elif a.kind in _PERIODS:
            if rec and a.kind in _DATED:
                continue  # the day of the recurrence, read above
            periods.append((a, role))
            role = None
    # A year written once for several periods: "Quý I và Quý II năm 2026".
    year: Optional[int] = None
    bounds: list[tuple[_Atom, Optional[str], _dt.date, _dt.date]] = []
    for a, r in reversed(periods):
        if "y" in a.info:
            year = int(a.info["y"])
        fallback = year
        if fallback is None and a.kind in _DATED and not rec:
            fallback = doc_year  # "trước ngày 30/11" in a 2025 document
        s, e = _bounds(a, fallback)
        if s and e:
            bounds.insert(0, (a, r, s, e))
    start = due = None
    if len(bounds) == 1:
        a, r, s, e = bounds[0]
        if a.kind in _DATED:
            start, due = (s, None) if r == "from" else (None, s)
        elif r in ("due", "complete", "to") or (r == "within" and a.kind == "YEAR"):
            due = _due_of(a, r, s, e)  # "Hoàn thành trong năm 2025": by the end of the year
        elif r == "from":
            start = s
        else:
            start, due = s, e
    elif len(bounds) > 1:
        (_, r1, s1, _), (a2, r2, s2, e2) = bounds[0], bounds[-1]
        start = s1 if r1 in (None, "from", "within") else None
        due = _due_of(a2, r2, s2, e2)
    if any(a.kind == "OPEN" for a in atoms):
        due = None  # "... và các năm tiếp theo"
    if start:
        f["start"] = start.isoformat()
    if due and (start is None or due >= start):
        f["due"] = due.isoformat()
    return f


# --------------------------------------------------------------------------- positions in text


def _clause_start(text: str, i: int) -> bool:
    """True where position i opens a line, a sentence or a clause (after a list label or ':')."""
    before = text[text.rfind("\n", 0, i) + 1:i].strip()
    return not before or before[-1] in ".;:!?(" or bool(_LABEL_ONLY.fullmatch(before))


def _clause_end(text: str, j: int) -> bool:
    after = text[j:].lstrip(" )")
    return not after or after[0] in ".;!?\n"


def _segment_before(text: str, i: int) -> str:
    """The text of the current clause part up to i (since the last , ; : . or line break)."""
    cut = max(text.rfind(c, 0, i) for c in ",;:.\n")
    return text[cut + 1:i]


def _reference_date(text: str, phrase: _Phrase) -> bool:
    """A date with no trigger word that does not open a clause: the date of a cited document."""
    kinds = phrase.kinds()
    return (bool(kinds & _DATED) and "TRIG" not in kinds and "REC" not in kinds
            and not _clause_start(text, phrase.start))


def _counts_in_running_text(text: str, p: _Phrase) -> bool:
    kinds = p.kinds()
    if p.strong:
        return True
    if "REC" in kinds:
        if kinds & (_DATED | {"DAY"}) or "PERIODIC" in kinds:
            return True
        if _OF_NEXT.match(text, p.end):
            return False
        if _clause_start(text, p.start):
            return True
        segment = _segment_before(text, p.start)
        if _NOUN_HEAD.search(segment):
            return False
        return _clause_end(text, p.end) or bool(_REPORTING.search(segment))
    return _clause_start(text, p.start)


def _best(phrases: list[_Phrase]) -> Optional[_Phrase]:
    scored = [p for p in phrases if p.score > 0]
    return max(scored, key=lambda p: (p.score, -p.start)) if scored else None


def _clean_value(text: str) -> tuple[int, int]:
    """Start and end of a field value once the trailing '.' and qualifying tails are cut."""
    lead = len(text) - len(text.lstrip())
    end = len(text)
    tail = _DROP_TAIL.search(text, lead)
    if tail and tail.start() > lead:
        end = tail.start()
    end = lead + len(_TRAILING_JUNK.sub("", text[lead:end]))
    return lead, end


# --------------------------------------------------------------------------- public API


def parse_deadline(text: str, offset: int = 0, line: int | None = None, *,
                   doc_year: int | None = None) -> Deadline | None:
    """The Deadline a field value or table cell states, or None for an empty value.

    Example: parse_deadline("Quý IV/2025- Quý II/2026") gives text "Quý IV/2025- Quý II/2026",
    start "2025-10-01", due "2026-06-30"; parse_deadline("Hàng tháng hoặc Quý, tùy theo tình hình
    của đơn vị") gives text "Hàng tháng hoặc Quý", recurrence "monthly|quarterly". A value that
    names no time ("Theo lộ trình, hướng dẫn của Bộ, ngành") comes back with only `text`.
    `text` is the value as written without its trailing '.', `span` is offset-based.
    """
    if not isinstance(text, str):
        return None
    i, j = _clean_value(text)
    if j <= i:
        return None
    value = text[i:j]
    fields: dict[str, Any] = {}
    candidates = []
    for p in _phrases_in(value):
        if _reference_date(value, p):
            continue
        p.fields = _read(p, doc_year)
        candidates.append(p)
    best = _best(candidates)
    if best is not None:
        fields = best.fields
    return Deadline(text=value, span=Span(start=offset + i, end=offset + j), line=line, **fields)


_MAYBE_TIME = re.compile(
    r"\d|(?<!\w)(?:hằng|hàng|mỗi|nửa|định|liên|thường|sáu|quý|quí|tuần|tháng|năm|ngày|giai)(?!\w)", _FLAGS)
"""A cheap test run before the scanner: every time phrase holds a digit or one of these words."""


def find_deadline(text: str, offset: int = 0, line: int | None = None, *,
                  doc_year: int | None = None) -> Deadline | None:
    """The most specific deadline phrase inside running task text, or None.

    Example: find_deadline("Yêu cầu các cơ quan báo cáo kết quả về Sở Thông tin và Truyền thông
    trước ngày 30/11 hằng năm để tổng hợp") gives text "trước ngày 30/11 hằng năm", recurrence
    "yearly", day_month "30/11", span of the phrase (+offset). Dates of cited documents
    ("Nghị định số 145/2020/NĐ-CP ngày 14 tháng 12 năm 2020") and adjectives ("phong trào thi đua
    thường xuyên") are not deadlines. A dated phrase beats a recurrence, which beats "thường
    xuyên"; among equals the first wins.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    if not _MAYBE_TIME.search(text):
        return None  # no digit and no time word: nothing to scan for
    candidates = []
    for p in _phrases_in(text):
        if _reference_date(text, p) or not _counts_in_running_text(text, p):
            continue
        p.fields = _read(p, doc_year)
        candidates.append(p)
    best = _best(candidates)
    if best is None:
        return None
    return Deadline(text=text[best.start:best.end], span=Span(start=offset + best.start, end=offset + best.end),
                    line=line, **best.fields)
