"""Paragraphs rebuilt from printed lines: the decisions shared by every reader that gets lines
rather than paragraphs.

A PDF page, and text copied out of one (pdftotext's output, a PDF viewer's copy), holds the lines
a printer set, not the paragraphs the author wrote. Each reader measures its printed lines in its
own units and hands them over as objects with the fields of `Printed`:
- the PDF reader in points: where the words start and end on the page, the line's top and
  bottom, its font size and weight;
- the text reader in ems: the line's width estimated from the widths of its characters, its row
  in the file as top and bottom (so a blank line is a gap), no weight.

`paragraphs` groups the lines, asking `starts_paragraph` line after line whether a line starts a
new paragraph or continues the one above; `join_lines` writes the lines of one paragraph as one
line; `broken_word` tells a word cut because it was wider than a narrow column ("Khán" / "h")
from two words, by the room its line leaves and the Vietnamese syllable the pieces make. `Frame`
carries the measurements of the page the lines sit on (margins, the usual gap between lines), in
the reader's units.

The header block of an administrative document is set in two columns (issuer and number on the
left, the national motto and the place and date on the right). `header_parts` reads the parts
back from running text in which the columns were interleaved; `header_rows` and `row` write the
canonical " | " rows ("ỦY BAN NHÂN DÂN TỈNH CÀ MAU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập -
Tự do - Hạnh phúc", "Số: 0204/KH-UBND | Cà Mau, ngày 24 tháng 11 năm 2025").

The words that decide are in `data/reflow.yaml`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol, Sequence, TypeVar

import yaml

from kehoach.pipeline.read.legacy import is_syllable, is_syllable_start

SHORT_LINE = 0.12
"""A line that ends this share of the text width before the right margin ends its paragraph."""


class Printed(Protocol):
    """One printed line, measured by its reader (points for a PDF, ems for text)."""

    text: str  # the line's words
    page: int  # 1-based page
    x0: float  # where the line starts
    x1: float  # where it ends
    first_width: float  # how wide its first word is
    size: float  # the font size: the unit of gaps and of the room a space needs
    top: float  # top and bottom on the page (rows of the file for text)
    bottom: float
    bold: bool
    columns: int  # segments set apart by a wide gap (the two columns of a header or signature)


@dataclass(frozen=True)
class Frame:
    """The measurements of the text a line sits in, in the reader's units."""

    left: float  # where most lines start
    right: float  # where full lines end
    gap: float  # the usual space between two lines of one paragraph
    indent: float  # a first line this far right of `left` is indented
    centred: float  # a line whose middle is this close to the text's middle is centred
    slack: float = 0.0  # how far the reader's widths may be off (estimated, not measured)


@dataclass(frozen=True)
class Layout:
    """The words of `data/reflow.yaml`, compiled."""

    new_paragraph: re.Pattern[str]
    starter: re.Pattern[str]
    label_alone: re.Pattern[str]
    block_start: re.Pattern[str]
    part_start: re.Pattern[str]
    document_types: frozenset[str]
    date_line: re.Pattern[str]
    place_date: re.Pattern[str]
    number_line: re.Pattern[str]
    number: re.Pattern[str]
    motto: tuple[re.Pattern[str], ...]
    draft: re.Pattern[str]
    rule: re.Pattern[str]
    page_number: re.Pattern[str]
    symbol_types: tuple[str, ...]  # longest first


def _any(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")", flags)


@lru_cache(maxsize=None)
def layout() -> Layout:
    data = yaml.safe_load((Path(__file__).with_name("data") / "reflow.yaml").read_text(encoding="utf-8"))
    return Layout(
        new_paragraph=_any([*data["heading_markers"], *data["paragraph_starters"]]),
        starter=_any(data["paragraph_starters"]),
        label_alone=_any(data["label_alone"]),
        block_start=_any(data["block_starters"]),
        part_start=_any(data["part_starters"]),
        document_types=frozenset(data["document_types"]),
        date_line=re.compile(data["date_line"], re.IGNORECASE),
        place_date=re.compile(data["place_date"]),
        number_line=re.compile(data["number_line"]),
        number=re.compile(data["number"]),
        motto=tuple(re.compile(p, re.IGNORECASE) for p in data["motto"]),
        draft=re.compile(data["draft"]),
        rule=re.compile(data["rule"]),
        page_number=re.compile(data["page_number"]),
        symbol_types=tuple(sorted(data["symbol_types"], key=lambda c: (-len(c), c))),
    )


