"""Sections: the heading hierarchy as Vietnamese plans write it.

Markers: capital letters (A., B.), Roman numerals (I., II.), Arabic numbers (1., 2.) and dotted
numbers (1.1., 1.2.), letters (a), b) and a., b.; đ included), ordinals ("Thứ nhất, …"), and an
appendix ("PHỤ LỤC"). Dash and "+" lines are items of their parent, never sections.

Levels come from the marker kinds in the order the document uses them: a kind already open on the
stack closes everything below it and makes a sibling, a new kind opens a child. So "b." after "a)"
stays a sibling of "a)", and "Thứ nhất" under "III." becomes III.1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.extractors.header import Layout
from kehoach.pipeline.document import UPPER, Doc, first_sentence, is_table_row
from kehoach.schemas import Section, Span

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load((DATA / "headings.yaml").read_text(encoding="utf-8"))


_ROMAN = "XXXIX|XXXVIII|XXXVII|XXXVI|XXXV|XXXIV|XXXIII|XXXII|XXXI|XXX|XXIX|XXVIII|XXVII|XXVI|XXV|XXIV|XXIII|XXII|XXI|XX|XIX|XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I"
_ROMAN_VALUES = {r: i for i, r in enumerate(reversed(_ROMAN.split("|")), start=1)}

_MARKERS = [
    ("chapter", re.compile(r"^(?P<label>Chương|CHƯƠNG)\s+(?P<rest>(?:[IVXLC]+|\d+)\b.*)$")),
    ("article", re.compile(r"^(?P<label>Điều)\s+(?P<rest>\d+\s*[.:].*)$")),
    ("ordinal", re.compile(r"^Thứ\s+(?P<label>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:.]\s*(?P<rest>.*)$")),
    ("roman", re.compile(rf"^(?P<label>{_ROMAN})\s*[.\-–)]\s*(?P<rest>\S.*)$")),
    ("upper", re.compile(r"^(?P<label>[A-HK-UW-Z])\s*[.)]\s+(?P<rest>\S.*)$")),
    ("dotted", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<rest>\S.*)$")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})\s*[.)](?:\s+|(?=[^\d\s]))(?P<rest>\S.*)$")),
    ("lower", re.compile(r"^(?P<label>[a-zđ])\s*[.)]\s+(?P<rest>\S.*)$")),
    # "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì, …": a number in brackets opens an item
    ("paren", re.compile(r"^\((?P<label>\d{1,2}|[ivx]{1,4})\)\s+(?P<rest>\S.*)$")),
    ("appendix", re.compile(r"^(?P<label>PHỤ LỤC|Phụ lục)(?P<rest>(?:\s+[\dIVX]+)?\s*[:.]?\s*.*)$")),
]
# A single Roman letter (I, V, X …) or a capital letter: decided by what the document already uses.
_AMBIGUOUS = set("IVXLCDM")
_LOWER_ORDER = "abcdđeghiklmnopqrstuvxy"


@dataclass
class HeadingLine:
    kind: str
    label: str
    heading: str
    rest: str  # the whole text after the marker
    line_index: int
    rest_start: int  # offset of `rest` in the text


def _is_upper_heading_text(rest: str) -> bool:
    letters = [c for c in rest[:60] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def _read_marker(text: str, state: dict) -> tuple[str, str, str] | None:
    """(kind, label, rest) of a heading line, or None."""
    stripped = text.strip()
    if not stripped or stripped[0] in "-+•*–":
        return None
    for kind, pattern in _MARKERS:
        m = pattern.match(stripped)
        if not m:
            continue
        label, rest = m.group("label"), m.group("rest").strip()
        if kind == "roman" and label in _AMBIGUOUS and len(label) == 1:
            last_upper = state.get("upper")
            last_roman = state.get("roman")
            if last_upper and ord(label) == ord(last_upper) + 1 and not (last_roman and _ROMAN_VALUES.get(label) == _ROMAN_VALUES.get(last_roman, 0) + 1):
                kind = "upper"
        if kind == "upper" and not _is_upper_heading_text(rest):
            continue  # "A. " before ordinary prose is not a part heading
        if kind == "appendix":
            rest = rest.lstrip(":. ") or label
        if kind in ("chapter", "article"):
            # "Chương II. TỔ CHỨC THỰC HIỆN", "Điều 3. Tổ chức thực hiện": the number is the label.
            number, rest = re.match(r"(\S+?)\s*[.:]?\s*(.*)$", rest).groups()
            label = number
        return kind, label, rest
    return None


_GROUP_ROW = re.compile(rf"^(?P<label>{_ROMAN})[ ]\|[ ](?P<rest>[^|]*\S[^|]*)$")


def _group_row(doc: Doc, i: int) -> tuple[str, str, str] | None:
    """A table's group row ("I | KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO …", its Roman number in the
    first cell and its title across the rest) is a heading, as Word's merged row is: beside rows
    of the table, with a title of at least two words."""
    m = _GROUP_ROW.match(doc.lines[i].text.strip())
    if m is None or len(m.group("rest").split()) < 2:
        return None
    near = [ln for ln in doc.lines[max(0, i - 3):i] if not ln.blank][-1:] + \
        [ln for ln in doc.lines[i + 1:i + 4] if not ln.blank][:1]
    if not any(is_table_row(ln) for ln in near):
        return None
    return "roman", m.group("label"), m.group("rest").strip()


def _appendix_heading(doc: Doc, i: int, hi: int) -> str:
    """An appendix's heading is its whole title: "PHỤ LỤC DANH MỤC NHIỆM VỤ …" as printed, and a bare
    "PHỤ LỤC" or "PHỤ LỤC II" line with the upper-case title line under it ("NHIỆM VỤ CỦA CÁC SỞ,
    BAN, NGÀNH …")."""
    own = " ".join(doc.lines[i].text.split())
    if not _APPENDIX_LABEL.sub("", own):  # the label alone: "PHỤ LỤC", "PHỤ LỤC II", "Phụ lục số 2"
        nxt = next((ln for ln in doc.lines[i + 1:min(i + 4, hi)] if not ln.blank), None)
        if nxt is not None and not is_table_row(nxt) and _is_upper_heading_text(nxt.text) \
                and _read_marker(nxt.text, {}) is None:
            return f"{own.rstrip(':. ')} {' '.join(nxt.text.split())}"
    return first_sentence(own).rstrip(" :")


def read_headings(doc: Doc, layout: Layout) -> list[HeadingLine]:
    """Every heading line in the body and the appendix, in order."""
    state: dict = {}
    out: list[HeadingLine] = []
    ranges = [(layout.body_start, layout.body_end)]
    if layout.appendix_start is not None:
        ranges.append((layout.appendix_start, len(doc.lines)))
    for lo, hi in ranges:
        for i in range(lo, hi):
            line = doc.lines[i]
            if is_table_row(line) or line.blank:
                continue
            found = _read_marker(line.text, state)
            if found is None and (group := _group_row(doc, i)) is not None:
                found = group
            if found is None and i == layout.appendix_start:
                # The document a Quyết định issues ("CHƯƠNG TRÌNH …") starts an appendix part.
                found = ("appendix", "PHỤ LỤC", line.text.strip())
            if found is None:
                continue
            kind, label, rest = found
            if kind in ("roman", "upper"):
                state[kind] = label
            lead = len(line.text) - len(line.text.lstrip())
            rest_start = line.start + lead + line.text.strip().find(rest) if rest else line.end
            heading = first_sentence(rest).rstrip(" :")
            if kind == "appendix" and line.text.strip().startswith(label):
                heading = _appendix_heading(doc, i, hi)
            out.append(HeadingLine(kind, label, heading, rest, i, rest_start))
    return out


def _id_part(h: HeadingLine, parent: Section | None) -> str:
    if h.kind == "ordinal":
        return str(_data()["ordinals"][h.label])
    if h.kind == "dotted":
        return h.label.rsplit(".", 1)[1]
    if h.kind == "chapter":
        return "Ch" + h.label
    if h.kind == "article":
        return "Đ" + h.label
    if h.kind == "appendix":
        number = re.match(r"\s*([\dIVX]+)\b", h.rest)
        return "PL" + (number.group(1) if number and h.rest.strip() != h.label else "")
    return h.label


def build_sections(doc: Doc, headings: list[HeadingLine]) -> list[Section]:
    """Sections with ids, levels and parents from a document's heading lines.

    Ví dụ: "B." → "I." → "2." → "a)" gives the ids B, B.I, B.I.2, B.I.2.a.
    """
    stack: list[tuple[str, Section]] = []
    sections: list[Section] = []
    seen: set[str] = set()
    for h in headings:
        kind = h.kind
        if kind == "dotted":
            kind = f"dotted{h.label.count('.')}"
        if kind == "appendix":
            stack = []
        elif any(k == kind for k, _ in stack):
            while stack and stack[-1][0] != kind:
                stack.pop()
            stack.pop()
        parent = stack[-1][1] if stack else None
        part = _id_part(h, parent)
        sid = f"{parent.id}.{part}" if parent else part
        base, n = sid, 2
        while sid in seen:
            sid = f"{base}~{n}"
            n += 1
        seen.add(sid)
        line = doc.lines[h.line_index]
        section = Section(
            id=sid,
            label=h.label,
            marker="arabic_dotted" if h.kind == "dotted" else h.kind,
            level=len(stack) + 1,
            heading=h.heading,
            parent_id=parent.id if parent else None,
            span=Span(start=line.start, end=line.end),
            line=line.number,
        )
        sections.append(section)
        stack.append((kind, section))
    return sections


@lru_cache(maxsize=8)
def _prefix_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:(?:CÁC|NHỮNG|MỘT SỐ)\s+)?(?P<word>{alternation})(?!\w)")


