"""Saved web pages of a legal portal, and crawler copies: the document written back in the
canonical line layout, and the page's metadata kept as header evidence.

A portal's page saved as text holds the document among page furniture: a banner, "Đang tải văn
bản...", a metadata table ("Số hiệu: | 223/CĐ-TTg", "Loại văn bản: | Công điện" …) and, after the
signature, the portal's own title of the document, related documents, contact details and notices.
The document itself often sits on one very long line: the header rows, the title, every paragraph
of the body, "Nơi nhận" and the signature joined with spaces and " | ", where a table's last row
carries on into the text after the table and the text before a table into its first row.

`rebuild(text)` finds the document inside such a page and writes it back one paragraph a line:
the header rows ("ISSUER | CỘNG HÒA …", "Số: … | place, date"), the type line, the title, the line
of who speaks ("THỦ TƯỚNG CHÍNH PHỦ điện:"), the preamble ("Căn cứ …" one a line), every heading
and item marker at the start of its line, table rows kept whole, "Nơi nhận: … | signature" as one
row. Glued text is cut before a marker ("2.", "b)", "- ", "II.", "Điều 3.", "(1)", "Thứ hai,")
only where the language allows a new paragraph: after a sentence end or ":" / ";", or after a
heading printed in upper case, and in sequence with the markers before it ("1." … "2." …). A
marker after a reference word ("khoản 2.", "Điều 5 Luật …") or inside a number ("12.5 tỷ") never
cuts. The furniture is dropped; the metadata table comes back as (label, value) pairs.

Crawler copies (a page or plain text) get two repairs: a breadcrumb the crawler repeats before a
heading (the document's short name with its own number, "Quyết định 1509/QĐ-UBND năm 2025 …",
and the part's title) is dropped, and a heading number glued to the end of the line before its
item ("… trong tình hình mới 1.1" / "Tăng cường …") is moved to the start of the item's line.

A page printed and copied out (pasted into Word first: pdftotext's copy of that print, rebuilt by
the hard-wrap reader) keeps the metadata labels but not their pairing: a label is never taken for
a value, and the document's header cells, mixed among the metadata ("Tình trạng: THỦ TƯỚNG CHÍNH
PHỦ -------" | "Đang cập nhật Đã biết CỘNG HÒA XÃ HỘI …"), give its header row back. Where the
labels and the whole document came back on one row (every cell of the page's row followed from
page to page), the document starts after the last label before the row's long cells.

Text that is neither a saved page nor in need of a repair gives None, and the reader keeps it byte
for byte. Otherwise every output line has the 1-based line of the file where its text starts
(a blank line between paragraphs takes the line of the paragraph after it).
Words and patterns: data/web_page.yaml.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.pipeline.document import LOWER, UPPER

DATA = Path(__file__).parent / "data" / "web_page.yaml"

CONVERSION = "web page→document"
"""What `RawText.conversions` records for a saved page read as its document."""

REPAIRED = "crawler copy repaired"
"""What `RawText.conversions` records when only the crawler repairs changed the text."""


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))

    def nfc(value):
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [nfc(v) for v in value]
        return value

    return {key: nfc(value) for key, value in raw.items()}


@dataclass(frozen=True)
class Rebuilt:
    """A document taken out of a saved page or repaired: its text and where each line came from."""

    text: str
    lines: tuple[int, ...]  # per output line, the 1-based file line where its text starts
    metadata: tuple[tuple[str, str], ...] = ()  # the page's "Label: | value" pairs, placeholders dropped
    conversions: tuple[str, ...] = ()
    offsets: tuple[int, ...] = ()  # per output line, the offset in the text read where it starts


@dataclass
class _Unit:
    start: int  # offset in the (NFC) file text of the unit's first character
    text: str
    kind: str  # "row" and "line" keep the file's line structure; "para" stands between blank lines


# --- the page: detection, metadata, where the document starts and ends -----------------------------------

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c]")  # the breaks normalisation counts as lines


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


@lru_cache(maxsize=1)
def _page_mark() -> re.Pattern[str]:
    """The portal's marks, also with their words cut by a narrow column ("Đa ng tải văn bản")."""
    loose = ["(?:" + r"\s?".join(re.escape(c) for c in m.replace(" ", "")) + ")" for m in _data()["page_marks"]]
    return re.compile("|".join(loose))


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    labels = sorted(_data()["metadata_labels"], key=len, reverse=True)
    return re.compile(r"(?:^|(?<=[\s|#.]))(" + "|".join(map(re.escape, labels)) + r")\s*:\s*\|\s*([^|]*)")


@lru_cache(maxsize=1)
def _label_start() -> re.Pattern[str]:
    labels = sorted(_data()["metadata_labels"], key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(map(re.escape, labels)) + r")\s*:")


@dataclass
class _Page:
    doc_start: int
    doc_end: int
    metadata: tuple[tuple[str, str], ...]


def _read_page(text: str, lines: list[tuple[int, str]]) -> _Page | None:
    """Where the document stands in a saved portal page, and the page's metadata; None for other text."""
    data = _data()
    head = lines[: data["head_lines"]]
    if not any("|" in line for _, line in head):
        return None
    marked = any(_page_mark().search(line) for _, line in head)
    pairs: list[tuple[str, str]] = []
    labels: set[str] = set()
    last = -1
    for i, (_, line) in enumerate(head):
        for m in _label_pattern().finditer(line):
            labels.add(m.group(1))
            value = " ".join(m.group(2).split())
            # A page printed and copied loses the pairing: the cell after a label may hold the
            # next labels ("Nơi ban hành: | Người ký:"), which is no value.
            if not _label_start().match(value):
                pairs.append((m.group(1), value))
            last = i
    if len(labels) < (2 if marked else 3):
        return None
    doc_start = lines[last + 1][0] if last + 1 < len(lines) else len(text)
    line_start, line = lines[last]
    long_cell = re.search(r"[^|]{%d,}" % _LONG_CELL, line)
    if long_cell:
        # A printed page rebuilt from its narrow columns holds the labels and the document on one
        # line: the document starts after the last label before its longest cells.
        ends = [m.end() for m in _label_start().finditer(line, 0, long_cell.start())]
        if ends:
            doc_start = line_start + ends[-1]
    placeholders = set(data["placeholder_values"])
    metadata = tuple((label, value) for label, value in pairs if value and value not in placeholders)
    return _Page(doc_start, _document_end(text, doc_start, dict(metadata)), metadata)