@lru_cache(maxsize=4096)
def is_caps(text: str) -> bool:
    """A line in capitals, allowing a few lower-case letters ("… HẠ TẦNG 5G, IoT"); the letters
    of symbols ("187/2025/NĐ-CP;", "5G") do not count."""
    letters = _letters(text)
    return len(letters) >= 3 and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


_SYMBOL = re.compile(r"\S*[\d/]\S*")  # a word with a digit or a slash: "187/2025/NĐ-CP;", "5G"


def _letters(text: str) -> str:
    """The letters of the words of `text`, symbols ("187/2025/NĐ-CP", "5G") left out."""
    return "".join(filter(str.isalpha, _SYMBOL.sub(" ", text)))


def is_centred(line: Printed, frame: Frame) -> bool:
    middle = (frame.left + frame.right) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < frame.centred and line.x0 > frame.left + 2 * frame.indent


_ENDS_SENTENCE = (".", ";", ":", "!", "?")
_OPEN_COMPOUND = re.compile(r"\w[-/]$")  # "Công văn số 1849/BGDĐT-" / "GDPT."


def starts_paragraph(first: Printed, prev: Printed, line: Printed, frame: Frame, page_break: bool,
                     following: Printed | None = None) -> bool:
    """True when `line` does not continue the paragraph that starts with `first` and whose last
    line so far is `prev`; `following` is the line after `line`, if any.

    Ví dụ: "… đổi mới sáng tạo và" / "chuyển đổi số quốc gia;" continues; "… đến năm 2030." /
    "- Phát triển hạ tầng 5G, IoT …" starts a new paragraph; "I." / "MỤC ĐÍCH, YÊU CẦU" is one.
    """
    lay = layout()
    text, prev_text = line.text, prev.text.rstrip()
    if line.columns > 1 or prev.columns > 1:
        return True
    if prev_text in lay.document_types or text.strip() in lay.document_types:
        return True
    # A label alone on its line ("1." / "Mục đích") takes the line after it as its text.
    if prev is first and lay.label_alone.fullmatch(prev_text):
        return bool(lay.label_alone.fullmatch(text.strip()))
    if _OPEN_COMPOUND.search(prev_text):
        return False  # "Công văn số 1849/BGDĐT-" / "GDPT."
    gapped = not page_break and line.top - prev.bottom > frame.gap + 0.35 * line.size
    # "Nơi nhận" and the signature are blocks in their own column: they run to the end of the block.
    if lay.block_start.match(first.text):
        return gapped or page_break or bool(lay.block_start.match(text)) or starts_part(text)
    # The first word of this line would have fitted at the end of the line above: the author
    # ended that line (left-aligned text; justified text fills its lines and never fits).
    fits = frame.right - prev.x1 > line.first_width + 0.4 * line.size + frame.slack
    ends_sentence = prev_text.endswith(_ENDS_SENTENCE)
    full = prev.x1 >= frame.right - SHORT_LINE * (frame.right - frame.left)
    # A line that ends mid-sentence with no room for the next word goes on, even into "– Xã hội"
    # or "02 Chương trình" (a long first word leaves the line above short of the margin).
    runs_on = not fits and not ends_sentence
    if is_caps(prev_text) and len(_letters(text)) >= 3 and not is_caps(text) and not text[:1].islower():
        return True  # a heading in capitals ends where the text in lower case begins
    if lay.label_alone.fullmatch(text.strip()):
        # A label alone starts its heading ("… TRÊN ĐỊA BÀN TỈNH" / "I." / "MỤC ĐÍCH, YÊU CẦU"),
        # unless it ends the sentence above and a new item follows ("… lần thứ" / "XI." / "d) …").
        ends_item = following is None or bool(lay.new_paragraph.match(following.text)
                                               or lay.label_alone.fullmatch(following.text.strip()))
        return not (runs_on and ends_item)
    if lay.starter.match(text):
        return True
    if lay.new_paragraph.match(text):
        return gapped or not (runs_on and prev.bold == line.bold)
    if text[:1].islower() and not ends_sentence:
        return False  # a paragraph never starts in lower case: "… trong cụm 2" / "tham dự (…)"
    if is_caps(prev_text) != is_caps(text) or prev.bold != line.bold:
        return True
    centred_prev, centred = is_centred(prev, frame), is_centred(line, frame)
    if centred_prev != centred and not runs_on:
        return True  # a line that runs on is not told apart by its place (an indented first line)
    if centred:
        return not page_break and line.top - prev.bottom > frame.gap + 0.5 * line.size
    if gapped:
        return True
    if fits and ends_sentence:
        return True
    if not runs_on and not full:
        return True
    return line.x0 > frame.left + frame.indent and line.x0 > prev.x0 + frame.indent / 2