def _prefix_length(text: str, words: list[str]) -> int:
    """Length of the longest of `words` the part starts with (after "CÁC"/"NHỮNG"/"MỘT SỐ"), or 0."""
    m = _prefix_pattern(tuple(words)).match(text.strip())
    return len(m.group("word")) if m else 0


# An appendix's heading keeps its label ("PHỤ LỤC II DANH MỤC NHIỆM VỤ …"); what the part is,
# the words after it say.
_APPENDIX_LABEL = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[\dIVX]+|số\s+\d+)\b)?\s*[:.\-–]?\s*")


def _part_words(heading: str) -> str:
    """What a heading says its part is: an appendix's heading without its label."""
    return _APPENDIX_LABEL.sub("", heading) or heading


_PART_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+VÀ\s+")


@lru_cache(maxsize=4096)
def part_role(heading: str, *, announced: bool = False) -> str | None:
    """'background' or 'action' for what a heading names, or None when it does not say.

    Ví dụ: part_role("MỤC ĐÍCH, YÊU CẦU") → "background"; part_role("ĐỐI TƯỢNG, NỘI DUNG THI ĐUA")
    → None (its sub-headings say); part_role("Nội dung thi đua") → "action".
    """
    data = _data()
    heading = _part_words(heading)
    upper = heading.isupper()
    text = heading.upper()
    # Under a heading that announced both kinds of part ("DỰ BÁO … VÀ CÁC GIẢI PHÁP …"), a
    # sub-heading's opening word names its part even when it could also be a verb ("1. Dự báo …").
    background_words = data["background_parts"] if upper or announced else [
        w for w in data["background_parts"] if w not in data["upper_case_only"]]
    # A heading in capitals or a short one names parts; a long lower-case heading is a sentence
    # (a duty, or a description) and only its opening words can name a part.
    short = len(heading.split()) <= 6
    parts = _PART_SEPARATOR.split(text) if upper or short else [text]
    kinds = set()
    for part in parts:
        background = _prefix_length(part, background_words)
        action = _prefix_length(part, data["action_parts"])
        if background > action:
            kinds.add("background")
        elif action and (upper or short):
            # A short lower-case sub-heading names a part ("Nội dung thi đua"); a long one is a duty.
            kinds.add("action")
    return kinds.pop() if len(kinds) == 1 else None