_LONG_CELL = 1000
"""Characters of a cell that only a document's body fills (a page's labels and values are short)."""

_NOTICE_LEAD = 40
"""Characters of a line that may stand before a notice's end mark and go with it ("TP. HCM, ngày …")."""


def _document_end(text: str, start: int, meta: dict[str, str]) -> int:
    """Offset where the portal's text after the document begins."""
    data = _data()
    end = len(text)
    for mark in data["end_marks"]:
        i = text.find(mark, start)
        if i < 0:
            continue
        # "TP. HCM, ngày 31/05/2021 Thưa Quý khách, …": a short lead-in on the mark's line goes too.
        line_start = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1
        if line_start >= start and i - line_start <= _NOTICE_LEAD and "|" not in text[line_start:i]:
            i = line_start
        end = min(end, i)
    # The portal's own title of the document stands just before its notes: "Công điện 223/CĐ-TTg
    # năm 2025 tập trung … do Thủ tướng Chính phủ điện Văn bản này chưa cập nhật …".
    symbol = meta.get("Số hiệu")
    if symbol and end < len(text):
        types = [meta["Loại văn bản"]] if meta.get("Loại văn bản") else []
        types += data["portal_types"]
        title = re.compile(r"(?:^|(?<=[\s|#]))(?:" + "|".join(map(re.escape, types)) + r")\s+" + re.escape(symbol) + r"(?![\w/-])", re.I)
        window_start = max(start, end - data["title_reach"])
        found = [m.start() for m in title.finditer(text, window_start, end)]
        if found:
            end = found[-1]
    # Separators and heading marks the page left at the cut.
    while end > start and (text[end - 1].isspace() or text[end - 1] in "|#"):
        end -= 1
    return end


# --- markers and the paragraph splitter --------------------------------------------------------------

_ROMAN_NUMERAL = re.compile(r"^(?=[IVXLC])(?P<c>C{0,3})(?P<x>XC|XL|L?X{0,3})(?P<i>IX|IV|V?I{0,3})$")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int | None:
    if not _ROMAN_NUMERAL.match(numeral):
        return None
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        va, vb = _ROMAN_DIGITS[a], _ROMAN_DIGITS.get(b, 0)
        total += -va if va < vb else va
    return total


_LOWER_ORDER = "abcdđeghiklmnopqrstuvxy"
_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


@lru_cache(maxsize=1)
def _candidates() -> re.Pattern[str]:
    data = _data()
    closing = "|".join(map(re.escape, data["closing_lines"]))
    preamble = "|".join(map(re.escape, sorted(data["preamble_openers"], key=len, reverse=True)))
    return re.compile(
        r"(?:(?<=\s)|^)(?:"
        r"(?P<hash>#{1,6})(?=\s|$)"
        r"|(?P<nhan>Nơi nhận\s*:)"
        r"|(?P<sign>(?:TM|KT|TL|TUQ)\.)(?=\s)"
        r"|(?P<article>Điều\s+(?P<article_n>\d{1,3})[a-zđ]?\s*[.:])(?=\s)"
        r"|(?P<chapter>(?:Chương|CHƯƠNG)\s+(?P<chapter_n>[IVXLC]+|\d{1,2}))(?=[\s.:])"
        r"|(?P<part>(?:Phần|PHẦN|Mục|MỤC)\s+(?P<part_n>[IVXLC]+|\d{1,2}))(?=[\s.:])"
        r"|(?P<appendix>PHỤ LỤC)(?=[\s:.]|$)"
        r"|(?P<attached>\((?:Ban hành )?[Kk]èm theo)(?=\s)"
        rf"|(?P<closing>(?:{closing})\s*:)"
        rf"|(?P<preamble>(?:{preamble}))(?=\s)"
        r"|(?P<ordinal>Thứ\s+(?P<ordinal_n>" + "|".join(_ORDINALS) + r")\s*[,:.])"
        r"|(?P<step>Bước\s+(?P<step_n>\d{1,2})\s*[:.])(?=\s)"
        r"|(?P<roman>(?P<roman_n>[IVXLC]{1,7})\s?[.)])(?=\s)"
        r"|(?P<upper>(?P<upper_n>[A-HK-UW-Z])[.)])(?=\s)"
        r"|(?P<dotted>(?P<dotted_n>\d{1,2}(?:\.\d{1,2}){1,3})\.?)(?=\s)"
        r"|(?P<arabic>(?P<arabic_n>\d{1,2})[.)])(?=\s)"
        r"|(?P<lower>(?P<lower_n>[a-zđ])[.)])(?=\s)"
        r"|(?P<paren>\((?P<paren_n>\d{1,2})\))(?=\s)"
        r"|(?P<proman>\((?P<proman_n>[ivx]{1,5})\))(?=\s)"
        r"|(?P<dash>[-–+•])(?=\s+\S)"
        r")"
    )


_KINDS = ("hash", "nhan", "sign", "article", "chapter", "part", "appendix", "attached", "closing", "preamble",
          "ordinal", "step", "roman", "upper", "dotted", "arabic", "lower", "paren", "proman", "dash")
_SENTENCE_END = (".", ";", ":", "!", "?", "…", ".)", ".”", '."', ";)", ":)")
_OPENING = "“\"'(«[‘"
_NAME_WORD = rf"{UPPER}{LOWER}*"
_SIGNATURE = re.compile(
    rf"^(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?(?:[^\w\s]*{UPPER}[{UPPER[1:-1]}\-,.]*\s+)+(?:\(Đã ký\)\s+)?"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$"
)


@dataclass
class _State:
    """What the splitter has seen so far in the document: the last number of each marker kind."""

    last: dict = field(default_factory=dict)
    dotted: tuple[int, ...] = ()
    body: bool = False  # a heading of the body was seen: the preamble is over


@lru_cache(maxsize=1)
def _reference_words() -> frozenset[str]:
    return frozenset(_data()["reference_words"])


def _last_words(text: str, n: int = 2) -> list[str]:
    return text.split()[-n:]


def _after_reference(before: str) -> bool:
    words = _last_words(before)
    refs = _reference_words()
    return bool(words) and (words[-1] in refs or " ".join(words) in refs)