def starts_part(text: str) -> bool:
    """True for a document type, "PHỤ LỤC" or "PHẦN" line: an appendix, an attached document or a
    part of it starts.

    Ví dụ: starts_part("PHỤ LỤC") and starts_part("KẾ HOẠCH") and starts_part("PHẦN I"); not
    starts_part("KT. CHỦ TỊCH").
    """
    stripped = text.strip()
    return stripped in layout().document_types or bool(layout().part_start.match(stripped))


L = TypeVar("L", bound=Printed)


def paragraphs(lines: Sequence[L], frame_of: Callable[[L], Frame]) -> list[list[L]]:
    """The lines grouped into paragraphs, in order; `frame_of(line)` gives the frame of its page."""
    out: list[list[L]] = []
    for i, line in enumerate(lines):
        if out:
            current = out[-1]
            prev = current[-1]
            following = lines[i + 1] if i + 1 < len(lines) else None
            if not starts_paragraph(current[0], prev, line, frame_of(line), prev.page != line.page, following):
                current.append(line)
                continue
        out.append([line])
    return out


def repeated_on_pages(keys: Sequence[set]) -> set:
    """The keys (a page edge line's text with its digits masked, and where it stands) found on
    most pages: running headers and footers ("Kế hoạch số 12/KH-UBND – Trang #")."""
    counts: dict = {}
    for page in keys:
        for key in page:
            counts[key] = counts.get(key, 0) + 1
    if len(keys) < 2:
        return set()
    return {key for key, n in counts.items() if n >= max(2, 0.5 * len(keys))}


def join_lines(lines: Sequence[str]) -> str:
    """Lines of one paragraph → one line; 'phát-' + 'triển' → 'pháttriển', 'KH-' + 'UBND' → 'KH-UBND'.

    Ví dụ: join_lines(["1.", "Mục đích"]) → "1. Mục đích".
    """
    parts: list[str] = []
    for text in lines:
        text = text.strip()
        if not text:
            continue
        last = parts[-1] if parts else ""
        open_end = len(last) >= 2 and last[-1] in "-/" and (last[-2].isalnum() or last[-2] == "_")
        if not parts:
            parts.append(text)
        elif open_end and last[-1] == "-" and text[:1].islower():
            parts[-1] = last[:-1]
            parts.append(text)
        elif open_end:
            parts.append(text)
        else:
            parts.append(" " + text)
    return "".join(parts)


_CLOSING = ",.;:!?)]%”’»"  # never the first character of a line a word processor wrapped between words
_OPENING_PUNCT = "([“‘«\"'"


