"""Is the text an administrative document, or a page about something (a news article, a legal
Q&A page, an encyclopedia entry)? Word lists: data/doc_kind.yaml.

An administrative document shows, at its start, the marks Nghị định 30/2020/NĐ-CP gives every
document (the national motto, the issuer's name in capitals, "Số: 125/KH-UBND", the type of
document alone on its line, "Kính gửi:", "Căn cứ Luật …" lines, or "Kèm theo Quyết định số …" on an
appendix) and, at its end, "Nơi nhận:", a signature ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") or
the closing mark "./.".
A page quotes documents, but its start is a headline or a question, and an encyclopedia page
carries its own furniture ("[sửa | sửa mã nguồn]"). Each mark found is a point; a question for a
title takes three away, page furniture two; two points make a document.

Markdown emphasis ("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "## THÔNG TƯ"), as a saved web page
has it, is looked through. The check never raises; a text too short to have a start and an end is
a document unless something counts against it, so that a plan is never emptied on a guess.

Measured: every real document of the corpus (plans, directives, decisions, resolutions, notices,
official letters, reports, saved portal pages, Word and PDF files) is a document; see the README
for the public archive of Q&A pages, news and encyclopedia pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.pipeline.document import UPPER

DATA = Path(__file__).parent / "data"

_EMPHASIS = re.compile(r"[*#_`]+")
_MOTTO = re.compile(
    r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
)
# "Số: 125/KH-UBND", "Luật số: 51/2024/QH15", a portal's "Số hiệu: | 223/CĐ-TTg".
_NUMBER = re.compile(rf"(?:^|[\s|])(?:[Ss]ố|SỐ)(?:\s+hiệu)?\s*:\s*\|?\s*\d[\w.\-]*\s*/\s*[\w\-/.]*?{UPPER}")
_KINH_GUI = re.compile(r"(?:^|\|)\s*Kính\s+gửi\s*:", re.M)
# "Căn cứ Luật Tổ chức chính quyền địa phương …" starts a document's legal basis; a Q&A page writes
# "Căn cứ theo khoản 1 Điều 80 …", "Căn cứ tại …", "Căn cứ vào …", which are left out.
_BASIS = re.compile(
    r"(?:^|\|)\s*Căn\s+cứ\s+(?:Hiến\s+pháp|Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư"
    r"|Chỉ\s+thị|Kế\s+hoạch|Kết\s+luận|Thông\s+báo|Công\s+văn|Văn\s+bản|Quy\s+định|Quy\s+chế|Chương\s+trình"
    r"|Tờ\s+trình|chức\s+năng|tình\s+hình|ý\s+kiến|đề\s+nghị)\b",
    re.M,
)
_CLOSING = re.compile(rf"Nơi\s+nhận\s*:|NƠI\s+NHẬN\s*:|\b(?:TM|KT|TL|TUQ)\.\s*{UPPER}{{2}}|\./\.")
_APPENDIX = re.compile(r"^Phụ\s+lục\s+(?:[IVX]+|\d+)\s*$")


@dataclass(frozen=True)
class DocKind:
    is_document: bool
    score: int
    found: tuple[str, ...]  # the marks found: "motto", "number", "type line", …
    against: tuple[str, ...]  # what counts against: "question title", "page furniture"


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = yaml.safe_load((DATA / "doc_kind.yaml").read_text(encoding="utf-8"))
    types = sorted(data["doc_types"], key=len, reverse=True)
    type_names = "|".join(re.escape(t) for t in types)
    titled = "|".join(re.escape(t.capitalize()) for t in types)
    issuers = "|".join(re.escape(t) for t in sorted(data["issuers"], key=len, reverse=True))
    return {
        "head": int(data["head_characters"]),
        "tail": int(data["tail_characters"]),
        # The type alone, or followed by a word that starts with a capital: "KẾ HOẠCH",
        # "BÁO CÁO VỀ TÌNH HÌNH …", "CÔNG ĐIỆN V/V …", "QUYẾT ĐỊNH Về việc …".
        "type_line": re.compile(rf"^(?:{type_names})(?:\s*$|\s+(?:{UPPER}|[0-9(]))"),
        "issuer_line": re.compile(rf"^(?:{issuers})(?:\s*$|\s+(?:{UPPER}|[0-9])|\s*-)"),
        "annex": re.compile(rf"[Kk]èm\s+theo\s+(?:{titled})\s+số"),
        "furniture": tuple(data["furniture"]),
    }


def _cells(text: str) -> list[str]:
    """Lines and table cells of `text`, stripped: where a type line or an issuer line may stand."""
    return [cell.strip(" |\t-") for line in text.split("\n") for cell in line.split("|")]


def classify(text: str) -> DocKind:
    """Return whether `text` (the normalised text of a file) reads as an administrative document.

    Ví dụ: classify("ỦY BAN NHÂN DÂN TỈNH X | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM …\\nSố: 12/KH-UBND …")
    → DocKind(is_document=True, …); classify("# Lỗi xe không chính chủ là lỗi gì? …") → is_document=False.
    """
    rules = _rules()
    # Only the two ends are read; the marks of emphasis ("**", "#") are taken out of them alone, so
    # a long text costs no more than a short one.
    head = _EMPHASIS.sub("", text[: 2 * rules["head"]])[: rules["head"]]
    tail = _EMPHASIS.sub("", text[-2 * rules["tail"]:])[-rules["tail"]:]
    cells = _cells(head)
    found = []
    if _MOTTO.search(head):
        found.append("national motto")
    if _NUMBER.search(head):
        found.append("number and symbol")
    if any(rules["type_line"].match(c) or _APPENDIX.match(c) for c in cells):
        found.append("type of document")
    first = next((c for c in _cells(head[:1000]) if c), "")
    if rules["type_line"].match(first):
        # A text that opens with its type in capitals ("BÁO CÁO VỀ TÌNH HÌNH …", "NGHỊ QUYẾT") is a
        # document, or a document's text without its header block: a page opens with a headline.
        found.append("opens with its type")
    if any(rules["issuer_line"].match(c) for c in cells):
        found.append("issuer in capitals")
    if _KINH_GUI.search(head):
        found.append("Kính gửi")
    if _BASIS.search(head):
        found.append("Căn cứ")
    if rules["annex"].search(head):
        found.append("Kèm theo")
    if _CLOSING.search(tail):
        found.append("Nơi nhận, signature or ./.")
    against = []
    if "?" in first:
        against.append("question title")
    if any(phrase in head for phrase in rules["furniture"]):
        against.append("page furniture")
    # A question for a title outweighs a form the page prints (motto, number, type: three marks).
    score = len(found) - 3 * ("question title" in against) - 2 * ("page furniture" in against)
    too_short = len(text) < 400 and len(_EMPHASIS.sub("", text).strip()) < 200
    return DocKind(score >= 2 or (too_short and not against), score, tuple(found), tuple(against))


def not_a_document_message(kind: DocKind) -> tuple[str, str]:
    """The finding's message and suggestion for a text that is not an administrative document.

    Ví dụ: for a Q&A page → "The text does not read as an administrative document (its title is a
    question; …); no tasks were extracted from it."
    """
    why = []
    if "question title" in kind.against:
        why.append("its title is a question")
    if "page furniture" in kind.against:
        why.append("it carries a web page's furniture")
    why.append("its start has " + (f"only: {', '.join(kind.found)}" if kind.found else
                                   "no national motto, number, type of document, issuer, Kính gửi or Căn cứ line"))
    message = (f"The text does not read as an administrative document ({'; '.join(why)}): a news article, "
               "a Q&A page or an encyclopedia page; no tasks were extracted from it.")
    return message, ("If it is a document, check that its header block (issuer, number, type of document) was kept in "
                     "the file; for an excerpt of a document without it, run again with --document.")
