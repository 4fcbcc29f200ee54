"""Is the decoded text Vietnamese? The share of its words that are valid Vietnamese syllables.

A text read with the wrong encoding (a Latin-1 file taken for Windows-1258 or VNI, an old TCVN3
file that was not converted) or a text in another language still gives a plan, but a plan of
nothing: this check says so, as a finding (`text.not_vietnamese`) that the batch also prints as
one line naming the file, the encoding it was read as and `--encoding` to force another.

What is counted: every word with a letter outside ASCII, and every lower-case ASCII word. A
capitalised ASCII word is left out, since names and abbreviations ("Richard", "UBND", "IoT") are
written so in a Vietnamese text too. A counted word is Vietnamese when it has the shape of one
syllable with at most one tone mark (`legacy.is_syllable`: "Nghị", "ban", never "città" or "PHÇN").

Measured on real text: the plans, decisions and resolutions of the corpus score 0.90 to 0.99, pages
of a Vietnamese encyclopedia full of foreign names 0.52 and up; English or French pages score 0.05
to 0.45, a TCVN3 file read as Unicode 0.20, Latin-1 files read as Windows-1258, VNI or TCVN3
0.38 to 0.58. Texts of fewer than `MIN_WORDS` counted words are not judged.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kehoach.pipeline.read.legacy import is_syllable

MIN_SHARE = 0.6
"""Below this share of Vietnamese syllables the text is not taken for Vietnamese."""
MIN_WORDS = 20
"""Fewer counted words than this say too little to judge."""
SAMPLE = 200_000
"""Characters looked at, from the start: enough to judge, and cheap on a 50 MB file."""

_CHUNK = 5_000
"""Characters read at a time."""
_CLEAR_WORDS, _CLEAR_SHARE = 300, 0.8
"""Once this many words are counted and this share of them are syllables, the rest is not read:
real documents score 0.90 and more, the texts this check is for 0.58 and less."""

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Reading:
    share: float  # of the counted words that are Vietnamese syllables, 0–1
    words: int  # counted words

    @property
    def vietnamese(self) -> bool:
        """False only when there are enough words to tell and too few of them are Vietnamese."""
        return self.words < MIN_WORDS or self.share >= MIN_SHARE


def syllable_share(text: str) -> Reading:
    """Return the share of the counted words of `text` that are Vietnamese syllables.

    Ví dụ: syllable_share("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì").share → 1.0;
    syllable_share("Liste des élèves: Hà, Tú, Lư, Vơ").share → 0.57 (liste, des, élèves are not).
    """
    total = good = 0
    start, stop = 0, min(len(text), SAMPLE)
    while start < stop:
        end = text.find(" ", min(start + _CHUNK, stop))  # a chunk ends between two words
        end = stop if end < 0 or end > stop else end
        words = Counter(_WORD.findall(text, start, end))  # each distinct word is judged once
        start = end
        counted = {w: n for w, n in words.items() if not w.isascii() or w.islower()}
        total += sum(counted.values())
        good += sum(n for w, n in counted.items() if is_syllable(w))
        if total >= _CLEAR_WORDS and good >= _CLEAR_SHARE * total:
            break  # a start this plainly Vietnamese settles it; a doubtful one is read on
    if not total:
        return Reading(1.0, 0)
    return Reading(good / total, total)


def language_message(reading: Reading, encoding: str, file_format: str) -> tuple[str, str]:
    """The finding's message and suggestion for a text that is not Vietnamese.

    Ví dụ: for a .txt read as windows-1258 with 41 % → "Only 41% of the words are Vietnamese
    syllables with the text read as windows-1258: …", "… --encoding …".
    """
    read_as = f"read as {encoding}" if file_format in ("txt", "pdf") else f"read from the {file_format} file"
    message = (f"Only {reading.share:.0%} of the words are Vietnamese syllables with the text {read_as}: "
               "the file is not Vietnamese text, or it was decoded with the wrong encoding.")
    if file_format in ("txt", "pdf"):
        suggestion = "If the encoding is wrong, force another with --encoding (utf-8, utf-16, windows-1258, tcvn3, vni)."
    else:
        suggestion = "Check that the document is Vietnamese; an old file typed in a legacy font may need converting to Unicode."
    return message, suggestion


CUT_SHARE = 0.03
"""Above this share of pieces among the Vietnamese words of a hard-wrapped text, its words are cut apart."""


def piece_share(text: str) -> float:
    """Return the share of the Vietnamese words of `text` that are pieces of a word cut apart.

    pdftotext's copy of a table whose columns are a few letters wide cuts nearly every word
    ("QU" / "YẾT" / "ĐỊN" / "H"); a reflow cannot tell the pieces of one word from two words.
    Counted are the words with a letter outside ASCII (so English, a translation printed beside
    the text, and names stay out), but not those inside a symbol or a number ("NĐ" of
    "72/2015/NĐ-CP") nor abbreviations without a vowel ("HĐND", "TTĐT"). Measured on the 501 hard-wrapped texts among the dev copies, the corpus and
    the 13,984-page archive (decrees saved with their English translation among them): 0.016 and
    less, but 0.045 and 0.052 for the two saved pages printed in such columns.

    Ví dụ: piece_share("Ủy ban nhân dân tỉnh giao Sở Tài chính") → 0.0; in "Hiệ u lực thi hành" the
    piece "Hiệ" is no syllable (a piece such as "ĐỊN" of "ĐỊN H" is one, phonotactically: the share
    is low even on cut text, and the threshold with it).
    """
    total = pieces = 0
    for m in _WORD.finditer(text, 0, SAMPLE):
        word = m.group(0)
        if word.isascii():
            continue
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if before in _IN_SYMBOL or after in _IN_SYMBOL or not _VOWEL.search(word):
            continue  # inside a symbol, or an abbreviation without a vowel ("HĐND", "TTĐT")
        total += 1
        pieces += not is_syllable(word)
    return pieces / total if total >= MIN_WORDS else 0.0


_IN_SYMBOL = set("-/0123456789")
_VOWEL = re.compile("[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def cut_words_message(share: float) -> tuple[str, str]:
    """The finding's message and suggestion for a hard-wrapped text whose words are cut apart."""
    return (f"{share:.0%} of the words are pieces of words cut apart (a table or narrow columns copied out of a PDF): "
            "tasks read from it would be invented, so none were extracted.",
            "Give kehoach the PDF itself, or the document as text or Word.")