def broken_word(head: str, tail: str, room: float, lead: float, tail_cut: bool = False) -> bool:
    """True when the line `head` is one word cut at the line's end because it did not fit the
    width of its column (a narrow table cell), and `tail`, the first word of the next line, is
    its rest; the two are then written without a space. `tail_cut` says that the next line is
    itself such a cut piece ("QU" / "YẾ" / "T").

    `room` is what the line leaves before its right edge, `lead` the width of the first character
    of `tail`, in the reader's units. A word processor wraps between words, and cuts a word only
    when it alone is wider than the column: the cut leaves less room than the next character, and
    the line holds that one word. A word in Vietnamese is one syllable, so two syllables are not
    glued into something that is none ("nhân" / "dân"), while "Khán" / "h" becomes "Khánh",
    "TƯỚ" / "NG" "TƯỚNG", "20/11" / "/2025" "20/11/2025" and "trạng" / ":" "trạng:".
    """
    head, tail = head.strip(), tail.strip()
    if not head or not tail or " " in head or room >= lead:
        return False
    end, start = head[-1], tail[0]
    if start in _CLOSING or start == "/":
        return True  # "trạng" / ":", "20/11" / "/2025", "này." / "/."
    if start == "-":
        if layout().rule.fullmatch(head):
            return set(tail) <= set(head)  # a rule cut: "-----" / "--"
        return end.isalnum() and not layout().rule.fullmatch(tail)  # "980/KH" / "-UBND"; not a rule "--------"
    # A document symbol or an address cut anywhere: "1899/Q" / "Đ-TTg", "72/2025/QH" / "15".
    symbol = any(c in head for c in "/.@")
    if end.isalpha() and start.isalpha():
        # The letters that meet at the cut: "Khán" / "h", "ĐIỆN" / "V/V" (two words: "ĐIỆNV" is no syllable).
        before = re.search(r"[^\W\d_]+$", head).group(0)
        after = re.match(r"[^\W\d_]+", tail).group(0)
        joined = before + after
        if is_syllable(joined) or (tail_cut and after == tail and is_syllable_start(joined)):
            return True
        # An abbreviation or a foreign word cut ("UB" / "ND", "Viett" / "el"): neither part is a
        # syllable. A syllable's rest ("ờng" / "triể") is never glued to the next one.
        if not is_syllable(before) and not is_syllable(after):
            return symbol or joined.isascii() or joined.isupper()
        return symbol and not is_syllable(after)
    if start.isdigit() and (end.isdigit() or (end in ".," and head[-2:-1].isdigit())):
        # "0315" / "459414", "13." / "0%"; but not a sentence's end and the next item's number
        # ("… giai đoạn 2031 - 2035." / "3.").
        return not (end == "." and re.fullmatch(r"\d{1,2}[.)]", tail))
    # "72/2025/QH" / "15", "KTVB&" / "QLXLVPHC"; never "27/2001/QH10" / "CÓ HIỆU LỰC".
    return (symbol and end.isalpha() and start.isdigit()) or (end == "&" and start.isalnum())


def row(cells: Sequence[str]) -> str:
    """Cells of a header row as one line: "left | right", or the one cell that holds text."""
    return " | ".join(cells) if all(cells) else "".join(cells)


@dataclass(frozen=True)
class HeaderParts:
    """The parts of a header block found in running text, each with the offset where it starts."""

    issuer: str
    motto: str
    number: str
    place_date: str
    doc_type: str  # the document type line, when it was printed among the header's lines
    draft: str  # the draft mark, when it was printed among them
    starts: dict[str, int]  # part name → offset of its start in the text read
    end: int  # offset just past the last part


