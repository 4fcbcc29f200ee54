"""Legacy Vietnamese encodings: TCVN3 (ABC, the .VnTime fonts) and VNI (the VNI-Times fonts).

Text typed in those fonts is stored as 8-bit Windows-1252 characters that the font draws as
Vietnamese letters: "Céng hoµ x· héi" (TCVN3) and "Coäng hoøa xaõ hoäi" (VNI) are both
"Cộng hoà xã hội". This module

- converts such text to Unicode (`to_unicode`), from conversion tables kept as data in
  `data/tcvn3.yaml` and `data/vni.yaml`;
- tells whether a text is in one of them (`detect`), by counting the words that become real
  Vietnamese syllables once converted (`data/syllables.yaml` holds the syllable shape);
- names the encoding of a legacy font (`font_encoding`), for readers that see fonts (.docx runs);
- scores how much of a text reads as Vietnamese (`vietnamese_share`), which the PDF reader uses to
  refuse garbage OCR layers.

Windows-1258 bytes and decomposed Unicode are decoded by the text reader (`read/text.py`);
decomposed marks are composed by normalisation (NFC) later, and the syllable check here composes
them itself.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["ENCODINGS", "to_unicode", "detect", "font_encoding", "is_capitals_font", "is_syllable", "is_syllable_start",
           "vietnamese_share"]

ENCODINGS = ("tcvn3", "vni")
"""The legacy encodings this module converts."""

_DATA = Path(__file__).with_name("data")

# A word as it appears in Unicode text or in legacy text read through Windows-1252: letters,
# combining marks, and the Latin-1 symbols TCVN3 uses as letters ("n¨m", "x·", "h×nh", "ch\xadong"),
# plus the look-alikes some PDF producers emit for them.
_WORD = re.compile("(?:[^\\W\\d_]|[\u00a1-\u00bf\u00d7\u00f7\u0300-\u036f\u2212\u2219])+")

# Tone marks as combining characters, with the tone they write.
_TONE_MARKS = {"\u0301": "sắc", "\u0300": "huyền", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
_STOP_ENDINGS = ("p", "t", "c", "ch")
# Every letter a Vietnamese word may hold, composed (NFC) and lower-case: "ñ" or "ä" is not one,
# even though "ñ" decomposes into n + the ngã mark.
_LETTERS = frozenset(
    "bcdđghklmnpqrstvx"
    + "".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("", *_TONE_MARKS))
)


@dataclass(frozen=True)
class _Table:
    """One legacy encoding, compiled from its data file."""

    name: str
    chars: dict[str, str]  # legacy sequence → Unicode letter
    pattern: re.Pattern[str]  # every key, longest first
    fonts: tuple[str, ...]
    capitals_suffix: str | None


@lru_cache(maxsize=None)
def _table(encoding: str) -> _Table:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    data = yaml.safe_load((_DATA / f"{encoding}.yaml").read_text(encoding="utf-8"))
    chars = {**data["chars"], **(data.get("aliases") or {})}
    keys = sorted(chars, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return _Table(encoding, chars, pattern, tuple(data["fonts"]), data.get("capitals_suffix"))


@lru_cache(maxsize=None)
def _syllable_shape() -> re.Pattern[str]:
    data = yaml.safe_load((_DATA / "syllables.yaml").read_text(encoding="utf-8"))
    onsets = "|".join(sorted(data["onsets"], key=len, reverse=True))
    rhymes = "|".join(sorted(data["rhymes"], key=len, reverse=True))
    return re.compile(f"(?:{onsets})?(?:{rhymes})")


def _all_capitals(text: str, least: int) -> bool:
    """True when `text` has at least `least` ASCII letters and all of them are capitals."""
    plain = [c for c in text if c.isascii() and c.isalpha()]
    return len(plain) >= least and all(c.isupper() for c in plain)


def to_unicode(text: str, encoding: str) -> str:
    """Return `text` (legacy characters as read through Windows-1252) converted to Unicode (NFC).

    Characters that are not part of the encoding pass through unchanged, so digits, ASCII and
    already-Unicode letters survive. For TCVN3, a word whose other letters are all capitals is
    upper-cased, since VN3 writes capitals with toned letters through the .VnTimeH font.

    Ví dụ: to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3") → "Cộng hoà xã hội chủ nghĩa Việt Nam";
    to_unicode("UÛy ban nhaân daân tænh", "vni") → "Ủy ban nhân dân tỉnh".
    """
    table = _table(encoding)

    def convert(segment: str) -> str:
        return table.pattern.sub(lambda m: table.chars[m.group()], segment)

    if encoding != "tcvn3":
        return unicodedata.normalize("NFC", convert(text))

    def line(text_line: str) -> str:
        # 'HéI' or a line 'CéNG HOµ X· HéI': the untouched letters of its legacy words are
        # capitals, so the toned letters were drawn as capitals too (.VnTimeH). Symbols such as
        # "Q§-UB" do not count: "Sè: 256/2004/Q§-UB" stays "Số".
        legacy_words = [w.group() for w in _WORD.finditer(text_line) if table.pattern.search(w.group())]
        capitals_line = _all_capitals("".join(legacy_words), 4)

        def word(m: re.Match[str]) -> str:
            w = m.group()
            c = convert(w)
            if table.pattern.search(w) and (capitals_line or _all_capitals(w, 2)):
                return c.upper()
            return c

        return _WORD.sub(word, text_line)

    return unicodedata.normalize("NFC", "".join(line(part) for part in text.splitlines(keepends=True)))


@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Return True when `word` has the shape of one Vietnamese syllable with at most one tone.

    Ví dụ: is_syllable("Nghị") → True; is_syllable("n¨m") → False; is_syllable("LAMDONG") → False.
    """
    lower = unicodedata.normalize("NFC", word).lower()
    if not lower or not set(lower) <= _LETTERS:
        return False
    decomposed = unicodedata.normalize("NFD", lower)
    tones = [_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if not _syllable_shape().fullmatch(bare):
        return False
    # A syllable ending in p, t, c or ch carries sắc or nặng: "học", "tập", never "hoc" or "hòc".
    if bare.endswith(_STOP_ENDINGS) and (not tones or tones[0] not in ("sắc", "nặng")):
        return False
    return True


@lru_cache(maxsize=1)
def _syllable_starts() -> frozenset[str]:
    """Every beginning of a syllable without its tone: "q", "qu", "quy", "quyê", "quyên" …"""
    data = yaml.safe_load((_DATA / "syllables.yaml").read_text(encoding="utf-8"))
    starts = set()
    for onset in ["", *data["onsets"]]:
        for rhyme in data["rhymes"]:
            whole = onset + rhyme
            starts.update(whole[:n] for n in range(1, len(whole) + 1))
    return frozenset(starts)


@lru_cache(maxsize=1 << 16)
def is_syllable_start(word: str) -> bool:
    """Return True when `word` is the beginning of a Vietnamese syllable (or a whole one): what
    stands before a cut inside a word.

    Ví dụ: is_syllable_start("QUYẾ") → True ("QUYẾT"); is_syllable_start("ờng") → False.
    """
    lower = unicodedata.normalize("NFC", word).lower()
    if not lower or not set(lower) <= _LETTERS:
        return False
    decomposed = unicodedata.normalize("NFD", lower)
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bare in _syllable_starts()


def _marked_syllables(text: str) -> int:
    """How many words of `text` are Vietnamese syllables written with a non-ASCII letter."""
    return sum(1 for m in _WORD.finditer(text) if not m.group().isascii() and is_syllable(m.group()))


_EXTENDED = re.compile("[\u1ea0-\u1ef9]")


def detect(text: str) -> str | None:
    """Return "tcvn3" or "vni" when `text` reads as that legacy encoding, else None.

    Counts the words that are Vietnamese syllables with marks before and after each conversion;
    an encoding wins when it clearly adds such words. Unicode Vietnamese already counts them all,
    so it is never taken for a legacy encoding; ASCII and short ambiguous runs give None.

    Ví dụ: detect("Uû ban nh©n d©n tØnh L©m §ång") → "tcvn3";
    detect("UÛy ban nhaân daân tænh Laâm Ñoàng") → "vni"; detect("Ủy ban nhân dân tỉnh") → None.
    """
    if text.isascii():
        return None
    # Fast path: letters of the Latin Extended Additional block (ạ, ế, ộ, ữ …) cannot come from an
    # 8-bit legacy code, so text full of them is Unicode already. Long texts are judged on a sample.
    head = text[:20000]
    extended = len(_EXTENDED.findall(head))
    if extended >= 20 and extended > 0.01 * len(head):
        return None
    if len(text) > 20000:
        text = text[:10000] + "\n" + text[len(text) // 2: len(text) // 2 + 10000]
    before = _marked_syllables(text)
    scores = {enc: _marked_syllables(to_unicode(text, enc)) for enc in ENCODINGS}
    best = max(scores, key=lambda enc: scores[enc])
    others = [s for enc, s in scores.items() if enc != best]
    if scores[best] == max(others, default=-1):
        return None
    if scores[best] >= 1 and scores[best] > before and scores[best] >= 1.5 * before:
        return best
    return None


def font_encoding(font: str | None) -> str | None:
    """Return the legacy encoding a font name implies ("tcvn3", "vni"), or None for other fonts.

    Ví dụ: font_encoding(".VnTimeH") → "tcvn3"; font_encoding("VNI-Times") → "vni";
    font_encoding("Times New Roman") → None.
    """
    if not font:
        return None
    name = font.strip().lower()
    for enc in ENCODINGS:
        if name.startswith(_table(enc).fonts):
            return enc
    return None


def is_capitals_font(font: str | None) -> bool:
    """Return True for a legacy font that draws every letter as a capital.

    Ví dụ: is_capitals_font(".VnTimeH") → True; is_capitals_font(".VnTime") → False.
    """
    enc = font_encoding(font)
    suffix = _table(enc).capitals_suffix if enc else None
    return bool(suffix) and font.strip().endswith(suffix)  # type: ignore[union-attr]


def vietnamese_share(text: str) -> float:
    """Return the share (0–1) of the words of `text` that are Vietnamese syllables with marks.

    Running Vietnamese prose scores about 0.5–0.7 (many syllables carry no mark: "ban", "tin");
    text without diacritics, garbage OCR and mojibake score near 0.

    Ví dụ: vietnamese_share("Ủy ban nhân dân tỉnh Lâm Đồng") → 0.86 (6 of 7: "ban" has no mark);
    vietnamese_share("uY BAN NgAN nAN TINH LAMDONG") → 0.0.
    """
    words = [m.group() for m in _WORD.finditer(text)]
    if not words:
        return 0.0
    return sum(1 for w in words if not w.isascii() and is_syllable(w)) / len(words)
