"""Normalisation: the raw decoded text → the canonical text every extractor reads.

Guaranteed afterwards:
- Unicode NFC; line breaks are "\\n" only; the number of lines is unchanged, so a line number in
  the canonical text is the line number in the source file;
- one tone-mark convention (the "new" placement used by underthesea and by most 2020s documents:
  "Ủy", "hòa", "thủy", "khỏe"), applied word by word and only where the word keeps its length;
- tabs, no-break and other odd spaces become a plain space; zero-width characters and the BOM are
  removed; runs of spaces inside a line become one; spaces at line ends are dropped.

Each step is a small pure `str -> str` function listed in `STEPS`; `normalize` runs them in
order and reports which ones changed the text (recorded in the plan's `source.conversions`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MULTI_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_TRAILING = re.compile(r"[ ]+$", re.M)
_LEADING = re.compile(r"^[ ]+", re.M)
_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    """Compose decomposed diacritics: 'Ô' + U+0323 → 'Ộ'."""
    return unicodedata.normalize("NFC", text)


def line_breaks(text: str) -> str:
    """CRLF and lone CR → LF; vertical tab and form feed (Word's manual breaks) → LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")


def odd_spaces(text: str) -> str:
    """Tabs, no-break spaces and typographic spaces → ' '; zero-width characters removed."""
    return _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))


def _one_space(m: re.Match[str]) -> str:
    # "cell |  | cell": the two spaces of an empty table cell stay, or the columns would shift.
    s = m.string
    if s[m.start() - 1] == "|" and s[m.end()] == "|":
        return "  "
    return " "


def collapse_spaces(text: str) -> str:
    """Runs of spaces between words → one space (two in an empty " | " cell); leading and trailing
    spaces of lines dropped."""
    text = _MULTI_SPACE.sub(_one_space, text)
    text = _TRAILING.sub("", text)
    return _LEADING.sub("", text)


_token_normalize: Callable[[str], str] | None = None
_RULES = ("pipeline", "text_normalize", "tn_rules_2023_07_14.bin")


def _tone_table() -> Callable[[str], str]:
    """underthesea's token normaliser: its table of tone placements, looked up word by word.

    The table is read straight from underthesea's installed rule file (a plain pickle of two dicts,
    trusted like the package's own code), which costs 2 ms; importing underthesea to call
    `token_normalize` costs 300 ms, paid by every worker process of a batch. When the file is not
    where this version of underthesea keeps it, underthesea's own function is imported instead.
    """
    global _token_normalize
    if _token_normalize is not None:
        return _token_normalize
    import importlib.util
    import os
    import pickle

    spec = importlib.util.find_spec("underthesea")
    path = os.path.join(spec.submodule_search_locations[0], *_RULES) if spec and spec.submodule_search_locations else ""
    try:
        with open(path, "rb") as fh:
            rules = pickle.load(fh)
        characters, tokens = rules["character"], rules["token"]
    except (OSError, KeyError, TypeError, pickle.UnpicklingError):
        from underthesea.pipeline.text_normalize import token_normalize

        _token_normalize = token_normalize
        return _token_normalize

    def normalize_token(token: str) -> str:
        # The same steps as underthesea.pipeline.text_normalize.token_normalize.
        if len(token) > 6:
            return token
        for odd, standard in characters.items():
            token = token.replace(odd, standard)
        return tokens.get(token, token)

    _token_normalize = normalize_token
    return _token_normalize


_TONE_CANDIDATE = re.compile("[òóỏõọÒÓỎÕỌ][aeAE]|[ùúủũụÙÚỦŨỤ][yY]|[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]")




def tone_marks(text: str) -> str:
    """One tone-mark placement: 'Uỷ' → 'Ủy', 'hoà' → 'hòa', 'thuỷ' → 'thủy', 'khoẻ' → 'khỏe'."""
    if not _TONE_CANDIDATE.search(text):
        return text
    normalize_token = _tone_table()

    # Only the words around a candidate vowel pair are looked up (a few hundred in a plan).
    pieces, last = [], 0
    for m in _TONE_CANDIDATE.finditer(text):
        if m.start() < last:
            continue
        start = m.start()
        while start > last and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        end = _WORD.match(text, m.start()).end()
        word = text[start:end]
        fixed = normalize_token(word)
        pieces.append(text[last:start])
        pieces.append(fixed if len(fixed) == len(word) else word)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


STEPS: list[tuple[str, Callable[[str], str]]] = [
    ("nfc", nfc),
    ("line-breaks", line_breaks),
    ("spaces", odd_spaces),
    ("tone-marks", tone_marks),
    ("spaces", collapse_spaces),
]


def normalize(text: str) -> tuple[str, list[str]]:
    """Return the canonical text and the names of the steps that changed it.

    Ví dụ: "UỶ BAN NHÂN DÂN\\tTỈNH" → ("ỦY BAN NHÂN DÂN TỈNH", ["spaces", "tone-marks"]).
    """
    changed: list[str] = []
    for name, step in STEPS:
        new = step(text)
        if new != text and name not in changed:
            changed.append(name)
        text = new
    return text, changed
