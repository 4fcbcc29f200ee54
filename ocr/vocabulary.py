"""Names OCR writes with broken diacritics, put back from what kehoach already knows.

Tesseract often drops or changes the marks on capitals ("ỦY BAN NHÂN DÀN TĨNH ĐẮK LẦK",
"CỘNG HOA XÃ HỘI CHỦ NGHIA", "KẼ HOẠCH") and sometimes in running text ("Sở Tài chinh"). A run
of words is replaced by a known phrase when both are the same once marks and case are folded
away and the run is written in the phrase's case (capitals for capitals, an initial capital for
a name). The known phrases: the document types and issuer words of the header
(`extractors/data/header.yaml`), the national motto, the titles of a signature, the phrases of
`ocr/data/words.yaml` (assignment words, table heads, signature titles), the names of the unit registry (`extractors/data/units.yaml`) and the provinces (underthesea's offline
address data, old and new). In the header block and the signature, where text is short and
fixed, a phrase of 10 or more letters also matches at one letter's difference.

Nothing else is touched: a word that is a different Vietnamese word once its marks are read
right cannot be told from an OCR error, so only whole known names are replaced.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache

_WORD = re.compile(r"[^\s|;,()]+")
MAX_WORDS = 9


def fold(text: str) -> str:
    """'Ủy ban' → 'uy ban': lower case, no marks, đ → d."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _strip(word: str) -> str:
    return word.strip(".,:;!?\"'“”()")


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], list[str]]:
    """Folded words → the known phrases written that way (one per casing)."""
    import yaml
    from importlib import resources

    data = resources.files("kehoach.extractors") / "data"
    header = yaml.safe_load((data / "header.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((data / "units.yaml").read_text(encoding="utf-8"))
    known: set[str] = set(header.get("doc_types", [])) | set(header.get("attached_types", []))
    for upper, written in (header.get("issuer_words") or {}).items():
        known.update([upper, written])
    words = yaml.safe_load((resources.files("kehoach.ocr") / "data" / "words.yaml").read_text(encoding="utf-8"))
    known.update(words["phrases"])
    known.update(["Ủy ban nhân dân", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"])
    for entry in units:
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            if len(name.split()) >= 2 and not any(c.isdigit() for c in name):
                known.update([name, name.upper()])
    for place in _places():
        known.update([place, place.upper(), f"tỉnh {place}", f"TỈNH {place.upper()}",
                      f"thành phố {place}", f"THÀNH PHỐ {place.upper()}"])
    out: dict[tuple[str, ...], list[str]] = {}
    for phrase in known:
        words = phrase.split()
        if not words or len(words) > MAX_WORDS or len(fold(phrase).replace(" ", "")) < 3:
            continue
        key = tuple(fold(_strip(w)) for w in words)
        if phrase not in out.setdefault(key, []):
            out[key].append(phrase)
    return out


def _places() -> list[str]:
    """Province names, old (63) and new (34), from underthesea's offline address data."""
    try:
        from importlib.util import find_spec
        from pathlib import Path

        # Found without importing underthesea, which takes seconds.
        spec = find_spec("underthesea")
        root = Path(list(spec.submodule_search_locations)[0])
        data = json.loads((root / "address" / "data" / "mapping.json").read_text(encoding="utf-8"))
    except Exception:  # underthesea is a dependency; without its data, provinces are not repaired
        return []
    names = set()
    for table in ("province_names", "old_province_names"):
        for v in (data.get(table) or {}).values():
            if v.get("short"):
                names.add(v["short"])
    return sorted(names)


def _case(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "other"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "initial"
    return "initial" if letters[0].isupper() else "lower"


def _same_case(written: list[str], phrase: str) -> bool:
    for w, p in zip(written, phrase.split()):
        cw, cp = _case(w), _case(p)
        if cp == "other" or cw == cp or (cp == "upper" and cw == "initial" and len(_strip(w)) == 1):
            continue
        return False
    return True


def _near(a: str, b: str) -> bool:
    """At most one letter apart (substituted, added or dropped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def _by_letters() -> dict[str, list[str]]:
    """The known phrases of two words or more and 5 letters or more by their folded letters
    without spaces: a phrase OCR wrote with a space lost ("Sở Khoahọc và Công nghệ")."""
    index: dict[str, list[str]] = {}
    for key, forms in phrases().items():
        letters = "".join(key)
        if len(key) >= 2 and len(letters) >= 5:
            index.setdefault(letters, []).extend(forms)
    return index


def _glued(spans, folded: list[str], i: int):
    """(words used, phrase) when words i… are a known phrase with one or more spaces lost."""
    index = _by_letters()
    letters = ""
    for n in range(1, MAX_WORDS + 1):
        if i + n > len(spans):
            return None
        letters += folded[i + n - 1]
        forms = index.get(letters)
        if forms:
            words = [w for _, _, w in spans[i:i + n]]
            for form in forms:
                target = form.split()
                if len(target) > n and _case(words[0]) == _case(target[0]):
                    return n, form
    return None


@lru_cache(maxsize=1)
def _by_first() -> dict[str, list[tuple[tuple[str, ...], list[str]]]]:
    index: dict[str, list] = {}
    for key, forms in phrases().items():
        index.setdefault(key[0], []).append((key, forms))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest first
    return index


def repair_line(line: str, counts: Counter, *, fixed_text: bool = False, pairs: list | None = None) -> str:
    """The line with every run of words that folds to a known phrase written as that phrase.
    `fixed_text` (the header block, the signature) also allows one letter's difference in a
    phrase of 10 or more letters. Each replaced run is appended to `pairs` as (phrase, as read)."""
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(line)]
    if not spans:
        return line
    folded = [fold(_strip(w)) for _, _, w in spans]
    index = _by_first()
    out, last, i = [], 0, 0
    while i < len(spans):
        best = None
        # One word alone is never replaced: "TÌNH" (situation) and "TỈNH" (province) are both words.
        candidates = [e for e in index.get(folded[i], []) if len(e[0]) >= 2]
        if fixed_text and not candidates and len(folded[i]) >= 3:
            candidates = [e for k, es in index.items() if len(k[0]) >= 2 and k[0][:1] == folded[i][:1] and _near(k[0], folded[i])
                          for e in es if len(e[0]) >= 2]
        for key, forms in candidates:
            n = len(key)
            if i + n > len(spans):
                continue
            got = tuple(folded[i:i + n])
            if got != key:
                if not (fixed_text and len("".join(key)) >= 10 and sum(a != b for a, b in zip(got, key)) == 1
                        and all(a == b or _near(a, b) for a, b in zip(got, key))):
                    continue
            words = [w for _, _, w in spans[i:i + n]]
            phrase = next((f for f in forms if _same_case(words, f)), None)
            if phrase is not None:
                best = (n, phrase.split())
                break
        if best is None:
            glued = _glued(spans, folded, i)
            if glued is None:
                i += 1
                continue
            n, phrase = glued
            start, end = spans[i][0], spans[i + n - 1][1]
            written = line[start:end]
            core_end = start + len(written.rstrip(".,:;!?\"'“”()"))
            if line[start:core_end] == phrase:
                i += n
                continue
            if pairs is not None:
                pairs.append((phrase, line[start:core_end]))
            out.append(line[last:start])
            out.append(phrase)
            last = core_end
            counts["name spaces"] += 1
            i += n
            continue
        n, target = best
        written = line[spans[i][0]:spans[i + n - 1][1]].strip(".,:;!?\"'“”()")
        if pairs is not None and written != " ".join(_strip(t) for t in target):
            pairs.append((" ".join(target), written))
        for k in range(n):
            start, end, word = spans[i + k]
            core = _strip(word)
            lead = word[:word.index(core)] if core and core in word else ""
            new = lead + _strip(target[k]) + word[len(lead) + len(core):] if core else word
            if new != word:
                out.append(line[last:start])
                out.append(new)
                last = end
                counts["name marks"] += 1
        i += n
    out.append(line[last:])
    return "".join(out)