def _upper_heading(paragraph: str) -> bool:
    """True when the paragraph so far is a heading printed in upper case ("I. VỀ HOÀN THIỆN THỂ CHẾ")."""
    letters = [c for c in paragraph if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _fits(kind: str, m: re.Match[str], state: _State, strict: bool = False) -> bool:
    """Whether the marker continues its kind's sequence; `strict` leaves out a fresh start at 1."""
    last = state.last
    if kind == "dotted":
        parts = tuple(int(p) for p in m.group("dotted_n").split("."))
        prefix, n = parts[:-1], parts[-1]
        if n == 1 and (prefix == (last.get("arabic"),) or prefix == state.dotted):
            return True
        d = state.dotted
        if len(d) >= len(parts) and d[: len(prefix)] == prefix and n == d[len(parts) - 1] + 1:
            return True
        return not strict and n == 1 and len(parts) == 2 and bool(d) and prefix[0] == d[0] + 1
    n = _number(kind, m)
    if n is None:
        return kind not in ("article", "arabic", "paren", "chapter", "part", "step", "roman", "proman",
                            "upper", "lower", "ordinal")
    return n == last.get(kind, 0) + 1 or (n == 1 and not strict)


def _number(kind: str, m: re.Match[str]) -> int | None:
    """The value of a marker: "III." → 3, "c)" → 3, "Thứ hai," → 2; None for other kinds."""
    if kind in ("article", "arabic", "paren", "chapter", "part", "step"):
        raw = m.group(f"{kind}_n")
        return int(raw) if raw.isdigit() else _roman_value(raw)
    if kind in ("roman", "proman"):
        return _roman_value(m.group(f"{kind}_n").upper())
    if kind == "upper":
        return ord(m.group("upper_n")) - ord("A") + 1
    if kind == "lower":
        return _LOWER_ORDER.index(m.group("lower_n")) + 1
    if kind == "ordinal":
        return _ORDINALS.index(m.group("ordinal_n")) + 1
    return None


_GAP = 2
"""Items of a list that may have been lost before a numbered item cut after a sentence end."""


def _remember(kind: str, m: re.Match[str], state: _State) -> None:
    if kind == "dotted":
        state.dotted = tuple(int(p) for p in m.group("dotted_n").split("."))
        state.last["arabic"] = state.dotted[0]
        return
    if kind in ("article", "arabic", "paren", "chapter", "part", "step"):
        raw = m.group(f"{kind}_n")
        state.last[kind] = int(raw) if raw.isdigit() else (_roman_value(raw) or 0)
        if kind == "arabic":
            state.dotted = ()
    elif kind in ("roman", "proman"):
        state.last[kind] = _roman_value(m.group(f"{kind}_n").upper()) or 0
    elif kind == "upper":
        state.last[kind] = ord(m.group("upper_n")) - ord("A") + 1
    elif kind == "lower":
        state.last[kind] = _LOWER_ORDER.index(m.group("lower_n")) + 1
    elif kind == "ordinal":
        state.last[kind] = _ORDINALS.index(m.group("ordinal_n")) + 1


def _kind_of(m: re.Match[str], state: _State) -> str:
    kind = next(k for k in _KINDS if m.group(k) is not None)
    if kind == "roman" and len(m.group("roman_n")) == 1 and not _fits("roman", m, state):
        # "C." after "B." is a letter; "I." after "H." too, when Roman numbering does not go on.
        letter = m.group("roman_n")
        if ord(letter) == state.last.get("upper", -1) + ord("A"):
            return "upper_from_roman"
    return kind


def split_paragraphs(block: str, base: int = 0, state: _State | None = None) -> list[tuple[int, str]]:
    """The paragraphs of a run of glued text, each with its offset (`base` + position in `block`).

    Ví dụ: split_paragraphs("… Thủ tướng Chính phủ yêu cầu: 1. Đồng chí Bí thư … 2. Chủ tịch …: - Chịu
    trách nhiệm …") → ["… yêu cầu:", "1. Đồng chí Bí thư …", "2. Chủ tịch …:", "- Chịu trách nhiệm …"];
    "… quy định tại khoản 2. Điều 5 Luật …" stays one paragraph.
    """
    state = state if state is not None else _State()
    cuts: list[tuple[int, int]] = []  # (position, characters dropped there)
    para_start = 0
    para_kind: str | None = None  # the marker that opened the paragraph being read
    kinds: dict[int, str] = {}  # position of each accepted marker → its kind
    footer = False
    for m in _candidates().finditer(block):
        kind = _kind_of(m, state)
        pos, end = m.start(), m.end()
        before = block[para_start:pos].rstrip()
        if kind == "hash":
            cuts.append((pos, end - pos))
            para_start, para_kind = end, None
            continue
        if kind == "nhan":
            cuts.append((pos, 0))
            para_start, footer = pos, True
            continue
        if footer:
            if kind == "sign" and before:
                cuts.append((pos, 0))
                para_start = pos
            continue
        if kind == "sign":
            continue
        punct = not before or before.endswith(_SENTENCE_END) or _closes_note(before)
        heading = not punct and _upper_heading(_strip_marker(before))
        following = block[end:].lstrip()[:1]
        titled = not punct and not heading and _first_item_after_title(kind, m, state, para_kind, before, following)
        if not titled and not _allowed(kind, m, state, punct, heading, before, following):
            continue
        if kind == "upper_from_roman":
            state.last["upper"] = state.last.get("upper", 0) + 1
        else:
            _remember(kind, m, state)
        if kind in ("article", "roman", "upper", "upper_from_roman", "arabic", "dotted", "closing", "chapter", "part"):
            state.body = True
        if pos > para_start or cuts:
            cuts.append((pos, 0))
        para_start, para_kind = pos, kind
        kinds[pos] = kind
    out: list[tuple[int, str]] = []
    bounds = [(0, 0), *cuts, (len(block), 0)]
    for (a, skip), (b, _) in zip(bounds, bounds[1:]):
        piece = block[a + skip: b]
        stripped = piece.strip().rstrip("#").rstrip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            start = a + skip + lead
            out += _upper_title_split(base + start, " ".join(stripped.split()), kinds.get(start))
    return out


_UPPER_TITLED = ("roman", "upper", "upper_from_roman", "chapter", "part", "appendix")


def _upper_title_split(offset: int, paragraph: str, kind: str | None) -> list[tuple[int, str]]:
    """A part heading printed in upper case, cut from the text that runs on after it.

    Ví dụ: "I. ĐÁNH GIÁ CHUNG Thay mặt Thủ tướng Chính phủ, biểu dương …" → "I. ĐÁNH GIÁ CHUNG",
    "Thay mặt Thủ tướng …"; "Chương I NHỮNG QUY ĐỊNH CHUNG" → "Chương I", "NHỮNG QUY ĐỊNH CHUNG" as
    the document prints a chapter. Offsets are kept only approximately inside collapsed spaces.
    """
    if kind not in _UPPER_TITLED:
        return [(offset, paragraph)]
    marker = _candidates().match(paragraph)
    if marker is None:
        return [(offset, paragraph)]
    after = marker.end()
    words = list(re.finditer(r"\S+", paragraph[after:]))
    i = 0
    while i < len(words) and not _has_lower(words[i].group()):
        i += 1
    out = []
    if kind == "chapter" and i >= 1:
        out.append((offset, paragraph[:after].strip()))
        offset, paragraph, after = offset + after + words[0].start(), paragraph[after + words[0].start():], 0
        words = list(re.finditer(r"\S+", paragraph))
    letters = sum(c.isalpha() for w in words[:i] for c in w.group())
    if i < 2 or i == len(words) or letters < 4:
        return [*out, (offset, paragraph)]
    nxt = words[i].group()
    if not (nxt[:1].isupper() and _has_lower(nxt)):
        return [*out, (offset, paragraph)]
    cut = after + words[i].start()
    return [*out, (offset, paragraph[:cut].rstrip()), (offset + cut, paragraph[cut:])]


_TITLE_LENGTH = 160
"""Characters a heading's own title may have before its first item follows without punctuation."""

_HEADINGS = ("article", "chapter", "part", "roman", "upper", "upper_from_roman", "arabic", "dotted")


def _first_item_after_title(kind: str, m: re.Match[str], state: _State, para_kind: str | None, before: str,
                            following: str) -> bool:
    """The first item of a list right after a heading's short title, with no punctuation between.

    Ví dụ: "Điều 2. Hiệu lực thi hành 1. Nghị quyết này có hiệu lực …", "1. Bộ trưởng các Bộ, Thủ
    trưởng cơ quan ngang bộ a) Tập trung triển khai …": the title carries no sentence end, the item
    is the first of its kind ("1.", "a)", "(1)", "N.1") under a heading of another kind.
    """
    if kind == "dash":
        return _first_dash_after_title(m.group("dash"), para_kind, before, m.string[m.end():])
    if para_kind not in _HEADINGS or kind == para_kind or kind not in ("arabic", "lower", "paren", "dotted", "step"):
        return False
    title = _strip_marker(before)
    if not title or len(title) > _TITLE_LENGTH or re.search(r"[.;:!?]", title) or _after_reference(before):
        return False
    if not before[-1:].isalnum() and before[-1:] not in ")”\"":
        return False
    if kind == "lower":
        first = m.group("lower_n") == "a"
    elif kind == "dotted":
        first = m.group("dotted_n").endswith(".1") and _fits(kind, m, state)
    else:
        first = m.group(f"{kind}_n") in ("1", "01")
    capital = following.isupper() or following.isdigit() or following in _OPENING or (kind == "lower" and following.isalpha())
    return first and capital


def _first_dash_after_title(dash: str, para_kind: str | None, before: str, after: str) -> bool:
    """A "-" item right after a heading's short title, or a "+" item right after a "-" item's.

    Ví dụ: "1. Hoàn thiện thể chế - Nghiên cứu, xây dựng Luật …", "- Giai đoạn 2025-2027 + 100% dịch
    vụ công …"; never "… cao tốc Sơn La - Điện Biên …" (a name goes on) nor "2021 - 2025".
    """
    title = _strip_marker(before)
    if not title or len(title) > _TITLE_LENGTH or re.search(r"[.;:!?]", title) or not before[-1:].isalnum():
        return False
    words = after.split()[:2]
    if dash == "+" and para_kind == "dash":
        return bool(words) and (words[0][:1].isupper() or words[0][:1].isdigit())
    if dash == "+" or para_kind not in _HEADINGS or len(words) < 2:
        return False
    first, second = words
    return first[:1].isupper() and not _has_lower(first[:1]) and second[:1].islower()


def _upper_words(text: str) -> int:
    """How many words in upper case open `text` (digits and punctuation aside)."""
    count = 0
    for word in text.split()[:6]:
        letters = [c for c in word if c.isalpha()]
        if not letters or not all(c.isupper() for c in letters):
            break
        count += 1
    return count


def _closes_note(before: str) -> bool:
    """Whether `before` ends with a whole note in brackets after a finished sentence.

    Ví dụ: "… của Sở Dân tộc và Tôn giáo tỉnh Bắc Ninh. (Có Phụ lục đính kèm)" then "Điều 2. …".
    """
    if not before.endswith(")"):
        return False
    opening = before.rfind("(")
    return opening > 0 and ")" not in before[opening:-1] and before[:opening].rstrip().endswith(_SENTENCE_END)


def _strip_marker(paragraph: str) -> str:
    m = _candidates().match(paragraph)
    return paragraph[m.end():] if m else paragraph


def _allowed(kind: str, m: re.Match[str], state: _State, punct: bool, heading: bool, before: str, following: str) -> bool:
    """Whether a marker found in glued text starts a new paragraph there."""
    if kind == "closing":  # "… Xét đề nghị của Giám đốc Sở …, QUYẾT ĐỊNH: Điều 1. …"
        return punct or heading or before.endswith(",")
    if kind in ("chapter", "part", "appendix", "attached"):
        return punct or heading
    if kind == "preamble":
        return not state.body and (not before or before.endswith((";", ".", ":")))
    if kind == "upper_from_roman":
        return (punct or heading) and following.isupper()
    if kind == "dash":
        return punct and following not in ("-", "")
    if kind == "article":
        # "Điều N." after a sentence end and before a capital is a heading even where the numbering
        # jumps (an article the page lost); a reference ("tại Điều 4.") has a word before it.
        n = int(m.group("article_n"))
        capital = following.isupper() or following.isdigit() or following in _OPENING
        return (punct or heading) and capital and (n == 1 or n > state.last.get("article", 0))
    # Numbered and lettered items.
    capital = following.isupper() or following.isdigit() or following in _OPENING
    if kind in ("lower", "proman", "ordinal"):
        capital = following.isalnum() or following in _OPENING
    if not capital:
        return False
    if punct or heading:
        # A part heading printed in upper case ("II. MỤC TIÊU ĐẾN NĂM 2030") stands even where the
        # numbering before it was lost.
        if _fits(kind, m, state) or (kind in ("roman", "upper") and _upper_words(m.string[m.end():]) >= 2):
            return True
        # An item after one or two the page lost ("… thực hiện. 5. Bộ Tài chính …" after "3.").
        n, last = _number(kind, m), state.last.get(kind, 0)
        return kind in ("arabic", "lower", "paren") and n is not None and last + 1 < n <= last + 1 + _GAP
    # Without a sentence end only a dotted number that goes on exactly where the outline is
    # ("… trong tình hình mới 1.2 Tăng cường …" after 1.1), after a word that is no reference.
    return (kind == "dotted" and before[-1:].isalpha() and not _after_reference(before)
            and _fits(kind, m, state, strict=True))


# --- the header block, signatures and table rows ------------------------------------------------------

@lru_cache(maxsize=1)
def _type_start() -> re.Pattern[str]:
    types = sorted(_data()["type_lines"], key=len)
    return re.compile(r"^(?:#+\s+)*(?P<type>" + "|".join(map(re.escape, types)) + r")(?=\s+[^\s:])")


@lru_cache(maxsize=1)
def _authority() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(_data()["authorities"]) + r")$")


