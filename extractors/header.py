"""Header and footer: document type, number, place and date, issuer, title, signer, recipients.

Also returns the layout the other extractors need: where the body starts (after the title), where
it ends (the closing formula, "Nơi nhận", the signature) and where an appendix starts again.
Word lists: data/header.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.pipeline.document import LOWER, UPPER, Doc, Line
from kehoach.schemas import DocumentInfo, Span

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load((DATA / "header.yaml").read_text(encoding="utf-8"))


@dataclass
class Layout:
    body_start: int  # index into doc.lines of the first body line
    body_end: int  # index one past the last body line (the "Nơi nhận"/signature line)
    appendix_start: int | None  # index of the "PHỤ LỤC" line after the signature, if any


_NUMBER = re.compile(r"(?:^|\s)(?:Số|SỐ)\s*:\s*(?P<sym>\d+\s*/\s*[^\s|]+|[^\s|]*)")
_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|-{2,}|_{2,}|={2,}|\*{2,}", re.I)
_DATE_LINE = re.compile(
    rf"(?P<place>{UPPER}[^,|]{{1,40}}?)\s*,\s*ngày\s*(?P<d>\d{{1,2}}|[.…]+)?\s*tháng\s*(?P<m>\d{{1,2}}|[.…]+)?\s*năm\s*(?P<y>\d{{4}})"
)
_DRAFT = re.compile(r"^\s*(?:\(?DỰ THẢO\)?|\(?Dự thảo\)?)\s*(?:\d+)?\s*$")
_AUTHORITY = re.compile(rf"\b(TM|KT|TL|TUQ|Q)\.\s*({UPPER}(?:{UPPER}| )+?)(?=\s+(?:TM|KT|TL|TUQ|Q)\.|\s+(?:PHÓ |CHỦ |GIÁM |TRƯỞNG |CHÁNH |BỘ )|$)")
_NAME = re.compile(rf"({UPPER}{LOWER}+(?:\s+{UPPER}{LOWER}+){{1,4}})\s*$")


def _parse_date(d: str | None, m: str | None, y: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except (ValueError, TypeError):
        return None


def issuer_full_name(printed: str) -> str:
    """An upper-case issuer line written out the way the body writes it.

    Ví dụ: "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" → "Ủy ban nhân dân thành phố Hà Nội".
    """
    text = " ".join(printed.split())
    if not text.isupper():
        return text
    out = text.title()
    for pattern, written in _issuer_words():
        out = pattern.sub(written, out)
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=1)
def _issuer_words() -> list[tuple[re.Pattern[str], str]]:
    """The issuer words as title-cased patterns, longer phrases first."""
    words = sorted(_data()["issuer_words"].items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(rf"\b{re.escape(upper.title())}\b"), written) for upper, written in words]


def _doc_type_line(lines: list[Line], start: int, stop: int) -> int | None:
    types = _data()["doc_types"]
    for i in range(start, stop):
        text = lines[i].text.strip()
        if text in types or (text.isupper() and "|" not in text and any(
                text.startswith(t + " ") and (len(text) < len(t) + 25 or text[len(t) + 1:].startswith("CỦA "))
                for t in types)):
            return i
    return None


# Where the body ends ("Nơi nhận", a signature formula at a line's start) and an appendix starts.
_BODY_END = re.compile(rf"(?:Nơi nhận|NƠI NHẬN)|(?:TM|KT|TL|TUQ)\.\s*{UPPER}")
_APPENDIX_START = re.compile(r"(?:PHỤ LỤC|Phụ lục)\b")

def extract_header(doc: Doc) -> tuple[DocumentInfo, Layout]:
    """Read the document's header and footer.

    Ví dụ: "Số: 308/KH-UBND | Hà Nội, ngày 17 tháng 11 năm 2025" → number_symbol "308/KH-UBND",
    place "Hà Nội", date "2025-11-17".
    """
    lines = doc.lines
    n = len(lines)
    info: dict = {"recipients": []}
    head_limit = min(n, 40)

    # The header block: issuer | motto, number | place and date (one table row a line in text).
    for line in lines[:head_limit]:
        text = line.text
        if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in text.upper() and "issuer_as_printed" not in info:
            left = text.split("|")[0] if "|" in text else ""
            left = re.split(r"-{2,}|_{2,}|={2,}|\*{2,}|~{2,}|\b(?:Số|SỐ)\s*:", left)[0].strip(" -=_*~")
            if left and "CỘNG HÒA" not in left.upper():
                info["issuer_as_printed"] = left
        m = _NUMBER.search(text.split("|")[0])
        if m and "number_symbol" not in info:
            sym = re.sub(r"\s*/\s*", "/", m.group("sym").strip())  # "256 /2004/QĐ-UB" → "256/2004/QĐ-UB"
            info["number_symbol"] = sym if re.match(r"^\d", sym) else None
        # A PDF may wrap the date line inside its cell: read it with the next two lines joined.
        dm = None
        if "ngày" in text and "date" not in info:
            window = " ".join(ln.text for ln in lines[line.number - 1: line.number + 2])
            dm = _DATE_LINE.search(_MOTTO.sub(" | ", text)) or _DATE_LINE.search(_MOTTO.sub(" | ", window))
        if dm and "date" not in info:
            info["place"] = dm.group("place").split("|")[-1].strip()
            info["date"] = _parse_date(dm.group("d"), dm.group("m"), dm.group("y"))

    # Document type and title: the first upper-case type line, then the lines up to a blank one.
    type_idx = _doc_type_line(lines, 0, head_limit)
    body_start = 0
    if type_idx is not None:
        printed_type = lines[type_idx].text.strip()
        # "QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ": the type is the words before "CỦA".
        info["doc_type"] = re.split(r"\s+CỦA\s+", printed_type)[0]
        title_lines: list[str] = []
        i = type_idx + 1
        while i < n and lines[i].blank:
            i += 1
        while i < n and not lines[i].blank and len(title_lines) < 4:
            t = lines[i].text.strip()
            if title_lines and not (t.isupper() or t.startswith("(") or t.startswith("V/v")):
                break
            title_lines.append(t)
            i += 1
            if not t.isupper():
                break
        # A title that Word set as two paragraphs: the second starts in lower case
        # ("Triển khai thực hiện Chương trình mục tiêu quốc gia" / "phòng, chống ma túy đến năm 2030").
        j = i
        while j < n and lines[j].blank:
            j += 1
        while title_lines and j < n and lines[j].text[:1].islower() and len(title_lines) < 6:
            title_lines.append(lines[j].text.strip())
            i = j = j + 1
            while j < n and lines[j].blank:
                j += 1
        if title_lines:
            info["title"] = " ".join(title_lines)
        body_start = i

    # The end of the body: "Nơi nhận", or a signature formula at the start of a line.
    body_end = n
    for i in range(body_start, n):
        t = lines[i].text.strip().lstrip("| ")
        if _BODY_END.match(t):
            body_end = i
            break
    # After the signature: an appendix ("PHỤ LỤC") or the document that a Quyết định issues
    # ("CHƯƠNG TRÌNH …", "KẾ HOẠCH …", "QUY CHẾ …" with "(Ban hành kèm theo Quyết định số …)").
    appendix_start = None
    types = _data()["doc_types"] + _data()["attached_types"]
    for i in range(body_end, n):
        t = lines[i].text.strip()
        if _APPENDIX_START.match(t) or (t in types and i > body_end):
            appendix_start = i
            break

    # Footer: recipients, signing authority, title and name.
    footer_lines = lines[body_end: appendix_start if appendix_start is not None else n]
    footer = "\n".join(ln.text for ln in footer_lines)
    rec = re.search(r"Nơi nhận\s*:?(.*?)(?=\|| (?:TM|KT|TL|TUQ)\.|\n\s*(?:TM|KT|TL|TUQ)\.|$)", footer, re.S | re.I)
    if rec:
        items = re.split(rf"\s*(?:^|\n|;)\s*-\s*|\s+-\s+(?={UPPER})", rec.group(1))
        info["recipients"] = [" ".join(x.split()).strip(" ;.") for x in items if x.strip(" ;.-\n")]
    # The signature: the authority formula, the signer's title, then the name ending a line.
    # The name may share a line with the end of "Nơi nhận" (a table row) or stand alone below.
    sig_lines: list[str] = []
    started = False
    for raw in footer.split("\n"):
        part = raw
        if not started:
            m = re.search(r"\b(?:TM|KT|TL|TUQ|Q)\.\s*\S", raw)
            if not m:
                continue
            started = True
            part = raw[m.start():]
        part = re.sub(r"\bDỰ THẢO\b|\(Đã ký\)", "", part).strip(" |")
        if part:
            sig_lines.append(part)
            if _NAME.search(part):
                break
    sig_text = "\n".join(sig_lines)
    auth = [f"{m.group(1)}. {m.group(2).strip()}" for m in _AUTHORITY.finditer(" ".join(sig_lines))]
    if auth:
        info["signing_authority"] = " ".join(auth)
    flat = " ".join(sig_text.split())
    name = _NAME.search(flat)
    if name:
        info["signer"] = name.group(1)
        before = flat[: name.start()].strip()
        for a in auth:
            before = before.replace(a, "")
        title = " ".join(before.split())
        if title and title.isupper():
            info["signer_title"] = title

    # The draft mark: a "DỰ THẢO" line anywhere, or the upper-case words in the header or the
    # footer (a PDF may run the mark into the signature paragraph).
    info["is_draft"] = any(_DRAFT.match(ln.text) for ln in lines) or bool(
        re.search(r"\bDỰ THẢO\b", "\n".join(ln.text for ln in lines[:head_limit]) + "\n" + footer)
    )

    # Issuer: the header block, else the body's own "Ủy ban nhân dân tỉnh X ban hành/yêu cầu".
    printed = info.get("issuer_as_printed")
    if printed:
        info["issuer"] = issuer_full_name(printed)
    else:
        info["issuer"] = _issuer_from_body(doc, body_start, body_end, info.get("title"))

    end_offset = lines[body_start - 1].end if body_start > 0 else 0
    info["span"] = Span(start=0, end=end_offset)
    layout = Layout(body_start=body_start, body_end=body_end, appendix_start=appendix_start)
    return DocumentInfo(**info), layout


_BODY_ISSUER = re.compile(
    r"(?:Ủy ban nhân dân|UBND|Chủ tịch Ủy ban nhân dân)\s+(tỉnh|thành phố|Thành phố|huyện|xã|phường)"
    rf"((?:\s+{UPPER}[\w]*){{0,3}})\s+(?:ban hành|yêu cầu|chỉ thị|giao|quyết định)"
)


def _issuer_from_body(doc: Doc, start: int, end: int, title: str | None) -> str | None:
    text = "\n".join(ln.text for ln in doc.lines[start:end])
    m = _BODY_ISSUER.search(text)
    if not m:
        return None
    level, place = m.group(1).lower(), m.group(2).strip()
    if not place and title:
        p = re.search(rf"{level.upper()}\s+((?:{UPPER}+\s*){{1,3}})$", title.strip())
        if p:
            place = p.group(1).strip().title()
    return f"Ủy ban nhân dân {level} {place}".strip()


# --- A saved web page's metadata: what the document's own header lacks ---------------------------------

_METADATA_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def header_from_metadata(document: DocumentInfo, metadata: tuple[tuple[str, str], ...]) -> tuple[DocumentInfo, tuple[str, ...]]:
    """The header with the fields its document leaves empty filled from a saved page's metadata
    table, and what `source.conversions` records of it; a field the document states is kept.

    Ví dụ: a page whose document prints no signature but whose table says ("Người ký", "Phùng Thị
    Hồng Hà") gets signer "Phùng Thị Hồng Hà" and the record "page metadata→header (signer)".
    """
    if not metadata:
        return document, ()
    fields = _data()["metadata_fields"]
    updates: dict[str, str] = {}
    for label, value in metadata:
        name = fields.get(label)
        if name is None or name in updates or getattr(document, name) not in (None, ""):
            continue
        found = _metadata_value(name, value, document.number_symbol or dict(metadata).get("Số hiệu"))
        if found:
            updates[name] = found
    if not updates:
        return document, ()
    return document.model_copy(update=updates), (f"page metadata→header ({', '.join(sorted(updates))})",)


def _metadata_value(name: str, value: str, number: str | None) -> str | None:
    value = " ".join(value.split())
    if name == "doc_type":
        return value.upper()
    if name == "date":
        m = _METADATA_DATE.match(value)
        return _parse_date(m.group(1), m.group(2), m.group(3)) if m else None
    if name == "issuer":
        place = next((p for p in _data()["metadata_places"] if value.startswith(p + " ")), None)
        if place is None:
            return value
        code = number.rsplit("-", 1)[-1] if number and "-" in number else ""
        body = _data()["metadata_place_bodies"].get(code)
        return f"{body} {value[0].lower()}{value[1:]}" if body else None
    return value