def header_parts(text: str, doc_types: frozenset[str] | None = None) -> HeaderParts | None:
    """The header block's parts in `text`, the first lines of a document with the columns
    interleaved; None unless both the motto and the number or the place and date are there.

    Everything of `text` up to the last part found is read as the header; capitals left over
    once the motto, number, date, rules, the draft mark and a document type line are taken out
    are the issuer.

    Ví dụ: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU\\n------Số: 0204/KH-UBND\\nKẾ HOẠCH\\n\\nCỘNG HÒA XÃ HỘI CHỦ
    NGHĨA\\nVIỆT NAM Độc lập - Tự do - Hạnh\\nphúc ------Cà Mau, ngày 24 tháng 11 năm\\n2025" →
    issuer "ỦY BAN NHÂN DÂN TỈNH CÀ MAU", number "Số: 0204/KH-UBND", place_date "Cà Mau, ngày 24
    tháng 11 năm 2025", doc_type "KẾ HOẠCH".
    """
    lay = layout()
    types = doc_types if doc_types is not None else lay.document_types
    mottos = [m for m in (p.search(text) for p in lay.motto) if m]
    if not mottos or not mottos[0].group(0).upper().startswith("CỘNG"):
        return None
    taken: list[tuple[int, int, str]] = [(m.start(), m.end(), "motto") for m in mottos]
    masked = _mask(text, taken)
    number = lay.number.search(masked)
    if number:
        taken.append((number.start(), number.end(), "number"))
    # The place starts after a rule glued to it ("phúc --------------Cà Mau, ngày …").
    date = lay.place_date.search(lay.rule.sub(lambda m: " " * len(m.group(0)), _mask(text, taken)))
    if date:
        # The place starts at its first capital: "phúc Hà Nội, ngày …" is "Hà Nội, ngày …".
        start = date.start() + next((m.start() for m in re.finditer(r"\S+", date.group(0)) if m.group(0)[0].isupper()),
                                    len(date.group(0)))
        taken.append((start, date.end(), "place_date"))
    if not number and not date:
        return None
    end = max(e for _, e, _ in taken)
    # Whole lines before the end: a document type line, the draft mark.
    offset = 0
    for line in text[:end].split("\n"):
        stripped = line.strip()
        if stripped and (stripped in types or lay.draft.fullmatch(stripped)):
            start = offset + line.index(stripped)
            taken.append((start, start + len(stripped), "doc_type" if stripped in types else "draft"))
        offset += len(line) + 1
    masked = _mask(text[:end], taken)
    masked = lay.rule.sub(lambda m: " " * len(m.group(0)), masked)
    leftover = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?:[ \t]+\S+)*", masked)]
    issuer = [(at, words) for at, words in leftover if _upper(words)]
    if len(issuer) != len(leftover):
        return None  # running text among the parts: not a header block
    parts = {name: (start, " ".join(text[start:stop].split())) for start, stop, name in sorted(taken)}
    motto = " ".join(" ".join(m.group(0).split()) for m in mottos)
    starts = {name: start for name, (start, _) in parts.items()}
    if issuer:
        starts["issuer"] = issuer[0][0]
    return HeaderParts(
        issuer=" ".join(" ".join(words.split()) for _, words in issuer if any(c.isalpha() for c in words)),
        motto=motto,
        number=parts.get("number", (0, ""))[1],
        place_date=parts.get("place_date", (0, ""))[1],
        doc_type=parts.get("doc_type", (0, ""))[1],
        draft=parts.get("draft", (0, ""))[1],
        starts=starts,
        end=end,
    )


def _upper(words: str) -> bool:
    """Words in capitals, however few ("AN" of "ỦY BAN NHÂN DÂN TỈNH NGHỆ" / "AN"), or no letters."""
    letters = [c for c in words if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with the spans blanked out (newlines kept), so offsets stay the same."""
    chars = list(text)
    for start, stop, _ in spans:
        for i in range(start, stop):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def header_rows(parts: HeaderParts) -> list[tuple[str, str]]:
    """The canonical rows of a header block, each with the name of the part it starts with.

    Ví dụ: [("issuer", "ỦY BAN NHÂN DÂN TỈNH CÀ MAU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự
    do - Hạnh phúc"), ("number", "Số: 0204/KH-UBND | Cà Mau, ngày 24 tháng 11 năm 2025")].
    """
    rows = [("issuer" if parts.issuer else "motto", row([parts.issuer, parts.motto]))]
    if parts.number or parts.place_date:
        rows.append(("number" if parts.number else "place_date", row([parts.number, parts.place_date])))
    return rows
