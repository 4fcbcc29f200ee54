"""Legal references: the documents a plan cites, with their symbols, dates, issuers and titles.

Reads the canonical normalised text (see `kehoach.pipeline.normalize`) and finds:

- numbered documents with their type word: "Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông
  tin và Truyền thông", "Quyết định 587/QĐ-TTg", party symbols "Kết luận số 16-KL/TW", normative
  ones "Nghị định số 72/2015/NĐ-CP", and a type word parted from its number by a title
  ("Hướng dẫn xây dựng kế hoạch ... số 3737/BTTT-TTDN");
- bare symbols in lists that share a type word ("các Quyết định: số 36/QĐ-TTg ...; số 1569/QĐ-TTg");
- standards ("TCVN 14423:2025");
- laws cited by title ("Luật Ngân sách nhà nước", "Luật sửa đổi, bổ sung một số điều của Luật
  Tiêu chuẩn và quy chuẩn kỹ thuật", "Luật Tài nguyên nước năm 2023");
- unnumbered plans cited with their issuer ("Kế hoạch hành động của Ban Thường vụ Thành ủy Hà Nội").

Mentions of the same document are merged into one `LegalRef`. Audit findings compare the type
word, the stated issuer and the date with what the symbol's codes say. The type words, codes and
issuer names come from `data/legal_types.yaml` and `data/issuer_codes.yaml`.
"""
from __future__ import annotations

import bisect
import datetime
import difflib
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from kehoach.schemas import Finding, LegalRef, Mention, Span

# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

_DATA_DIR = Path(__file__).parent / "data"


def _load_yaml(name: str) -> dict:
    return yaml.safe_load((_DATA_DIR / name).read_text(encoding="utf-8"))


_TYPES_DATA = _load_yaml("legal_types.yaml")
_ISSUERS_DATA = _load_yaml("issuer_codes.yaml")["issuers"]