@lru_cache(maxsize=1)
def _openers() -> re.Pattern[str]:
    words = sorted(_data()["openers"], key=len, reverse=True)
    return re.compile(r"(?<=\s)(?:" + "|".join(map(re.escape, words)) + r")(?=\s)")


def _has_lower(word: str) -> bool:
    return any(c.islower() for c in word)


def _authority_start(run: str) -> int | None:
    """Where the speaker's name starts at the end of an upper-case title run, or None."""
    blockers = set(_data()["authority_blockers"])
    pattern = _authority()
    for m in re.finditer(r"(?:^|(?<=\s))\S", run):
        start = m.start()
        if start == 0:
            continue
        if pattern.fullmatch(run[start:].rstrip()) is None:
            continue
        previous = run[:start].split()[-1]
        if previous.strip(",") in blockers or previous.endswith(","):
            continue
        return start
    return None


def _type_block(piece: str, base: int, state: _State) -> list[tuple[int, str]] | None:
    """A piece that opens with a document type: type line, title, speaker, then the paragraphs.

    Ví dụ: "CÔNG ĐIỆN V/V TẬP TRUNG ỨNG PHÓ LŨ … THỦ TƯỚNG CHÍNH PHỦ điện: - Bí thư …" →
    "CÔNG ĐIỆN", "V/V TẬP TRUNG ỨNG PHÓ LŨ …", "THỦ TƯỚNG CHÍNH PHỦ điện:", "- Bí thư …".
    """
    m = _type_start().match(piece)
    if m is None:
        return None
    out = [(base + m.start("type"), m.group("type"))]
    rest_at = m.end()
    words = list(re.finditer(r"\S+", piece[rest_at:]))
    upper = 0
    while upper < len(words) and not _has_lower(words[upper].group()):
        upper += 1
    if upper >= 2:
        title_end = rest_at + words[upper - 1].end()
        run = piece[rest_at:title_end]
        speaker = _authority_start(run)
        after = title_end
        if speaker is not None:
            title_end = rest_at + speaker
            # The telegram's formula: "THỦ TƯỚNG CHÍNH PHỦ điện:".
            if upper < len(words) and words[upper].group().endswith(":") and len(words[upper].group()) <= 8:
                after = rest_at + words[upper].end()
    else:
        # A title in mixed case runs to the first opener of the next paragraph ("… Thực hiện
        # Quyết định số …"), to "(Ban hành kèm theo …)", or to the first marker after a sentence end.
        rest = piece[rest_at:]
        stops = [len(rest)]
        opener = _openers().search(rest, 1)
        if opener:
            stops.append(opener.start())
        attached = re.search(r"\s\((?:Ban hành )?[Kk]èm theo\s", rest)
        if attached:
            stops.append(attached.start())
        cut = split_paragraphs(rest, 0, _State())
        if len(cut) > 1:
            stops.append(cut[1][0])
        title_end = after = rest_at + min(stops)
        speaker = None
    title = piece[rest_at:title_end].strip()
    if title:
        out.append((base + rest_at + len(piece[rest_at:title_end]) - len(piece[rest_at:title_end].lstrip()), " ".join(title.split())))
    if speaker is not None:
        out.append((base + title_end, " ".join(piece[title_end:after].split())))
    out += split_paragraphs(piece[after:], base + after, state)
    return out