@lru_cache(maxsize=4096)
def aims_part(heading: str) -> bool:
    """True for a heading that names only the aims of a plan ("I. MỤC ĐÍCH, YÊU CẦU", "2. Mục tiêu
    cụ thể"): what such a part asks of bodies are requirements, not assigned duties."""
    return _names_only(heading, "aim_parts")


@lru_cache(maxsize=4096)
def scope_part(heading: str) -> bool:
    """True for a heading that names only whom a plan covers ("1. Đối tượng thi đua", "PHẠM VI, ĐỐI
    TƯỢNG"): the bodies listed there are covered, not asked to act."""
    return _names_only(heading, "scope_parts")


def _names_only(heading: str, key: str) -> bool:
    heading = _part_words(heading)
    words = _data()[key]
    parts = [p for p in _PART_SEPARATOR.split(heading.upper()) if p.strip()]
    return bool(parts) and all(_prefix_length(p, words) for p in parts)


@lru_cache(maxsize=4096)
def _names_both(heading: str) -> bool:
    """True for a heading that names a background part and a task part ("DỰ BÁO … VÀ CÁC GIẢI PHÁP …")."""
    data = _data()
    parts = _PART_SEPARATOR.split(_part_words(heading).upper())
    kinds = {("background" if _prefix_length(p, data["background_parts"]) > _prefix_length(p, data["action_parts"])
              else "action" if _prefix_length(p, data["action_parts"]) else None) for p in parts}
    return {"background", "action"} <= kinds


def section_roles(sections: list[Section]) -> dict[str, str]:
    """'background' or 'action' for every section, from the nearest ancestor that says.

    Ví dụ: "I. MỤC ĐÍCH, YÊU CẦU" and all below it → background; "II. NHIỆM VỤ" → action.
    """
    by_id = {s.id: s for s in sections}
    roles: dict[str, str] = {}

    def role_of(node: Section) -> str:
        if node.id not in roles:
            parent = by_id.get(node.parent_id) if node.parent_id else None
            # A part heading (I., A., Chương) names a part by its opening word ("I. Đánh giá chung").
            announced = node.marker in ("roman", "upper", "chapter") or (
                parent is not None and _names_both(parent.heading))
            roles[node.id] = part_role(node.heading, announced=announced) or (
                role_of(parent) if parent is not None else "action")
        return roles[node.id]

    for s in sections:
        role_of(s)
    return {s.id: roles[s.id] for s in sections}


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(w.lower() for w in _data()["labels"])


def is_label(heading: str) -> bool:
    """True for headings that only label what follows ("Nhiệm vụ:", "Cơ quan thực hiện")."""
    head = heading.split(":")[0].strip().rstrip(".")
    return head.lower() in _labels()


def extract_sections(doc: Doc, layout: Layout) -> list[Section]:
    """Return the document's sections in order."""
    return build_sections(doc, read_headings(doc, layout))