_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc", "btv": "ban thuong vu"}


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Return `text` casefolded, without diacritics or punctuation: 'Ủy ban, Tỉnh' → 'uy ban tinh'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _fold_issuer(text: str) -> str:
    """Return the folded issuer with UBND/HĐND expanded: 'UBND tỉnh' → 'uy ban nhan dan tinh'."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in _fold(text).split())


def _slug(text: str) -> str:
    """Return an ASCII slug: 'Luật Ngân sách nhà nước' → 'luat-ngan-sach-nha-nuoc'."""
    return "-".join(_fold(text).split())


@dataclass(frozen=True)
class _TypeWord:
    word: str
    codes: frozenset[str]
    family: str
    unnumbered: bool


_TYPE_WORDS: dict[str, _TypeWord] = {
    entry["word"].casefold(): _TypeWord(
        entry["word"], frozenset(c.casefold() for c in entry.get("codes") or []), entry["family"], bool(entry.get("unnumbered"))
    )
    for entry in _TYPES_DATA["types"]
}
# type code (casefolded) -> {family: type word}
_CODE_WORDS: dict[str, dict[str, str]] = {
    code.casefold(): {k: v for k, v in spec.items() if k != "example"} for code, spec in _TYPES_DATA["codes"].items()
}
_STANDARD_CODES = [code for code, spec in _TYPES_DATA["codes"].items() if "standard" in spec]
_DOC_TYPE_CODES = {c for c, spec in _CODE_WORDS.items() if set(spec) - {"standard"}}
_LAW_TITLES = sorted(_TYPES_DATA["laws"], key=len, reverse=True)
_TITLE_ABBREVIATIONS = {k.casefold(): v["full"] for k, v in _TYPES_DATA["abbreviations"].items()}
_PINPOINT_PARTS = {entry["word"]: entry["label"] for entry in _TYPES_DATA["pinpoints"]}
_SHORT_DATA = _TYPES_DATA["short_forms"]
_SHORT_NUMBERED_WORDS = [entry["word"] for entry in _SHORT_DATA["numbered"]]
_ANAPHORA_WORDS = [entry["words"] for entry in _SHORT_DATA["anaphora"]]
_SELF_WORD = _SHORT_DATA["self"]["words"]
_COUNT_WORDS = list(_SHORT_DATA["not_after_number"]["words"])

# issuer code (casefolded) -> canonical code; code -> name; code -> folded names and aliases
_ISSUER_CODES = {code.casefold(): code for code in _ISSUERS_DATA}
_ISSUER_NAMES = {code: spec["name"] for code, spec in _ISSUERS_DATA.items()}
_ISSUER_ALIASES = {
    code: sorted({_fold_issuer(n) for n in [spec["name"], *(spec.get("aliases") or [])]}, key=len, reverse=True)
    for code, spec in _ISSUERS_DATA.items()
}
_PARTY_ISSUERS = {code for code, spec in _ISSUERS_DATA.items() if spec.get("party")}
_EITHER_FORM_ISSUERS = {code for code, spec in _ISSUERS_DATA.items() if spec.get("either_form")}
_ISSUER_RAW_NAMES = sorted(
    {n for spec in _ISSUERS_DATA.values() for n in [spec["name"], *(spec.get("aliases") or [])] if " " in n or "," in n}, key=len, reverse=True
)

# The longest known name first; a name ends where a word does ("Bộ Nội vụ" not in "Bộ Nội vụ1").
_ISSUER_NAME_RE = re.compile("(?:" + "|".join(re.escape(n) for n in _ISSUER_RAW_NAMES) + ")(?![^\\W_])", re.I)

# ---------------------------------------------------------------------------------------------
# Regular expressions, built once from the data
# ---------------------------------------------------------------------------------------------

_MASK = "\x00"


def _alternation(words: list[str]) -> str:
    """Return a pattern matching any of `words`, the longest first where several fit.

    The words are factored into a trie ("Thông tư|Thông tư liên tịch|Thông báo" → "Thông
    (?:b…|t…)"): the same matches as a longest-first alternation, but the engine reads each
    character once instead of trying every word at every position.
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _case_variants(word: str, lower: bool = True) -> list[str]:
    variants = [word, word.upper()]
    if lower:
        variants.append(word.lower())
    return variants


# Type words of numbered documents, in normal case, capitals or lower case ("theo kế hoạch số").
_NUMBERED_WORDS = [v for t in _TYPE_WORDS.values() if t.family != "standard" for v in _case_variants(t.word, lower=not t.unnumbered)]
def _first_letters(words: list[str]) -> str:
    """Return a lookahead on the first letters of `words`: a cheap test before a long alternation."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


_TYPE_WORD = rf"{_first_letters(_NUMBERED_WORDS)}(?<![\w{_MASK}])(?<!pháp )(?<!PHÁP )(?P<type>{_alternation(_NUMBERED_WORDS)})(?!\w)"
# Any type word in normal case or capitals: stops titles and issuers ("..., Kế hoạch số ...").
_ANY_TYPE_WORD_RE = re.compile(
    rf"(?<!\w)(?:{_alternation([v for t in _TYPE_WORDS.values() for v in _case_variants(t.word, lower=False)])})(?!\w)"
)
_ANY_TYPE_WORD_LOWER_RE = re.compile(
    rf"(?<!\w)(?:{_alternation([v for t in _TYPE_WORDS.values() if t.family != 'standard' for v in _case_variants(t.word)])})(?!\w)"
)

# A symbol: number, optional year, then code segments joined by '/' or '-' (a stray space on one
# side of a dash is kept as printed: "27/NQ- TW", "71/NQ -CP").
_SEGMENT = r"[A-ZĐ][A-Za-zĐđ]*(?:&[A-ZĐ][A-Za-zĐđ]*)?\d*"  # "BNV-CTTN&BĐG"
# "66.4/2025/NQ-CP" (a Government resolution's sub-number), "33 /TTr- SDTTG" (spaces as typed)
_SYMBOL = rf"(?P<sym>\d{{1,5}}(?:\.\d{{1,2}})?(?:\s?/\d{{4}})?(?:(?:\s?/\s?|-\s?|\s-){_SEGMENT})+)(?![\w{_MASK}])"
_SO = r"(?:số|Số|SỐ)"

_TYPED_RE = re.compile(rf"{_TYPE_WORD}(?:\s+{_SO})?\s+{_SYMBOL}")
# The lookahead is a cheap scan that drops type words with no "số <digit>" close after them.
_TYPED_GAP_RE = re.compile(rf"{_TYPE_WORD}(?=[^\n;:]{{0,300}}?\s{_SO}\s+\d)(?P<gap>(?:\s+[^\s;:,.()“”\"{_MASK}]+){{1,20}}?)\s+{_SO}\s+{_SYMBOL}")
_BARE_RE = re.compile(rf"(?<![\w/.{_MASK}-]){_SYMBOL}")
_STANDARD_RE = re.compile(
    rf"(?<![\w/])(?P<sym>(?P<code>{_alternation(_STANDARD_CODES)})(?:\s+ISO(?:/IEC)?)?\s+(?P<num>\d+(?:[-.]\d+)*)"
    rf"(?::(?P<year>\d{{4}}))?(?:/(?P<iss>[A-ZĐ][A-Za-zĐđ]*\d*))?)(?!\w)"
)
_OWN_NUMBER_RE = re.compile(r"[Ss][ốỐ]\s*:\s*$")
_HEADER_NUMBER_RE = re.compile(rf"^\s*Số\s*:\s*{_SYMBOL}", re.M)

_DATE_RE = re.compile(
    r"(?:\s*,)?\s+(?:(?:được\s+)?ban\s+hành\s+)?(?:vào\s+)?ngày\s+(?P<d>\d{1,2})"
    r"(?:\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})|\s+tháng\s+(?P<m2>\d{1,2})\s*(?:năm|,)\s*(?P<y2>\d{4}))",
    re.I,
)
_OF_RE = re.compile(r"(?:\s*,)?\s+của\s+", re.I)
_BY_RE = re.compile(r"(?:\s*,)?\s+do\s+", re.I)
_ISSUED_RE = re.compile(r"\s+(?:ban\s+hành|phê\s+duyệt)(?!\w)", re.I)
# "... đã được Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg ...; số 1569/QĐ-TTg ..."
_LIST_INTRO_RE = re.compile(
    rf"(?<!\w)(?:được|do)\s+(?P<issuer>[^,;.\n]{{1,80}}?)\s+(?:phê\s+duyệt|ban\s+hành)\s+(?:tại|theo)\s+(?:các\s+)?{_TYPE_WORD}\s*:?"
)
# "Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP ...; số 92/2017/NĐ-CP ..."
_LIST_OF_RE = re.compile(
    rf"(?<!\w)các\s+{_TYPE_WORD}\s+của\s+(?P<issuer>[^,;.:\n]{{1,80}}?)(?:\s+về\s+[^;:\n]{{1,200}}?)?\s*:")
"""'các Quyết định của Thủ tướng Chính phủ về phê duyệt quy hoạch …: Quyết định số 1629/QĐ-TTg …'"""
_TITLE_LEAD_RE = re.compile(r"(?:\s*,)?\s+(?:(?:về\s+việc|v/v|về)\s+|(?=(?:phê\s+duyệt|ban\s+hành|hướng\s+dẫn|quy\s+định\s+về)\s))", re.I)
_TITLE_STOP_RE = re.compile(r"[;\n(…]|\.(?:\s|/|$)|\s*,\s*(?:ngày|được|đã)\s")

# Pinpoints written before the document they point into, smallest part first: "điểm a khoản 2
# Điều 3", "khoản 1, 2 Điều 5", "Điều 3, 4 và 5", "từ Điều 5 đến Điều 9", "Mục 2 Chương III",
# "Phụ lục III ban hành kèm theo". Built from the `pinpoints` entries of legal_types.yaml.
_PIN_LABELS = {"letter": r"[a-zđ]\)?", "number": r"\d+", "article": r"\d+[a-zđ]?", "roman": r"(?:[IVXLC]+|\d+)"}


def _pin_word(word: str) -> str:
    """Return a pattern for a pinpoint word in normal, lower or upper case ('Điều', 'điều', 'ĐIỀU')."""
    return rf"(?<![\w{_MASK}])(?:{_alternation(_case_variants(word) + [word[0].upper() + word[1:]])})"


def _pin_list(word: str, repeat: bool = True) -> str:
    """Return a pattern for a list of labels after one word: "khoản 1, 2 và khoản 3"."""
    label = _PIN_LABELS[_PINPOINT_PARTS[word]]
    head = _pin_word(word)
    again = rf"(?:{head}\s+)?" if repeat else ""
    return rf"{head}\s+{label}(?:(?:\s*,\s*(?:và\s+)?|\s+và\s+){again}{label}(?![\w/]))*"


_PIN_ARTICLE_WORD = next(w for w, kind in _PINPOINT_PARTS.items() if kind == "article")
_PIN_ARTICLE_LABEL = _PIN_LABELS["article"]
_PIN_ARTICLES = (
    rf"(?:(?:từ\s+)?{_pin_word(_PIN_ARTICLE_WORD)}\s+{_PIN_ARTICLE_LABEL}\s+đến\s+(?:{_pin_word(_PIN_ARTICLE_WORD)}\s+)?{_PIN_ARTICLE_LABEL}"
    rf"|{_pin_list(_PIN_ARTICLE_WORD, repeat=False)})"
)
_PIN_INNER = [w for w, kind in _PINPOINT_PARTS.items() if kind in ("letter", "number")]
_PIN_OUTER = [w for w, kind in _PINPOINT_PARTS.items() if kind == "roman"]
_PIN_CLAUSE = "".join(rf"(?:{_pin_list(w)}\s*,?\s+)?" for w in _PIN_INNER) + _PIN_ARTICLES
_PIN_SECTION = rf"(?:{'|'.join(_pin_word(w) for w in _PIN_OUTER)})\s+(?:số\s+)?{_PIN_LABELS['roman']}(?!\w)"
_PIN_PART = rf"(?:{_PIN_CLAUSE}|{_PIN_SECTION}(?:\s+{_PIN_SECTION})?)"
_PINPOINT_RE = re.compile(
    rf"(?P<pin>{_PIN_PART}(?:(?:\s*,\s*(?:và\s+)?|\s+và\s+){_PIN_PART})*)"
    rf"(?:\s+của|\s+(?:được\s+)?(?:ban\s+hành\s+)?kèm\s+theo)?\s+$"
)
_PIN_PART_RE = re.compile(_PIN_PART)
# a pinpoint's last label stands within a few characters of the reference: "Điều 3 ", "Phụ lục III ban hành kèm theo "
_PIN_NEAR_RE = re.compile(r"(?:\d+[a-zđ]?|[IVXLC]+|[a-zđ]\))\s+(?:của\s+|(?:được\s+)?(?:ban\s+hành\s+)?kèm\s+theo\s+)?$")
_PIN_ITEM_RE = re.compile(rf"(?P<word>{'|'.join(_alternation(_case_variants(w) + [w[0].upper() + w[1:]]) for w in _PINPOINT_PARTS)})\s+(?:số\s+)?(?P<label>[^\s,]+)")
_PIN_RANGE_RE = re.compile(rf"(?P<a>\d+)\s+đến\s+(?:\S+\s+)?(?P<b>\d+)$")
_PIN_WINDOW = 200  # how far before a reference its pinpoint may start
_PIN_MAX_RANGE = 50  # a longer range is kept whole ("Điều 1 đến Điều 200" is a typo or a whole law)
_LIST_GLUE_RE = re.compile(r"^(?:\s*,)?(?:\s+và)?(?:\s+(?:số|Số|SỐ))?\s+$")
_BASIS_RE = re.compile(r"(?:Căn cứ|Thực hiện|Triển khai thực hiện|Triển khai|Tiếp tục thực hiện|Để tiếp tục thực hiện|Để triển khai)\b")
_HEADING_RE = re.compile(r"^(?:[IVX]+|[A-Z]|\d+)\.\s+\S", re.M)

# Laws cited by title.
_LAW_HEAD_RE = re.compile(r"(?<![\w\x00])(?P<type>Hiến pháp|HIẾN PHÁP|Bộ luật|BỘ LUẬT|Luật|LUẬT)\s+")
_LAW_AMEND_RE = re.compile(
    r"(?<![\w\x00])(?P<type>Luật|LUẬT)\s+(?P<amend>sửa\s+đổi(?:,\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?(?:\s+của)?)\s+(?=Luật\s|LUẬT\s)",
    re.I,
)
_LAW_AND_RE = re.compile(r"(?:\s*,|\s+và)\s+(?P<type>Luật|LUẬT)\s+")
_CONSTITUTION_NAME_RE = re.compile(r"nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam", re.I)
_QUOTED_TITLE_RE = re.compile(r"(?:\s*,)?\s+(?:về\s+việc\s+|về\s+|v/v\s+)?[“\"](?P<title>[^”\"\n]{3,300})[”\"]")
_KNOWN_LAW_RE = re.compile(rf"(?:{_alternation(_LAW_TITLES)})(?!\w)", re.I)
_LAW_YEAR_RE = re.compile(r"\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?!\w|/)", re.I)
# Words that end a law's title ("Luật Lâm nghiệp và các quy định liên quan" → "Lâm nghiệp").
_TITLE_STOP_WORDS = frozenset(
    "và hoặc theo thuộc để về trong tại của được đã đang sẽ cho nhằm khi do với là có số ngày từ đến vào này "
    "mới gồm trên các những cùng như nêu thì mà nhưng sau trước phải cũng hiện đó bằng qua tới hằng hàng".split()
)
_TITLE_STOP_PAIRS = frozenset(
    ["đối với", "hướng dẫn", "quy định", "sửa đổi", "bổ sung", "thi hành", "liên quan", "ban hành", "triển khai", "thực hiện", "hiện hành"]
)
# Words that end a stated issuer ("của Thủ tướng Chính phủ phê duyệt ..." → "Thủ tướng Chính phủ").
_ISSUER_STOP_WORDS = frozenset(
    "về v/v trên tại theo để do nhằm là đã được với cho trong số ngày hoặc khi mà thì nêu gồm từ đến vào đang sẽ cũng như này đó tới "
    "năm giai".split()
)
_ISSUER_STOP_PAIRS = frozenset(
    [
        "ban hành", "phê duyệt", "quy định", "thực hiện", "triển khai", "sửa đổi", "hướng dẫn", "đối với", "bổ sung",
        "kiện toàn", "thông qua", "tăng cường", "đẩy mạnh", "tiếp tục", "quán triệt", "chỉ đạo", "bao gồm", "kèm theo",
        "về việc", "yêu cầu", "thành lập", "công bố", "ủy quyền",
    ]
)
# Right after a complete known issuer only these lower-case words may continue it ("Ủy ban nhân dân tỉnh
# Lâm Đồng", "Ban Chấp hành Trung ương Đảng khóa XIII"; "và" is judged by the rule for lists);
# any other lower-case word starts the title or the sentence ("của Chính phủ cơ sở dữ liệu quốc
# gia …", "Sở Tài chính tình hình …").
_ISSUER_LOWER_CONTINUATIONS = frozenset(
    "tỉnh thành phố huyện quận thị xã trấn phường đặc khu cấp khóa khoá đảng ương ủy uỷ bộ nhân dân và".split()
)
# Known names that are only the head of a longer name written in lower case ("Ban quản lý các khu
# công nghiệp"): the rule above does not apply after them.
_OPEN_ISSUER_HEADS = frozenset(["ban quản lý", "ban chỉ đạo", "hội đồng", "ủy ban", "ban"])
# Unnumbered plans cited with their issuer ("Kế hoạch hành động của Ban Thường vụ Thành ủy Hà Nội").
_UNNUMBERED_PLAN_RE = re.compile(r"(?<![\w\x00])(?P<type>Kế hoạch|Chương trình)(?P<words>(?:\s+[a-zà-ỹđ]+){1,4}?)\s+của\s+")
_PLAN_TITLE_BAD = frozenset("này đó trên hằng hàng năm số và các của triển thực".split())
_CREATION_VERB_RE = re.compile(
    r"(?:ban hành|phê duyệt|xây dựng|lập|hoàn thiện|trình|dự thảo|tham mưu|thông qua|cập nhật|sửa đổi|bổ sung)\s*$", re.I)
# A party congress's resolution, cited by the congress: "Nghị quyết Đại hội đại biểu toàn quốc lần
# thứ XIII của Đảng", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030".
_CONGRESS_RE = re.compile(
    r"(?<![\w\x00])(?P<type>Nghị quyết)\s+(?P<title>Đại hội(?:\s+[^\s;,.()]+){0,8}?\s+lần\s+thứ\s+[IVXLC]+"
    r"(?:\s+của\s+Đảng(?:\s+bộ(?:\s+(?:tỉnh|thành phố|huyện|xã))?)?)?(?:,\s*nhiệm\s+kỳ\s+\d{4}\s*-\s*\d{4})?)")

_WORD_RE = re.compile(r"\S+")
_SCAN_REACH = 400
_TRAILING_PUNCT = ",;.:!?)…”\"'"


# ---------------------------------------------------------------------------------------------
# Symbols
# ---------------------------------------------------------------------------------------------


@dataclass
class _Symbol:
    number: str
    year: Optional[int]
    type_code: Optional[str]
    issuer_codes: list[str]
    family: str


def _canonical_issuer(code: str) -> Optional[str]:
    """Return the known issuer code for `code` ('QH15' → 'QH', 'TTG' → 'TTg'), or None."""
    key = code.casefold()
    if key in _ISSUER_CODES:
        return _ISSUER_CODES[key]
    stripped = re.sub(r"\d+$", "", key)
    return _ISSUER_CODES.get(stripped)


@functools.lru_cache(maxsize=256)
def _nearest_issuer(code: str) -> Optional[str]:
    """Return the known issuer code nearest to an unknown one ('BTTT' → 'BTTTT'), or None."""
    close = difflib.get_close_matches(code, list(_ISSUERS_DATA), n=1, cutoff=0.6)
    return close[0] if close else None


@functools.lru_cache(maxsize=256)
def _nearest_type_code(code: str, word: Optional[_TypeWord] = None, only_word: bool = False) -> Optional[str]:
    """Return the known type code nearest to an unknown one ('QD' → 'QĐ', 'NQQ' → 'NQ'), or None.

    Codes of the type word written before the symbol come first ("Quyết định số 12/QDD-UBND" → 'QĐ').
    """
    folded = _fold(code)
    preferred = [c for c in _TYPES_DATA["codes"] if word is not None and c.casefold() in word.codes]
    for group in (preferred,) if only_word else (preferred, list(_TYPES_DATA["codes"])):
        exact = [c for c in group if _fold(c) == folded]
        if exact:
            return exact[0]
    others = [] if only_word else [c for c in _TYPES_DATA["codes"] if c not in _STANDARD_CODES]
    for group, cutoff in ((preferred, 0.5), (others, 0.7)):
        close = difflib.get_close_matches(folded, [_fold(c) for c in group], n=1, cutoff=cutoff)
        if close:
            return next(c for c in group if _fold(c) == close[0])
    return None


def _is_misspelt_type_code(code: str, issuer: str, word: Optional[_TypeWord]) -> bool:
    """True when `code` stands where a type code belongs: neither a known type nor a known issuer,
    followed by a known issuer, and near a known type code ('12/QD-UBND')."""
    if code.casefold() in _DOC_TYPE_CODES or _canonical_issuer(code) or not _canonical_issuer(issuer):
        return False
    if word is not None and word.codes and word.family != "cong_van":
        return _nearest_type_code(code, word, only_word=True) is not None
    return any(_fold(c) == _fold(code) for c in _TYPES_DATA["codes"])


def _parse_symbol(symbol: str, word: Optional[_TypeWord] = None) -> Optional[_Symbol]:
    """Return the parts of a symbol: '72/2015/NĐ-CP' → number 72, year 2015, NĐ, [CP], normative.

    Party symbols put the type first ('16-KL/TW'); letters (công văn) carry no type code, only the
    issuer and the drafting unit ('3737/BTTT-TTDN'). A misspelt type code before a known issuer
    ('12/QD-UBND', with `word` the type word written before it) is kept as the type code.
    """
    s = re.sub(r"\s+", "", symbol)
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)/(\d{4})/(.+)", s):
        parts = m.group(3).split("-")
        if parts[0].casefold() in _DOC_TYPE_CODES or (len(parts) >= 2 and _is_misspelt_type_code(parts[0], parts[1], word)):
            return _Symbol(m.group(1), int(m.group(2)), parts[0], parts[1:], "normative")
        return _Symbol(m.group(1), int(m.group(2)), None, parts, "normative")
    if m := re.fullmatch(r"(\d+)-([^/-]+)/(.+)", s):
        return _Symbol(m.group(1), None, m.group(2), m.group(3).split("-")[:1], "party")
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)/(.+)", s):
        parts = m.group(2).split("-")
        if len(parts) >= 2 and (parts[0].casefold() in _DOC_TYPE_CODES or _is_misspelt_type_code(parts[0], parts[1], word)):
            family = "party" if _canonical_issuer(parts[1]) in _PARTY_ISSUERS else "administrative"
            return _Symbol(m.group(1), None, parts[0], parts[1:2], family)
        return _Symbol(m.group(1), None, None, parts[:1], "cong_van")
    return None


def _word_for_code(sym: _Symbol) -> str:
    """Return the type word a symbol stands for when the text gives no type word."""
    if sym.type_code:
        code = sym.type_code if sym.type_code.casefold() in _CODE_WORDS else (_nearest_type_code(sym.type_code) or sym.type_code)
        words = _CODE_WORDS.get(code.casefold(), {})
        return words.get(sym.family) or words.get("administrative") or next(iter(words.values()), "Văn bản")
    issuer = _canonical_issuer(sym.issuer_codes[0]) if sym.issuer_codes else None
    if sym.family == "normative":
        return {"QH": "Luật", "UBTVQH": "Nghị quyết", "CTN": "Lệnh"}.get(issuer or "", "Văn bản")
    return "Công văn"


def _accepts(word: _TypeWord, sym: _Symbol) -> bool:
    """True when the type word fits the symbol ('Quy định' fits '178-QĐ/TW', 'Hướng dẫn' a letter)."""
    if sym.type_code is None:
        return True
    return sym.type_code.casefold() in word.codes


# ---------------------------------------------------------------------------------------------
# Hits: one per mention found
# ---------------------------------------------------------------------------------------------


@dataclass
class _Hit:
    start: int
    end: int
    doc_type: str
    explicit_type: bool
    upper: bool
    key: str
    ref_id: str
    symbol: Optional[str] = None
    parsed: Optional[_Symbol] = None
    family: str = "unnumbered"
    type_word: Optional[_TypeWord] = None
    title: Optional[str] = None
    year: Optional[int] = None
    date: Optional[str] = None
    bad_date: Optional[tuple[int, int]] = None
    issuer: Optional[str] = None
    issuer_shared: bool = False
    issuer_span: Optional[tuple[int, int]] = None
    tail_end: int = 0
    pinpoints: list[str] = field(default_factory=list)
    extra: list["_Hit"] = field(default_factory=list)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


_NOT_NEWLINE = re.compile(r"[^\n]")


class _Masked:
    """The text with every matched span blanked by `_MASK` (newlines kept), so later patterns
    cannot match inside an earlier match and offsets stay those of the text."""

    def __init__(self, text: str) -> None:
        self.text = text.replace(_MASK, " ")
        self._pending: list[tuple[int, int]] = []

    def __str__(self) -> str:
        # Spans are blanked lazily, all at once when the text is next read: one pass over the
        # text per pattern instead of one per match (a long archive document has thousands).
        if self._pending:
            pieces, last = [], 0
            for start, end in sorted(self._pending):
                start = max(start, last)
                if end <= start:
                    continue
                pieces.append(self.text[last:start])
                pieces.append(_NOT_NEWLINE.sub(_MASK, self.text[start:end]))
                last = end
            pieces.append(self.text[last:])
            self.text = "".join(pieces)
            self._pending = []
        return self.text

    def mask(self, start: int, end: int) -> None:
        self._pending.append((start, end))


def _mask(masked: _Masked, start: int, end: int) -> None:
    masked.mask(start, end)


def _numbered_hit(text: str, start: int, end: int, symbol: str, word: Optional[_TypeWord], type_text: Optional[str]) -> Optional[_Hit]:
    sym = _parse_symbol(symbol, word)
    if sym is None:
        return None
    explicit = word is not None
    doc_type = word.word if word else _word_for_code(sym)
    family = sym.family
    if word is not None and word.family == "standard":
        return None
    key = re.sub(r"\s+", "", symbol).casefold()
    return _Hit(
        start=start,
        end=end,
        doc_type=doc_type,
        explicit_type=explicit,
        upper=_is_upper(type_text or symbol) and bool(type_text),
        key=key,
        ref_id="ref:" + re.sub(r"\s+", "", symbol),
        symbol=symbol,
        parsed=sym,
        family=family,
        type_word=word,
        year=sym.year,
        tail_end=end,
    )


def _find_standards(text: str, masked: _Masked, hits: list[_Hit]) -> None:
    for m in _STANDARD_RE.finditer(str(masked)):
        code = m.group("code")
        words = _CODE_WORDS.get(code.casefold(), {})
        symbol = m.group("sym")
        hits.append(
            _Hit(
                start=m.start("sym"),
                end=m.end("sym"),
                doc_type=words.get("standard", "Tiêu chuẩn"),
                explicit_type=True,
                upper=False,
                key=re.sub(r"\s+", "", symbol).casefold(),
                ref_id="ref:" + re.sub(r"\s+", "", symbol),
                symbol=symbol,
                parsed=_Symbol(m.group("num"), int(m.group("year")) if m.group("year") else None, code, [m.group("iss")] if m.group("iss") else [], "standard"),
                family="standard",
                year=int(m.group("year")) if m.group("year") else None,
                tail_end=m.end("sym"),
            )
        )
        _mask(masked, m.start(), m.end())


def _find_typed(text: str, masked: _Masked, hits: list[_Hit], own: set[str]) -> None:
    for pattern in (_TYPED_RE, _TYPED_GAP_RE):
        for m in pattern.finditer(str(masked)):
            word = _TYPE_WORDS[m.group("type").casefold()]
            symbol = m.group("sym")
            if re.sub(r"\s+", "", symbol).casefold() in own:
                _mask(masked, m.start(), m.end())
                continue
            start, type_text = m.start(), m.group("type")
            sym = _parse_symbol(symbol, word)
            if sym is not None and not _accepts(word, sym):
                before = re.search(rf"(?:{_ANY_TYPE_WORD_RE.pattern})\s+$", text[max(0, start - 40) : start])
                outer = _TYPE_WORDS.get(before.group(0).strip().casefold()) if before else None
                if outer is not None and _accepts(outer, sym):
                    word, type_text, start = outer, before.group(0).strip(), start - len(before.group(0))
            hit = _numbered_hit(text, start, m.end(), symbol, word, type_text)
            if hit is None:
                continue
            if pattern is _TYPED_GAP_RE:
                gap = m.group("gap")
                # The gap is the title ("Hướng dẫn xây dựng kế hoạch ... số 3737/BTTT-TTDN"); it may
                # not hold another type word nor an issuer, and the word must fit the symbol.
                if _ANY_TYPE_WORD_RE.search(gap) or re.search(r"(?<!\w)(?:của|số|ngày)(?!\w)", gap, re.I) or not _accepts(word, hit.parsed):
                    continue
                hit.title = gap.strip()
            hits.append(hit)
            _mask(masked, m.start(), m.end())


def _find_bare(text: str, masked: _Masked, hits: list[_Hit], own: set[str]) -> None:
    joined = str(masked)
    for m in _BARE_RE.finditer(joined):
        symbol = m.group("sym")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _OWN_NUMBER_RE.search(text, line_start, m.start()) or re.sub(r"\s+", "", symbol).casefold() in own:
            continue
        sym = _parse_symbol(symbol)
        if sym is None:
            continue
        known_type = sym.type_code is not None and sym.type_code.casefold() in _DOC_TYPE_CODES
        known_issuer = any(_canonical_issuer(c) for c in sym.issuer_codes)
        if not (known_type or known_issuer):
            continue
        # A list shares the type word written before it: "các Quyết định: số 36/QĐ-TTg ...; số 1569/QĐ-TTg".
        word = None
        before = list(_ANY_TYPE_WORD_LOWER_RE.finditer(text, line_start, m.start()))
        if before:
            candidate = _TYPE_WORDS.get(before[-1].group(0).casefold())
            if candidate and candidate.codes and _accepts(candidate, sym) and sym.type_code is not None:
                word = candidate
        hit = _numbered_hit(text, m.start(), m.end(), symbol, None, None)
        if hit is None:
            continue
        if word is not None:
            hit.doc_type = word.word
        hits.append(hit)
        _mask(masked, m.start(), m.end())


def _scan_words(text: str, pos: int, limit: int) -> list[re.Match[str]]:
    """Return the words from `pos` to the line end or `limit`; callers read at most 15, so the
    scan stops after 400 characters (a paragraph is one line)."""
    end = text.find("\n", pos, pos + _SCAN_REACH)
    end = min(len(text), pos + _SCAN_REACH) if end < 0 else end
    return list(_WORD_RE.finditer(text, pos, min(end, limit)))


def _law_title_general(text: str, pos: int, limit: int) -> Optional[tuple[int, int]]:
    """Return the span of a law's title by the general rule: a capitalised head word, then words
    up to a function word, a type word, a year or punctuation. 'Luật Lâm nghiệp và các ...' → 'Lâm nghiệp'."""
    tokens = _scan_words(text, pos, limit)
    if not tokens or not tokens[0].group(0)[0].isupper() or _MASK in tokens[0].group(0):
        return None
    if _ANY_TYPE_WORD_RE.match(text, tokens[0].start()):
        return None
    end = None
    for i, tok in enumerate(tokens[:12]):
        word = tok.group(0)
        if word[0] in "(“\"'[" or _MASK in word:
            break
        core = word.rstrip(_TRAILING_PUNCT)
        if i > 0:
            nxt = tokens[i + 1].group(0).rstrip(_TRAILING_PUNCT) if i + 1 < len(tokens) else ""
            if core in _TITLE_STOP_WORDS or f"{core} {nxt}" in _TITLE_STOP_PAIRS or re.fullmatch(r"\d+", core):
                break
            if core == "năm" and re.fullmatch(r"\d{4}\W*", nxt):
                break
            if _ANY_TYPE_WORD_RE.match(text, tok.start()):
                break
        if not core:
            break
        end = tok.start() + len(core)
        if core != word or "-" == core:
            break
    if end is None:
        return None
    return pos, end


def _law_title(text: str, pos: int, upper: bool, limit: int) -> Optional[tuple[int, int]]:
    """Return the span of a law's title at `pos`: the known title or the general rule, the longer."""
    spans = []
    if m := _KNOWN_LAW_RE.match(text, pos):
        spans.append((m.start(), m.end()))
    if not upper and (general := _law_title_general(text, pos, limit)):
        spans.append(general)
    if not spans:
        return None
    return max(spans, key=lambda s: (s[1] - s[0], -s[0]))


def _law_id(doc_type: str, title: Optional[str], year: Optional[int]) -> str:
    words = _fold(title or "").split()
    expanded = " ".join(_TITLE_ABBREVIATIONS.get(w, w) for w in words)
    slug = _slug(f"{doc_type} {expanded}")
    if not title and year:
        slug += f"-{year}"
    return "ref:" + slug


def _law_hit(text: str, type_start: int, type_text: str, title_span: tuple[int, int], outer_start: Optional[int] = None) -> _Hit:
    title = text[title_span[0] : title_span[1]]
    word = _TYPE_WORDS[type_text.casefold()]
    end = title_span[1]
    year = None
    if ym := _LAW_YEAR_RE.match(text, end):
        year = int(ym.group("year"))
        end = ym.end()
    return _Hit(
        start=type_start,
        end=end,
        doc_type=word.word,
        explicit_type=True,
        upper=_is_upper(type_text),
        key=_law_id(word.word, title, None),
        ref_id=_law_id(word.word, title, None),
        family="unnumbered",
        type_word=word,
        title=title,
        year=year,
        tail_end=end,
    )


def _find_laws(text: str, masked: _Masked, hits: list[_Hit]) -> None:
    joined = str(masked)
    # Amending laws first: "Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật"
    # is one law, and the law it amends is cited inside it.
    for m in _LAW_AMEND_RE.finditer(joined):
        inner_head = m.end()
        inner_type = text[inner_head : inner_head + 4]
        inner_pos = inner_head + 5
        span = _law_title(text, inner_pos, _is_upper(inner_type), len(text))
        if span is None:
            continue
        inners = [_law_hit(text, inner_head, inner_type, span)]
        # "… của Luật Phòng, chống thiên tai và Luật Đê điều": one law amending several
        while (more := _LAW_AND_RE.match(text, span[1])) is not None:
            next_span = _law_title(text, more.end(), _is_upper(more.group("type")), len(text))
            if next_span is None:
                break
            inners.append(_law_hit(text, more.start("type"), more.group("type"), next_span))
            span = next_span
        outer = _law_hit(text, m.start(), m.group("type"), (m.start("amend"), span[1]))
        outer.extra.extend(inners)
        hits.append(outer)
        _mask(masked, m.start(), outer.end)
    joined = str(masked)
    for m in _LAW_HEAD_RE.finditer(joined):
        type_text = m.group("type")
        if type_text.casefold() == "hiến pháp":
            # "Hiến pháp năm 2013", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam (năm 2013)";
            # a bare "Hiến pháp, pháp luật" is the general idea, not a citation.
            full = _CONSTITUTION_NAME_RE.match(text, m.end())
            after = full.end() if full else m.end() - 1
            ym = _LAW_YEAR_RE.match(text, after)
            if ym or full:
                word = _TYPE_WORDS["hiến pháp"]
                year = int(ym.group("year")) if ym else None
                end = ym.end() if ym else after
                ref_id = _law_id(word.word, None, year)
                hits.append(
                    _Hit(start=m.start(), end=end, doc_type=word.word, explicit_type=True, upper=_is_upper(type_text),
                         key=ref_id, ref_id=ref_id, type_word=word, year=year, tail_end=end)
                )
                _mask(masked, m.start(), end)
            continue
        span = _law_title(joined, m.end(), _is_upper(type_text), len(text))
        if span is None:
            continue
        hit = _law_hit(text, m.start(), type_text, span)
        hits.append(hit)
        _mask(masked, m.start(), hit.end)


def _find_congress_resolutions(text: str, masked: _Masked, hits: list[_Hit]) -> None:
    joined = str(masked)
    if "Đại hội" not in joined:
        return  # the pattern below names it; most documents cite no congress
    for m in _CONGRESS_RE.finditer(joined):
        word = _TYPE_WORDS[m.group("type").casefold()]
        title = " ".join(text[m.start("title") : m.end("title")].split())
        # One congress, one resolution: "Đại hội lần thứ XIII của Đảng" is "Đại hội đại biểu toàn
        # quốc lần thứ XIII của Đảng" written short.
        ordinal = re.search(r"lần\s+thứ\s+([IVXLC]+)", title).group(1)
        local = re.search(r"Đảng\s+bộ(?:\s+\w+)?", title)
        congress = f"Đại hội {local.group(0) if local else 'toàn quốc'} lần thứ {ordinal}"
        hits.append(_Hit(start=m.start(), end=m.end(), doc_type=word.word, explicit_type=True, upper=False,
                         key=_law_id(word.word, congress, None), ref_id=_law_id(word.word, congress, None),
                         type_word=word, title=title, tail_end=m.end()))
        _mask(masked, m.start(), m.end())


def _find_unnumbered_plans(text: str, masked: _Masked, hits: list[_Hit]) -> None:
    joined = str(masked)
    for m in _UNNUMBERED_PLAN_RE.finditer(joined):
        words = m.group("words").split()
        if any(w in _PLAN_TITLE_BAD for w in words):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _CREATION_VERB_RE.search(text[max(line_start, m.start() - 30) : m.start()]):
            continue
        issuer = _scan_issuer(text, m.end(), len(text))
        if issuer is None or not _issuer_codes_of(text[issuer[0] : issuer[1]]):
            continue
        word = _TYPE_WORDS[m.group("type").casefold()]
        title = text[m.start("words") : issuer[1]].strip()
        hit = _Hit(
            start=m.start(),
            end=issuer[1],
            doc_type=word.word,
            explicit_type=True,
            upper=False,
            key=_law_id(word.word, title, None),
            ref_id=_law_id(word.word, title, None),
            type_word=word,
            title=title,
            issuer=text[issuer[0] : issuer[1]],
            issuer_span=issuer,
            tail_end=issuer[1],
        )
        hits.append(hit)
        _mask(masked, m.start(), issuer[1])


# ---------------------------------------------------------------------------------------------
# Dates, issuers, titles, pinpoints
# ---------------------------------------------------------------------------------------------


def _iso_date(d: str, m: str, y: str) -> Optional[str]:
    """Return the ISO date of day, month, year as written, or None when no such day exists.

    Ví dụ: ("7", "9", "2015") → "2015-09-07"; ("31", "2", "2025") → None (there is no 31/2).
    """
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _pinpoint_before(text: str, start: int) -> Optional[re.Match[str]]:
    """Return the pinpoint written just before `start` ("điểm a khoản 2 Điều 3 "), or None.

    The full pattern is tried only when a label-bearing word stands close before `start`.
    """
    lo = max(0, start - _PIN_WINDOW)
    near = _PIN_NEAR_RE.search(text, max(lo, start - 40), start)
    if near is None:
        return None
    return _PINPOINT_RE.search(text, lo, start)


def _pin_word_of(token: str) -> Optional[str]:
    """Return the pinpoint word a token spells in any case ('ĐIỀU' → 'Điều'), or None."""
    return next((w for w in _PINPOINT_PARTS if w.casefold() == token.casefold()), None)


def _expand_pinpoint(pin: str) -> list[str]:
    """Return the parts a pinpoint cites, one string each, smallest part first within each string.

    Ví dụ: "điểm a, b khoản 2 Điều 3" → ["điểm a khoản 2 Điều 3", "điểm b khoản 2 Điều 3"];
    "từ Điều 5 đến Điều 7" → ["Điều 5", "Điều 6", "Điều 7"]; "Mục 2 Chương III" → ["Mục 2 Chương III"].
    Words are written in their dictionary case (điểm, khoản, Điều, Chương, Mục, Phụ lục).
    """
    out: list[str] = []
    for part in _PIN_PART_RE.finditer(pin):
        tokens = re.findall(r"[^\s,]+", part.group(0))
        labels: dict[str, list[str]] = {}
        order: list[str] = []
        word: Optional[str] = None
        ranged = False
        i = 0
        while i < len(tokens):
            two = _pin_word_of(" ".join(tokens[i : i + 2])) if i + 1 < len(tokens) else None
            one = _pin_word_of(tokens[i])
            if two or one:
                word = two or one
                if word not in labels:
                    labels[word] = []
                    order.append(word)
                i += 2 if two else 1
                continue
            token = tokens[i].rstrip(")")
            i += 1
            if token.casefold() in ("từ", "và", "số"):
                continue
            if token.casefold() == "đến":
                ranged = True
                continue
            if word is None:
                continue
            found = labels[word]
            if ranged and found and found[-1].isdigit() and token.isdigit() and 0 < int(token) - int(found[-1]) <= _PIN_MAX_RANGE:
                found.extend(str(n) for n in range(int(found[-1]) + 1, int(token) + 1))
            elif ranged and found:
                found[-1] = f"{found[-1]} đến {word} {token}"
            else:
                found.append(token)
            ranged = False
        if not order:
            continue
        if _PIN_ARTICLE_WORD not in labels:
            # Mục 2 Chương III, Phụ lục I: written as one part, smallest first as the text has it
            out.append(" ".join(f"{w} {' '.join(labels[w])}" for w in order))
            continue
        inner = [w for w in reversed(order) if w != _PIN_ARTICLE_WORD]  # khoản before điểm
        for combo in itertools.product(labels[_PIN_ARTICLE_WORD], *(labels[w] for w in inner)):
            words = [f"{w} {label}" for w, label in zip([_PIN_ARTICLE_WORD, *inner], combo)]
            out.append(" ".join(reversed(words)))
    return out


def _known_issuer_length(text: str, pos: int) -> int:
    """Return the length of the longest known issuer name written at `pos` (0 when none)."""
    m = _ISSUER_NAME_RE.match(text, pos)
    return len(m.group(0)) if m else 0


_FIELD_HEAD_RE = re.compile(r"(?:Tổ giúp việc\s+)?(?:Ban [Cc]hỉ đạo|Hội đồng|Tổ công tác|Ủy ban [Qq]uốc gia)(?=\s)")
"""Bodies named by the field they steer: their names run on in lower case and may hold "về"
("Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số")."""
_FIELD_NAME_END_RE = re.compile(
    r"\s+(?:ban hành|thông báo|hướng dẫn|phê duyệt|quy định|về việc|v/v|tại|ngày)\b|\s+về\s+(?=[A-ZĐÀ-Ỹ])|[;(.:]|,\s+ngày"
    r"|,\s+(?=(?:Ủy ban|UBND|Sở|Bộ|Thủ tướng|Chính phủ|Văn phòng)\s)")
_FIELD_NAME_MAX = 160


def _scan_field_issuer(text: str, pos: int, limit: int) -> Optional[tuple[int, int]]:
    """The span of a steering body's name at `pos`, up to the verb or title that follows it.

    'Ban Chỉ đạo phát triển khoa học, công nghệ, …, cải cách hành chính và đề án 06 về Kế hoạch
    hành động …' → up to 'đề án 06'; 'Tổ giúp việc Ban chỉ đạo Trung ương về phát triển khoa học, …
    và chuyển đổi số thông báo kết luận …' → up to 'chuyển đổi số'.
    """
    if not _FIELD_HEAD_RE.match(text, pos):
        return None
    stop = min(limit, pos + _FIELD_NAME_MAX)
    newline = text.find("\n", pos, stop)
    if newline >= 0:
        stop = newline
    end_m = _FIELD_NAME_END_RE.search(text, pos, stop)
    end = end_m.start() if end_m else None
    if end is None:
        return None  # no clear end within reach: let the general rule decide
    name = text[pos:end].rstrip(" ,")
    return (pos, pos + len(name)) if len(name.split()) >= 3 else None


def _scan_issuer(text: str, pos: int, limit: int) -> Optional[tuple[int, int]]:
    """Return the span of the issuer named at `pos` (just after 'của'), or None.

    'Thủ tướng Chính phủ phê duyệt ...' → 'Thủ tướng Chính phủ'; 'Bộ Thông tin và Truyền thông
    về việc ...' → 'Bộ Thông tin và Truyền thông'; 'UBND tỉnh, và để ...' → 'UBND tỉnh'. A known
    name is taken whole first ('Bộ Văn hóa, Thể thao và Du lịch'), then the words that follow it
    ('tỉnh Quảng Trị', 'khóa XIII') up to a lower-case verb or function word.
    """
    field = _scan_field_issuer(text, pos, limit)
    if field is not None:
        return field
    known = _known_issuer_length(text, pos)
    tokens = _scan_words(text, pos + known, limit)
    if known:
        if text[pos + known : pos + known + 1] not in (" ", ""):
            return pos, pos + known
    elif not tokens or not tokens[0].group(0)[0].isupper():
        return None
    shouting = _is_upper(text[pos : pos + 40])
    end = pos + known if known else None
    closed = bool(known) and " ".join(text[pos : pos + known].split()).casefold() not in _OPEN_ISSUER_HEADS
    for i, tok in enumerate(tokens[:14]):
        word = tok.group(0)
        if word[0] in "(“\"'[" or _MASK in word:
            break
        core = word.rstrip(_TRAILING_PUNCT)
        low = core.casefold()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        if i > 0 or known:
            if (core == low or shouting) and (
                low in _ISSUER_STOP_WORDS or f"{low} {nxt.rstrip(_TRAILING_PUNCT).casefold()}" in _ISSUER_STOP_PAIRS
            ):
                break
            if _ANY_TYPE_WORD_RE.match(text, tok.start()):
                break
            if closed and i == 0 and core == low and not shouting and low not in _ISSUER_LOWER_CONTINUATIONS:
                break
            if closed and f"{low} {nxt.rstrip(_TRAILING_PUNCT).casefold()}" in _ISSUER_STOP_PAIRS:
                break  # "của Thủ tướng Chính phủ Ban hành tiêu chí …": a title written in capitals
            if low == "và" and not (nxt[:1].isupper() and not _ANY_TYPE_WORD_RE.match(text, tokens[i + 1].start())):
                break
            if re.match(r"\d", core) and not re.fullmatch(r"\d+", core):
                break
        if not core:
            break
        end = tok.start() + len(core)
        if core != word:
            break
    if end is None:
        return None
    return pos, end


@functools.lru_cache(maxsize=1024)
def _issuer_codes_of(stated: str) -> frozenset[str]:
    """Return the issuer codes whose names start the stated issuer: 'UBND tỉnh' → {'UBND'}."""
    folded = _fold_issuer(stated)
    codes = set()
    for code, aliases in _ISSUER_ALIASES.items():
        for alias in aliases:
            if folded == alias or folded.startswith(alias + " "):
                codes.add(code)
                break
    return frozenset(codes)


def _scan_title(text: str, pos: int, limit: int) -> Optional[str]:
    """Return the title stated at `pos` ('về việc phát động phong trào ...' → 'phát động phong trào ...').

    The title runs to the end of the clause (';', '.', '(' or the line end), or to `limit`, the
    start of the next list item; it may cite other documents ('thực hiện Nghị quyết số 71/NQ-CP').
    """
    if (q := _QUOTED_TITLE_RE.match(text, pos)) and q.end() <= max(limit, pos) and _MASK not in q.group("title"):
        return q.group("title").strip()
    m = _TITLE_LEAD_RE.match(text, pos)
    if not m:
        return None
    start = m.end()
    stop = _TITLE_STOP_RE.search(text, start, limit)
    end = stop.start() if stop else limit
    title = re.sub(r"(?:\s*,|\s+và)+$", "", text[start:min(end, start + 300)].strip()).strip().rstrip(",:").strip()
    if _MASK in title or len(title) < 3 or title.casefold() == "việc":
        return None
    return title


def _link_titles_to_numbers(hits: list[_Hit]) -> None:
    """A law cited once with its number and elsewhere by its title alone is one reference:
    "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15" … "hướng dẫn thi hành Luật Ban hành
    văn bản quy phạm pháp luật" → both mentions of 64/2025/QH15. Two numbers with one title (an
    amended law and its amendment) leave the title alone."""
    numbered: dict[tuple[str, str], set[str]] = {}
    for hit in hits:
        if hit.symbol is not None and hit.title:
            numbered.setdefault((hit.doc_type, _fold(hit.title)), set()).add(hit.key)
    for hit in [*hits, *(e for h in hits for e in h.extra)]:
        if hit.symbol is None and hit.family == "unnumbered" and hit.title:
            keys = numbered.get((hit.doc_type, _fold(hit.title)), set())
            if len(keys) == 1:
                hit.key = hit.ref_id = next(iter(keys))


def _complete_numbered(text: str, hits: list[_Hit]) -> None:
    """Fill date, issuer, title and pinpoint of each numbered mention, then share issuers in lists."""
    for i, hit in enumerate(hits):
        line_end = text.find("\n", hit.start)
        line_end = len(text) if line_end < 0 else line_end
        # The next mention ends this one's tail when it starts a new list item ("..., Kế hoạch số").
        nxt = next((h for h in hits[i + 1 :] if h.start >= hit.end), None)
        item_start = line_end
        if nxt is not None and nxt.start < line_end:
            glue = re.search(r"(?:[,;]|\s+và|\s+sửa\s+đổi,\s+bổ\s+sung)\s+(?:các\s+)?$", text[hit.end : nxt.start])
            item_start = nxt.start - len(glue.group(0)) if glue else line_end
        limit = item_start
        if pm := _pinpoint_before(text, hit.start):
            hit.pinpoints = _expand_pinpoint(pm.group("pin"))
        if hit.symbol is None or hit.family == "standard":
            if hit.family == "standard":
                hit.title = _scan_title(text, hit.end, limit)
            elif hit.family == "unnumbered" and (dm := _DATE_RE.match(text, hit.end)) and dm.end() <= limit:
                # "Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013": a law cited by its date of passing
                hit.date = _iso_date(dm.group("d"), dm.group("m") or dm.group("m2"), dm.group("y") or dm.group("y2"))
                hit.tail_end = dm.end()
            continue
        pos = hit.end
        if dm := _DATE_RE.match(text, pos):
            if dm.end() <= limit:
                date = _iso_date(dm.group("d"), dm.group("m") or dm.group("m2"), dm.group("y") or dm.group("y2"))
                # An impossible date ("ngày 31/02/2025") is consumed, kept out of `date`, and reported.
                hit.date = date
                hit.bad_date = None if date else (dm.start("d"), dm.end())
                pos = dm.end()
        hit.tail_end = pos
        if om := _OF_RE.match(text, pos):
            span = _scan_issuer(text, om.end(), limit)
            if span:
                hit.issuer = text[span[0] : span[1]]
                hit.issuer_span = span
                pos = span[1]
        elif (bm := _BY_RE.match(text, pos)) and (span := _scan_issuer(text, bm.end(), limit)) and _ISSUED_RE.match(text, span[1]):
            # "Quyết định số 12/QĐ-UBND do Ủy ban nhân dân tỉnh ban hành"
            hit.issuer = text[span[0] : span[1]]
            hit.issuer_span = span
            pos = span[1]
        title = _scan_title(text, pos, limit)
        if title and not hit.title:
            hit.title = title
    # A list introduced by its issuer: "được Thủ tướng Chính phủ phê duyệt tại các Quyết định:
    # số 36/QĐ-TTg ...; số 1569/QĐ-TTg ... và số 1668/QĐ-TTg ..." gives each item that issuer.
    intros = sorted([*_LIST_INTRO_RE.finditer(text), *_LIST_OF_RE.finditer(text)], key=lambda m: m.start())
    for m in intros:
        span = _scan_issuer(text, m.start("issuer"), m.end("issuer"))
        if span is None or span[1] != m.end("issuer"):
            continue
        word = _TYPE_WORDS[m.group("type").casefold()]
        stop = re.compile(r"\.(?:\s|$)|\n").search(text, m.end())
        end = stop.start() if stop else len(text)
        for hit in hits:
            if m.end() <= hit.start < end and hit.symbol and not hit.issuer and hit.parsed and _accepts(word, hit.parsed):
                if hit.explicit_type and hit.type_word is not word:
                    continue
                hit.issuer, hit.issuer_shared, hit.issuer_span = text[span[0] : span[1]], True, span
    # Lists share the issuer named after their last item: "Chỉ thị số 31-CT/TU ngày 06/6/2023,
    # Kế hoạch số 134-KH/TU ngày 29/12/2023 của Ban Thường vụ Tỉnh ủy".
    # Two items with no date between them share the date too: "Nghị định số 131/2025/NĐ-CP và
    # số 136/2025/NĐ-CP ngày 12/6/2025" (when the year in the symbol agrees).
    for i in range(len(hits) - 2, -1, -1):
        a, b = hits[i], hits[i + 1]
        if a.symbol is None or b.symbol is None or not _LIST_GLUE_RE.match(text[a.tail_end : b.start]):
            continue
        if not _same_issuer_code(a.parsed, b.parsed):
            continue
        if not a.issuer and b.issuer:
            a.issuer, a.issuer_shared, a.issuer_span = b.issuer, True, b.issuer_span
        if not a.date and b.date and a.tail_end == a.end and a.parsed.type_code == b.parsed.type_code:
            if a.parsed.year is None or str(a.parsed.year) == b.date[:4]:
                a.date = b.date


def _same_issuer_code(a: Optional[_Symbol], b: Optional[_Symbol]) -> bool:
    if a is None or b is None or not a.issuer_codes or not b.issuer_codes:
        return False
    ca = _canonical_issuer(a.issuer_codes[0]) or a.issuer_codes[0].casefold()
    cb = _canonical_issuer(b.issuer_codes[0]) or b.issuer_codes[0].casefold()
    return ca == cb


# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------


def _finding(
    code: str, message: str, hit: _Hit, ref_id: Optional[str], line: int, suggestion: Optional[str] = None, severity: str = "warning"
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, suggestion=suggestion, ref_id=ref_id, span=Span(start=hit.start, end=hit.end), line=line  # type: ignore[arg-type]
    )


def _check_hit(text: str, hit: _Hit, ref_id: str, line: int) -> list[Finding]:
    sym = hit.parsed
    if sym is None or hit.symbol is None or hit.family == "standard":
        return []
    out: list[Finding] = []
    if hit.bad_date:
        written = text[hit.bad_date[0] : hit.bad_date[1]]
        out.append(
            _finding("ref.impossible_date", f"{hit.symbol} is dated “ngày {written}”, which is not a day of the calendar", hit, ref_id, line,
                     "check the date against the cited document", severity="error")
        )
    if sym.type_code and sym.type_code.casefold() not in _DOC_TYPE_CODES:
        meant = _nearest_type_code(sym.type_code, hit.type_word)
        hint = f"; did you mean {meant} ({_word_for_code(_Symbol(sym.number, sym.year, meant, sym.issuer_codes, sym.family))})?" if meant else ""
        out.append(_finding("ref.unknown_type_code", f"Type code {sym.type_code} in {hit.symbol} matches no known document type{hint}", hit, ref_id, line, meant))
    symbol = hit.symbol
    checked = sym.issuer_codes if sym.family in ("normative", "party") else sym.issuer_codes[:1]
    known = [_canonical_issuer(c) for c in checked]
    for code, canon in zip(checked, known):
        if canon is None:
            suggestion = _nearest_issuer(code)
            hint = f"; did you mean {suggestion} ({_ISSUER_NAMES[suggestion]})?" if suggestion else ""
            out.append(_finding("ref.unknown_issuer_code", f"Issuer code {code} in {symbol} matches no known issuer{hint}", hit, ref_id, line, suggestion))
    # A symbol with no issuer code ('320/1959/NĐ') has nothing to compare the stated issuer with.
    if hit.issuer and not hit.issuer_shared and known and all(known):
        stated = _issuer_codes_of(hit.issuer)
        if stated and not stated.intersection(known):
            expected = _ISSUER_NAMES[known[0]]
            out.append(
                _finding(
                    "ref.issuer_mismatch",
                    f"{hit.doc_type} {symbol} carries issuer code {known[0]} ({expected}), but the text names {hit.issuer} as its issuer",
                    hit, ref_id, line, expected,
                )
            )
    if hit.explicit_type and hit.type_word is not None and sym.type_code and sym.type_code.casefold() in _DOC_TYPE_CODES:
        if hit.type_word.codes and sym.type_code.casefold() not in hit.type_word.codes:
            meant = _word_for_code(sym)
            out.append(
                _finding(
                    "ref.type_mismatch",
                    f"The text calls {symbol} a {hit.type_word.word}, but its type code {sym.type_code} stands for {meant}",
                    hit, ref_id, line, meant,
                )
            )
    if sym.year and hit.date and int(hit.date[:4]) != sym.year:
        out.append(
            _finding(
                "ref.date_year_mismatch",
                f"{symbol} carries the year {sym.year} but is dated {hit.date}",
                hit, ref_id, line,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def issuer_form(code: Optional[str]) -> Optional[str]:
    """Return how a body numbers its documents: "party" (16-KL/TW), "state" (587/QĐ-TTg), "either"
    (mass organisations, steering committees), or None for an unknown code.

    Ví dụ: issuer_form("TW") → "party"; issuer_form("UBND") → "state"; issuer_form("ĐTN") → "either".
    """
    canon = _canonical_issuer(code) if code else None
    if canon is None:
        return None
    if canon in _EITHER_FORM_ISSUERS:
        return "either"
    return "party" if canon in _PARTY_ISSUERS else "state"


def symbol_form(symbol: str) -> Optional[str]:
    """Return the form a symbol is written in: "party" (number-TYPE/ISSUER), "state"
    (number[/year]/TYPE-ISSUER), or None for a letter or a standard.

    Ví dụ: symbol_form("16-KL/TW") → "party"; symbol_form("16/KL-TW") → "state".
    """
    sym = _parse_symbol(symbol)
    if sym is None or sym.type_code is None or sym.family == "standard":
        return None
    return "party" if re.fullmatch(r"\d+-[^/]+/.+", re.sub(r"\s+", "", symbol)) else "state"


def _own_numbers(text: str) -> set[str]:
    """Return the document's own number from its header ('Số: 141/KH-UBND'), which is no reference."""
    head = text[:2000]
    return {re.sub(r"\s+", "", m.group("sym")).casefold() for m in _HEADER_NUMBER_RE.finditer(head)}


def extract_legal_refs(text: str) -> tuple[list[LegalRef], list[Finding]]:
    """Return the legal references cited in `text`, one per document, and audit findings on them.

    Ví dụ: "Thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông ..."
    → [LegalRef(id="ref:26/CT-BTTTT", doc_type="Chỉ thị", number_symbol="26/CT-BTTTT",
    date="2017-06-21", issuer="Bộ Thông tin và Truyền thông", family="administrative",
    is_basis=True, ...)], and "Nghị định số 72/2015/NĐ-CP ... của Thủ tướng Chính phủ" gives a
    `ref.issuer_mismatch` finding (a Nghị định is issued by the Chính phủ).
    """
    masked = _Masked(text)
    own = _own_numbers(text)
    hits: list[_Hit] = []
    _find_standards(text, masked, hits)
    _find_typed(text, masked, hits, own)
    _find_bare(text, masked, hits, own)
    _find_laws(text, masked, hits)
    _find_unnumbered_plans(text, masked, hits)
    _find_congress_resolutions(text, masked, hits)
    hits.sort(key=lambda h: (h.start, h.end))
    _complete_numbered(text, hits)

    _link_titles_to_numbers(hits)
    # The laws an amending law amends are named in its title, not cited by the document: "Luật sửa
    # đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư … và Luật Đấu thầu" is one
    # reference. A law the document also cites on its own has its own mention elsewhere.
    flat: list[_Hit] = list(hits)

    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos)

    first_heading = None
    if hm := _HEADING_RE.search(text):
        first_heading = hm.start()

    def is_basis(hit: _Hit) -> bool:
        ls = text.rfind("\n", 0, hit.start) + 1
        if first_heading is not None and ls > first_heading:
            return False
        return bool(_BASIS_RE.match(text, ls))

    groups: dict[str, list[_Hit]] = {}
    for hit in flat:
        groups.setdefault(hit.key, []).append(hit)

    refs: list[LegalRef] = []
    findings: list[Finding] = []
    for key, group in sorted(groups.items(), key=lambda kv: (kv[1][0].start, kv[1][0].end)):
        preferred = sorted(group, key=lambda h: (h.upper, h.start))
        typed = sorted(group, key=lambda h: (not h.explicit_type, h.upper, h.start))

        def first(attr: str, order: list[_Hit] = preferred):
            return next((getattr(h, attr) for h in order if getattr(h, attr)), None)

        head = preferred[0]
        symbol = first("symbol")
        ref_id = "ref:" + re.sub(r"\s+", "", symbol) if symbol else head.ref_id
        pinpoints: list[str] = []
        for h in group:
            pinpoints.extend(p for p in h.pinpoints if p not in pinpoints)
        sym = head.parsed
        ref = LegalRef(
            id=ref_id,
            doc_type=typed[0].doc_type,
            number_symbol=symbol,
            number=sym.number if sym else None,
            year=(sym.year if sym else None) or first("year"),
            type_code=sym.type_code if sym else None,
            issuer_code=(_canonical_issuer(sym.issuer_codes[0]) or sym.issuer_codes[0]) if sym and sym.issuer_codes else None,
            family=head.family,
            date=first("date"),
            issuer=first("issuer"),
            title=first("title"),
            pinpoints=pinpoints,
            is_basis=any(is_basis(h) for h in group),
            mentions=[
                Mention(span=Span(start=h.start, end=h.end), line=line_of(h.start), section_id=None, text=text[h.start : h.end])
                for h in group
            ],
        )
        refs.append(ref)
        seen: set[str] = set()
        for h in group:
            for f in _check_hit(text, h, ref_id, line_of(h.start)):
                if f.code not in seen:
                    seen.add(f.code)
                    findings.append(f)
        findings.extend(_check_group(group, ref_id, line_of))
    refs, short_findings = _resolve_short_forms(text, masked, refs, own, line_of)
    findings.extend(short_findings)
    findings.sort(key=lambda f: (f.span.start if f.span else 0, f.code))
    return refs, findings


def _check_group(group: list[_Hit], ref_id: str, line_of) -> list[Finding]:
    """Return findings on one document cited several times with different dates, types or issuers.

    Ví dụ: "Quyết định số 142/QĐ-TTg ngày 02/02/2024 ..." then "Quyết định số 142/QĐ-TTg ngày
    03/02/2024" → `ref.inconsistent_date` on the second mention. This is a fact about the two
    mentions, so it is reported even when one of them also breaks a per-mention rule (a type word
    that does not fit the code, an issuer the code contradicts).
    """
    out: list[Finding] = []
    dated = [h for h in group if h.date]
    if other := next((h for h in dated if h.date != dated[0].date), None):
        out.append(
            _finding("ref.inconsistent_date", f"{other.symbol or other.doc_type} is dated {other.date} here but {dated[0].date} at line {line_of(dated[0].start)}",
                     other, ref_id, line_of(other.start), dated[0].date)
        )
    typed = [h for h in group if h.explicit_type and h.type_word is not None]
    if (other := next((h for h in typed if h.type_word is not typed[0].type_word), None)):
        out.append(
            _finding("ref.inconsistent_type", f"{other.symbol or other.title} is called a {other.doc_type} here but a {typed[0].doc_type} at line {line_of(typed[0].start)}",
                     other, ref_id, line_of(other.start), typed[0].doc_type)
        )
    stated = [(h, _issuer_codes_of(h.issuer)) for h in group if h.issuer and not h.issuer_shared]
    stated = [(h, codes) for h, codes in stated if codes]
    if stated:
        first_hit, first_codes = stated[0]
        if other_pair := next(((h, c) for h, c in stated if not c & first_codes), None):
            other = other_pair[0]
            out.append(
                _finding("ref.inconsistent_issuer", f"{other.symbol or other.doc_type} is issued by {other.issuer} here but by {first_hit.issuer} at line {line_of(first_hit.start)}",
                         other, ref_id, line_of(other.start), first_hit.issuer)
            )
    return out


# ---------------------------------------------------------------------------------------------
# Short forms: "Chỉ thị số 26", "Nghị định 72", "Thông tư nói trên"
# ---------------------------------------------------------------------------------------------

_SHORT_TYPE = _alternation([v for w in _SHORT_NUMBERED_WORDS for v in _case_variants(w, lower=False)])
_SHORT_NUMBER_RE = re.compile(
    rf"{_first_letters(_SHORT_NUMBERED_WORDS + [w.upper() for w in _SHORT_NUMBERED_WORDS])}(?<![\w{_MASK}])(?P<type>{_SHORT_TYPE})(?P<so>[^\S\n]+{_SO})?[^\S\n]+(?P<num>\d{{1,5}})(?:/(?P<year>\d{{4}}))?"
    rf"(?![\w/{_MASK}-]|[.,]\d)(?!\s+(?:{_alternation(_COUNT_WORDS)})(?!\w))"
)
_ANAPHORA_TYPE = _alternation([v for t in _TYPE_WORDS.values() if t.family != "standard" for v in _case_variants(t.word, lower=False)])
_ANAPHORA_WORDS_ALL = [v for t in _TYPE_WORDS.values() if t.family != "standard" for v in _case_variants(t.word, lower=False)]
_ANAPHORA_RE = re.compile(rf"{_first_letters(_ANAPHORA_WORDS_ALL)}(?<![\w{_MASK}])(?P<type>{_ANAPHORA_TYPE})[^\S\n]+(?P<ana>{_alternation(_ANAPHORA_WORDS)})(?!\w)")
_BARE_ANAPHORA_END_RE = re.compile(r"\s*(?:[,.;:)]|$)")  # "trên" alone points back only at a clause end


def _short_form_finding(code: str, severity: str, message: str, suggestion: str, start: int, end: int, line: int, ref_id=None) -> Finding:
    return Finding(code=code, severity=severity, message=message, suggestion=suggestion, ref_id=ref_id, span=Span(start=start, end=end), line=line)  # type: ignore[arg-type]


def _resolve_short_forms(text: str, masked: _Masked, refs: list[LegalRef], own: set[str], line_of) -> tuple[list[LegalRef], list[Finding]]:
    """Return the references with their short-form mentions added, and findings on the short forms
    that fit no reference or more than one.

    A numbered short form ("Chỉ thị số 26", "Nghị định 72/2015") fits a reference of the same type
    word with that number (and year); an anaphoric one ("Thông tư nói trên") fits the references
    of that type cited before it, in its own line when there is one there. Only a single fit
    becomes a mention (with `resolved_to`); "Kế hoạch này" is the citing document and no short form.

    Ví dụ: "Thực hiện Chỉ thị số 26/CT-BTTTT ... Các đơn vị quán triệt Chỉ thị số 26" → a second
    mention of ref:26/CT-BTTTT, resolved_to "ref:26/CT-BTTTT".
    """
    joined = str(masked)
    own_numbers = {sym.split("/")[0].split("-")[0] for sym in own}
    folded_type = {ref.id: (ref.doc_type or "").casefold() for ref in refs}
    found: list[tuple[int, int, str, str, list[LegalRef]]] = []  # start, end, kind, type word, candidates
    for m in _SHORT_NUMBER_RE.finditer(joined):
        num, year, word = m.group("num"), m.group("year"), m.group("type").casefold()
        if not m.group("so") and not year and len(num) == 4 and 1945 <= int(num) <= 2100:
            continue  # "Kế hoạch 2025" names a year's plan, not plan number 2025
        candidates = [
            r for r in refs
            if r.number_symbol and r.family != "standard" and folded_type[r.id] == word and r.number == num
            and (year is None or r.year == int(year) or (r.date or "")[:4] == year)
        ]
        if not candidates and num in own_numbers:
            continue  # "Kế hoạch số 141" in the plan numbered 141/KH-UBND: the document itself
        found.append((m.start(), m.end(), "number", m.group("type"), candidates))
    for m in _ANAPHORA_RE.finditer(joined):
        if m.group("ana") == "trên" and not _BARE_ANAPHORA_END_RE.match(text, m.end()):
            continue  # "Kế hoạch trên địa bàn": a preposition
        word, line = m.group("type").casefold(), line_of(m.start())
        earlier = [r for r in refs if folded_type[r.id] == word and any(x.span.start < m.start() and x.resolved_to is None for x in r.mentions)]
        same_line = [r for r in earlier if any(x.line == line and x.span.start < m.start() for x in r.mentions)]
        found.append((m.start(), m.end(), "anaphora", m.group("type"), same_line or earlier))
    found.sort(key=lambda item: item[:2])

    added: dict[str, list[Mention]] = {}
    pins: dict[str, list[str]] = {}
    findings: list[Finding] = []
    for start, end, kind, type_word, candidates in found:
        written, line = text[start:end], line_of(start)
        if len(candidates) == 1:
            ref = candidates[0]
            added.setdefault(ref.id, []).append(
                Mention(span=Span(start=start, end=end), line=line, section_id=None, text=written, resolved_to=ref.id)
            )
            if pm := _pinpoint_before(text, start):
                pins.setdefault(ref.id, []).extend(_expand_pinpoint(pm.group("pin")))
        elif not candidates:
            what = "no document of that type and number is cited in full" if kind == "number" else f"no {type_word} is cited before it"
            findings.append(_short_form_finding(
                "ref.short_form_unresolved", "info", f"“{written}” cannot be resolved: {what} in this text",
                "cite the document in full once (type, number and symbol, date, issuer), e.g. “Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông”",
                start, end, line))
        else:
            symbols = [r.number_symbol or r.title or r.id for r in candidates]
            findings.append(_short_form_finding(
                "ref.short_form_ambiguous", "warning", f"“{written}” may mean {' or '.join(symbols)}; it is left unresolved",
                f"name the document in full, e.g. “{candidates[-1].doc_type} số {symbols[-1]}”", start, end, line))
    out = []
    for ref in refs:
        if ref.id in added:
            mentions = sorted([*ref.mentions, *added[ref.id]], key=lambda x: x.span.start)
            pinpoints = list(ref.pinpoints) + [p for p in dict.fromkeys(pins.get(ref.id, [])) if p not in ref.pinpoints]
            ref = ref.model_copy(update={"mentions": mentions, "pinpoints": pinpoints})
        out.append(ref)
    return out, findings


def opens_with_citation(text: str) -> bool:
    """True when `text` opens with a numbered reference to a document.

    Ví dụ: opens_with_citation("Quyết định số 104/2000/QĐ-TTg ngày 25 tháng 8 năm 2000 của Thủ
    tướng Chính phủ về việc phê duyệt …") → True; opens_with_citation("Tổ chức triển khai Quyết
    định số 104/2000/QĐ-TTg") → False.
    """
    return _TYPED_RE.match(text) is not None