def _is_signature(text: str) -> bool:
    """A signature cell: a formula or a signer's title in upper case, then a name ("THỦ TƯỚNG Phạm Minh Chính")."""
    text = text.strip()
    if len(text) > 160 or _SIGNATURE.match(text) is None:
        return False
    return text.startswith(("TM.", "KT.", "TL.", "TUQ.", "Q.")) or any(t in text for t in _data()["signer_titles"])


def _special(text: str) -> bool:
    """A piece that cannot be a table cell: a heading, "Nơi nhận", a signature, a document type."""
    t = text.lstrip("# ")
    return bool(
        t.startswith(("Nơi nhận", "PHỤ LỤC", "Phụ lục"))
        or _is_signature(t)
        or _type_start().match(t)
        or re.match(r"(?:Điều \d+\s*[.:]|(?:Chương|CHƯƠNG|PHẦN|Phần) [IVXLC\d]+\b)", t)
        or "./." in t
    )


def _cell_like(text: str, limit: int) -> bool:
    return len(text) <= limit and not _special(text)


_PIECE_SEP = re.compile(r"\s*\|\s*")


def _pieces(line: str, start: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _PIECE_SEP.finditer(line):
        out.append((start + pos, line[pos:m.start()]))
        pos = m.end()
    out.append((start + pos, line[pos:]))
    # Offsets at the first character of each piece's text.
    return [(o + len(t) - len(t.lstrip()), t.strip()) for o, t in out]


_ROW_CELL = 300
"""Characters a cell may have when it is read as part of a table row glued to running text."""

_LEADING_CELL = 600
"""Characters a cell of a table's last row may have, glued in front of the text after the table."""


def _header_rows(pieces: list[tuple[int, str]]) -> tuple[list[_Unit], int]:
    """The header block's rows at the start of the document: issuer | motto, number | place and date."""
    units, i = [], 0
    for _ in range(2):
        if i + 1 < len(pieces) and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in pieces[i + 1][1].upper().replace("HOÀ", "HÒA"):
            units.append(_Unit(pieces[i][0], f"{pieces[i][1]} | {pieces[i + 1][1]}", "row"))
            i += 2
        elif i + 1 < len(pieces) and re.match(r"(?:Số|SỐ)\s*:", pieces[i][1]) and ", ngày" in pieces[i + 1][1]:
            units.append(_Unit(pieces[i][0], f"{pieces[i][1]} | {pieces[i + 1][1]}", "row"))
            i += 2
    return units, i


def _document_units(text: str, lines: list[tuple[int, str]], page: _Page) -> list[_Unit]:
    # The document may start inside a line, after the page's labels on it (`_read_page`).
    cut = [(s, t) if s >= page.doc_start else (page.doc_start, t[page.doc_start - s:])
           for s, t in lines if page.doc_start <= s < page.doc_end or s < page.doc_start < s + len(t)]
    region = [(s, t[: max(0, page.doc_end - s)]) for s, t in cut]
    state = _State()
    units: list[_Unit] = []
    width = 0  # cells of the table row just written, 0 after running text
    typed = False  # the document's type line was written
    shapes = [len(_PIECE_SEP.findall(t)) + 1 if t.strip() else 0 for _, t in region]
    for n, (start, line) in enumerate(region):
        if not line.strip():
            units.append(_Unit(start, "", "blank"))  # the file's own blank lines stay
            continue
        pieces = _pieces(line, start)
        next_is_row = n + 1 < len(shapes) and shapes[n + 1] >= 2
        # Rows of one table come in runs of the same shape; a glued line rarely has its neighbour's.
        same_shape = len(pieces) >= 3 and len(pieces) in (shapes[n - 1] if n else 0, shapes[n + 1] if n + 1 < len(shapes) else 0)
        new: list[_Unit] = []
        i = 0
        if not units or not typed:
            rows, i = _header_rows(pieces)
            new += rows
        if len(pieces) == 1 and i == 0:
            paras = split_paragraphs(pieces[0][1], pieces[0][0], state) if pieces[0][1] else []
            if len(paras) == 1 and paras[0][1] == line.strip():
                new.append(_Unit(start, line.strip(), "line"))
            else:
                new += [_Unit(o, t, "para") for o, t in paras]
            units += new
            width = 0
            continue
        rest = pieces[i:]
        if not new and len(rest) >= 2 and (
                (width >= 2 and len(rest) <= width and not any(_special(t) for _, t in rest))  # the table goes on
                or (same_shape and not any(_special(t) for _, t in rest))  # a row like its neighbour
                or all(_cell_like(t, _ROW_CELL) for _, t in rest)):  # a row of short cells
            units += _row(rest)
            width = units[-1].text.count(" | ") + 1 if units and units[-1].kind == "row" else 0
            continue
        # The last row of the table above, glued in front of the text after it.
        if not new and width >= 2:
            j = 0
            while j < min(width, len(rest)) and _cell_like(rest[j][1], _LEADING_CELL):
                j += 1
            if j:
                new += _row(rest[:j])
                rest = rest[j:]
        # The first row of the table below, glued after the text before it.
        k = len(rest)
        while k > 0 and _cell_like(rest[k - 1][1], _ROW_CELL):
            k -= 1
        while k < len(rest) and rest[k][1].startswith("("):
            k += 1  # "(Kèm theo Thông báo … )" under an appendix title is its note, not a cell
        tail: list[_Unit] = []
        if k == 0 and len(rest) >= 2:
            tail, rest = _row(rest, state), []
        elif (next_is_row or _header_like(rest[k:])) and len(rest) - k >= 2:
            tail, rest = _row(rest[k:], state), rest[:k]
        p = 0
        while p < len(rest):
            offset, piece = rest[p]
            if not piece or piece.strip("# ") == "":
                p += 1
                continue
            if piece.startswith("Nơi nhận") and p + 1 < len(rest) and _is_signature(rest[p + 1][1]):
                new.append(_Unit(offset, f"{' '.join(piece.split())} | {rest[p + 1][1]}", "row"))
                p += 2
                continue
            block = _type_block(piece, offset, state) if (not typed or _follows_signature(new, units)) else None
            if block is not None:
                typed = True
            else:
                block = split_paragraphs(piece, offset, state)
            new += [_Unit(o, t, "para") for o, t in block]
            p += 1
            # "… thực hiện./. Nơi nhận: - …" run into the text, the signature in the next cell.
            if new and new[-1].text.startswith("Nơi nhận") and p < len(rest) and _is_signature(rest[p][1]):
                new[-1] = _Unit(new[-1].start, f"{new[-1].text} | {rest[p][1]}", "row")
                p += 1
        new += tail
        units += new
        width = new[-1].text.count(" | ") + 1 if new and new[-1].kind == "row" else 0
    return units


# The motto's first line; a word of it may be cut where the cell was narrower ("CỘN G", "NGHĨ A").
_MOTTO = re.compile(r"\s*".join("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".replace(" ", "")).replace("Ò", "[OÒ]").replace("A", "[AÀ]", 1),
                    re.I)
_RULE = re.compile(r"[-_=]{3,}")


def _printed_header(text: str, page: _Page, units: list[_Unit]) -> _Unit | None:
    """The document's header row ("ISSUER | CỘNG HÒA …") where a printed page mixed its cells
    among the metadata table's (pdftotext's copy of a page pasted into Word: "Tình trạng: THỦ
    TƯỚNG CHÍNH PHỦ -------" | "Đang cập nhật Đã biết CỘNG HÒA XÃ HỘI …"); None when the
    document has its header where it belongs (`_pair_header` mends it there if need be)."""
    if any(_MOTTO.search(u.text) for u in units[:4]):
        return None
    found = list(_MOTTO.finditer(text, 0, page.doc_start))
    if not found:
        return None
    motto_at = found[-1].start()
    line_start = max(text.rfind("\n", 0, motto_at), text.rfind("\r", 0, motto_at)) + 1
    cell_start = max(line_start, text.rfind("|", line_start, motto_at) + 1)
    cell_end = min(i for i in (text.find("|", motto_at), text.find("\n", motto_at), page.doc_start) if i >= 0)
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM " + " ".join(text[found[-1].end():cell_end].split())
    # The issuer: the words in capitals (and the rule under them) that end a cell before, the
    # nearest ("Tình trạng: ỦY BAN NHÂN DÂN TỈNH BẮC NINH ------ | Đang cập nhật Đã biết | Quyết
    # định | CỘNG HÒA …": the page's values may stand between).
    before = text[line_start:cell_start].rstrip(" |")
    for cell in reversed(before.split("|")):
        words = cell.split()
        k = len(words)
        while k and (words[k - 1].isupper() or _RULE.fullmatch(words[k - 1])):
            k -= 1
        if sum(1 for w in words[k:] if w.isupper() and w.isalpha()) >= 2:
            issuer = " ".join(words[k:])
            return _Unit(line_start + before.rfind(issuer), f"{issuer} | {motto}", "row")
    return None


def _pair_header(units: list[_Unit]) -> list[_Unit]:
    """`units` with the issuer's cell and the motto's made one header row again where a printed
    page gave them as two paragraphs, the motto after the page's own values ("VĂN PHÒNG CHÍNH PHỦ
    -------" … "Đang cập nhật Đã biết CỘNG HÒA XÃ HỘI …" → "VĂN PHÒNG CHÍNH PHỦ ------- | CỘNG HÒA
    XÃ HỘI …"); unchanged otherwise."""
    for i, unit in enumerate(units[:4]):
        motto = _MOTTO.search(unit.text)
        if motto is None:
            continue
        issuer = next((u for u in units[:i] if _capitals_cell(u.text)), None)
        if unit.kind == "row" or issuer is None:
            return units
        row = _Unit(issuer.start, f"{issuer.text} | {unit.text[motto.start():]}", "row")
        return [row if u is unit else u for u in units if u is not issuer]
    return units


def _capitals_cell(text: str) -> bool:
    """An issuer's cell: words in capitals, the rule under them ("VĂN PHÒNG CHÍNH PHỦ -------")."""
    words = text.split()
    return (sum(1 for w in words if w.isupper() and w.isalpha()) >= 2
            and all(w.isupper() or _RULE.fullmatch(w) for w in words))


def _header_like(cells: list[tuple[int, str]]) -> bool:
    """A table's header row glued after the text before it: three or more short cells
    ("STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện | Tiến độ")."""
    return len(cells) >= 3 and all(0 < len(t.split()) <= 6 and not t.endswith((".", ";", ":")) for _, t in cells)


def _row(cells: list[tuple[int, str]], state: _State | None = None) -> list[_Unit]:
    """Cells as one table row; a "row" with a single filled cell is that cell's text ("THỦ TƯỚNG
    CHÍNH PHỦ điện: |  | - Bộ trưởng …; - Chủ tịch …;" leaves "- Bộ trưởng …;", "- Chủ tịch …;")."""
    filled = [(o, t) for o, t in cells if t.strip("# ")]
    if len(filled) == 1:
        offset, text = filled[0]
        paras = split_paragraphs(text, offset, state if state is not None else _State())
        return [_Unit(o, t, "para") for o, t in paras]
    if not filled:
        return []
    return [_Unit(filled[0][0], " | ".join(t for _, t in cells[cells.index(filled[0]):]), "row")]


def _follows_signature(new: list[_Unit], units: list[_Unit]) -> bool:
    """Whether the last text written is a signature (a document attached after it may follow)."""
    written = [u for u in (*units, *new) if u.text]
    return bool(written) and _is_signature(written[-1].text.rsplit(" | ", 1)[-1])


# --- crawler repairs ----------------------------------------------------------------------------------

_OWN_NUMBER = re.compile(r"^\s*(?:Số|SỐ)\s*:\s*(\d+[^\s|]*)", re.M)
_LINE_MARKER = re.compile(r"^(?:#+\s+)?(?P<marker>Điều\s+\d+[.:]?|[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)|Chương\s+[IVXLC\d]+|PHẦN\s+[IVXLC\d]+|Phần\s+[IVXLC\d]+)(?=\s|$)")
_GLUED_END = re.compile(r"(?<=[^\W\d_])\s+(?P<marker>\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}\.|[IVXLC]{1,6}\.)$")


def _own_number(text: str, metadata: dict[str, str]) -> str | None:
    """The document's own number: the page's "Số hiệu", else the header's "Số: …"."""
    if metadata.get("Số hiệu"):
        return metadata["Số hiệu"]
    m = _OWN_NUMBER.search(text[:4000])
    return m.group(1) if m else None


_CRUMB_REACH = 600
"""Characters a breadcrumb may run (the short name with its summary, the part's title) before its heading."""

_CRUMB_HEADING = re.compile(
    rf"(?:(?<=[\s|#›»>])|^)(?P<marker>Điều\s+\d+\s*[.:]|[IVXLC]+\.|[A-HK-UW-Z]\.|\d{{1,2}}\.|Chương\s+[IVXLC\d]+|CHƯƠNG\s+[IVXLC\d]+|"
    rf"PHẦN\s+[IVXLC\d]+|Phần\s+[IVXLC\d]+|QUYẾT ĐỊNH\s*:|NGHỊ QUYẾT\s*:|QUYẾT NGHỊ\s*:)(?=\s+(?:{UPPER}|\d)|\s*$)",
    re.M,
)


def _blank_breadcrumbs(text: str, number: str | None, start: int, end: int) -> tuple[str, int]:
    """`text` with the breadcrumbs a crawler repeats before headings blanked out, and how many.

    A breadcrumb names the document by its type and own number, without "số" ("Quyết định
    1509/QĐ-UBND năm 2025 công bố …"), may add the part's title ("II. NỘI DUNG"), and stands right
    before a heading ("Điều 1. …", "II. NỘI DUNG, NHIỆM VỤ …"), on a line of its own or run into the
    text. It becomes spaces, so offsets and lines stay where they were; a part's title it repeats
    goes with it.
    """
    if not number:
        return text, 0
    types = "|".join(map(re.escape, _data()["portal_types"]))
    crumb = re.compile(rf"(?:(?<=[\s|#›»>])|^)(?:{types})\s+{re.escape(number)}(?![\w/-])", re.I | re.M)
    out, count, pos = [], 0, 0
    for m in crumb.finditer(text, start, end):
        if m.start() < pos:
            continue
        first = _CRUMB_HEADING.search(text, m.end(), min(end, m.end() + _CRUMB_REACH))
        if first is None:
            continue
        stop = first.start()
        # The part's title repeated: "… II. NỘI DUNG II. NỘI DUNG, NHIỆM VỤ …".
        marker = " ".join(first.group("marker").split())
        again = text.find(marker, first.end(), min(end, first.end() + _CRUMB_REACH))
        if again > 0 and _same_heading(text[stop:again], text[again: again + (again - stop) + 40]):
            stop = again
        out.append(text[pos: m.start()])
        out.append(re.sub(r"[^\r\n\x0b\x0c]", " ", text[m.start(): stop]))
        pos = stop
        count += 1
    if not count:
        return text, 0
    out.append(text[pos:])
    return "".join(out), count


def _same_heading(a: str, b: str) -> bool:
    """Whether `b` starts with the heading `a` (case and spacing aside)."""
    fa, fb = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return bool(fa) and fb.startswith(fa)


def _move_glued_numbers(units: list[_Unit]) -> int:
    """Move heading numbers glued to the end of the line before their item; return how many moved.

    Ví dụ: "… chủ động ứng phó trong tình hình mới 1.1" / "Tăng cường công tác …" after a heading
    "1." becomes "… trong tình hình mới" / "1.1 Tăng cường công tác …".
    """
    state = _State()
    moved = 0
    for i, u in enumerate(units):
        head = _LINE_MARKER.match(u.text)
        if head:
            _note_heading(head.group("marker"), state)
        m = _GLUED_END.search(u.text)
        if m is None or "|" in u.text or _after_reference(u.text[: m.start()]):
            continue
        j = i + 1
        while j < len(units) and not units[j].text.strip():
            j += 1
        if j >= len(units) or _LINE_MARKER.match(units[j].text) or "|" in units[j].text:
            continue
        first = units[j].text.lstrip()[:1]
        if not (first.isupper() or first in _OPENING):
            continue
        marker = m.group("marker")
        probe = _candidates().match(marker + " X")
        if probe is None:
            continue
        kind = _kind_of(probe, state)
        if kind not in ("dotted", "arabic", "roman") or not _fits(kind, probe, state, strict=kind != "dotted"):
            continue
        _remember(kind, probe, state)
        units[i] = _Unit(u.start, u.text[: m.start()].rstrip(), u.kind)
        units[j] = _Unit(u.start + m.start("marker"), f"{marker} {units[j].text.lstrip()}", units[j].kind)
        moved += 1
    return moved


def _note_heading(marker: str, state: _State) -> None:
    probe = _candidates().match(" ".join(marker.split()) + " X")
    if probe is None:
        return
    kind = _kind_of(probe, state)
    if kind in ("dotted", "arabic", "roman", "article", "upper", "lower"):
        _remember(kind, probe, state)


# --- the entry point ----------------------------------------------------------------------------------

def _quick_reject(text: str) -> bool:
    """True when the text can need nothing: no page furniture, no glued number, no breadcrumb.

    Plain documents pass here on every read, so this looks only at the top of the file, at the ends
    of lines and at the places where the document's own number comes back.
    """
    head = text[:6000]
    if "|" in head and (_page_mark().search(head) or "Số hiệu" in head):
        return False
    return not _may_have_glued_number(text) and not _may_have_breadcrumb(text)


_NUMBER_END = frozenset("0123456789IVXLC")


def _may_have_glued_number(text: str) -> bool:
    # str.splitlines breaks at every break normalisation counts (and a few more): a quick, safe pass.
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        tail = line.rstrip()[-40:]
        # Most lines end a sentence after a word: only "… 1.1", "… 2." or "… II." go further.
        last = tail[-2:-1] if tail.endswith(".") else tail[-1:]
        if last not in _NUMBER_END:
            continue
        m = _GLUED_END.search(tail)
        if m is None or _after_reference(tail[: m.start()]):
            continue
        following = next((n for n in lines[i + 1:] if n.strip()), "").lstrip()
        if following[:1].isupper() and not _LINE_MARKER.match(following):
            return True
    return False


def _may_have_breadcrumb(text: str) -> bool:
    own = _OWN_NUMBER.search(text, 0, 4000)
    if own is None:
        return False
    number = own.group(1)
    types = [t.casefold() for t in _data()["portal_types"]]
    i = text.find(number, own.end())
    while i >= 0:
        before = text[max(0, i - 40): i].rstrip().casefold()
        if any(before.endswith(t) for t in types):
            return True
        i = text.find(number, i + len(number))
    return False


def rebuild(text: str) -> Rebuilt | None:
    """The document inside a saved portal page, or a crawler copy repaired; None when nothing changes.

    Ví dụ: a thuvienphapluat page saved as text ("Đang tải văn bản... # Số hiệu: | 223/CĐ-TTg" …)
    gives "THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA …", "Số: 223/CĐ-TTg | Hà Nội, ngày 20 tháng 11
    năm 2025", "CÔNG ĐIỆN", … "1. Đồng chí Bí thư …", … "Nơi nhận: … | KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG
    Hồ Quốc Dũng", and metadata (("Số hiệu", "223/CĐ-TTg"), ("Loại văn bản", "Công điện"), …).
    """
    if _quick_reject(text):
        return None
    work = unicodedata.normalize("NFC", text)  # composing keeps every line on its line
    lines = _lines(work)
    page = _read_page(work, lines)
    metadata = page.metadata if page is not None else ()
    number = _own_number(work[page.doc_start:] if page else work, dict(metadata))
    work, repairs = _blank_breadcrumbs(work, number, page.doc_start if page else 0, page.doc_end if page else len(work))
    if repairs:
        lines = _lines(work)  # the same line starts: a breadcrumb became spaces
    if page is not None:
        units = _pair_header(_document_units(work, lines, page))
        header = _printed_header(work, page, units)
        if header is not None:
            units.insert(0, header)
    else:
        units = [_Unit(start, work[start: start + len(line)], "line") for start, line in lines]
    repairs += _move_glued_numbers(units)
    if page is None and not repairs:
        return None
    starts = [s for s, _ in lines]
    out_text: list[str] = []
    out_lines: list[int] = []
    out_offsets: list[int] = []
    previous = None
    for u in units:
        number = _line_number(starts, u.start)
        if page is not None and u.kind == "blank":
            if out_text and out_text[-1]:
                out_text.append("")
                out_lines.append(number)
                out_offsets.append(u.start)
            previous = u.kind
            continue
        if previous not in (None, "blank") and "para" in (u.kind, previous) and out_text[-1]:
            out_text.append("")
            out_lines.append(number)
            out_offsets.append(u.start)
        out_text.append(_LINE_BREAK.sub(" ", u.text) if u.text.strip() else "")
        out_lines.append(number)
        out_offsets.append(u.start)
        previous = u.kind
    if page is None:
        conversions: tuple[str, ...] = (REPAIRED,)
    else:
        conversions = (CONVERSION, REPAIRED) if repairs else (CONVERSION,)
    return Rebuilt("\n".join(out_text), tuple(out_lines), metadata, conversions, tuple(out_offsets))


def _line_number(starts: list[int], offset: int) -> int:
    """The 1-based line of `offset`, from the offsets where the lines start."""
    return bisect.bisect_right(starts, offset)
