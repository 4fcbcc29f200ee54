"""Units: find and split the names of public bodies, and give each body one id per document.

The grammar reads, at a position in the canonical text, one unit name:
1. a registry name or alias (extractors/data/units.yaml), longest first, with an optional locality
   ("Công an tỉnh", "Báo và Phát thanh Truyền hình Lai Châu");
2. a People's Committee or Council with its levels ("Ủy ban nhân dân cấp huyện, thành phố",
   "UBND các xã, phường, đặc khu Cồn Cỏ");
3. an office-holder standing for bodies ("Giám đốc các sở, ban, ngành");
4. a collective phrase of generic nouns ("các Sở, ban, ngành liên quan", "tổ chức, cá nhân");
5. a head word and a name ("Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ").
`parse_list` reads a list of such names, whatever the separators (",", ";", "và", "với"), so
"Sở Văn hóa, Thể thao và Du lịch" stays one unit and "Ban Tuyên giáo, Công an tỉnh" is two.
Word lists live in data/units.yaml and data/unit_grammar.yaml.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.schemas import Span, Unit

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class UnitMatch:
    """One unit name found in the text."""

    start: int
    end: int
    text: str
    canonical: str
    kind: str
    level: str | None
    collective: bool
    known: bool  # from the registry or learned from the document, not guessed by the grammar


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefold without diacritics or punctuation: the key used to compare names."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-") or "unit"


_ABBREVIATIONS = [
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    (re.compile(r"\bMTTQ[ ]*VN\b|\bMTTQVN\b"), "Mặt trận Tổ quốc Việt Nam"),
    (re.compile(r"\bMTTQ\b"), "Mặt trận Tổ quốc"),
    (re.compile(r"\bTP\.?(?=\s|$)"), "thành phố"),
]
_LOCAL_WORDS = re.compile(r"(?<=\S )(Tỉnh|Thành phố|Huyện|Xã|Phường)(?= (?!ủy)|$)")


def _place_follows(m: re.Match[str]) -> bool:
    rest = m.string[m.end():]
    return not rest or rest.startswith(" ") and rest[1:2].isupper() or not rest.strip()


def canonical_form(text: str) -> str:
    """Expand abbreviations and lower-case administrative words after the first word.

    Ví dụ: "UBND Thành phố" → "Ủy ban nhân dân thành phố".
    """
    for pattern, repl in _ABBREVIATIONS:
        text = pattern.sub(repl, text)
    # "UBND Thành phố" → "thành phố", but "Xã hội" in "Thương binh và Xã hội" keeps its capital.
    text = _LOCAL_WORDS.sub(lambda m: m.group(1).lower() if _place_follows(m) else m.group(1), text)
    text = re.sub(r"[ ]+", " ", text).strip(" ,;.:-")
    return text


def _registry_key(name: str) -> str:
    """The registry's lookup key: folded, with "&" read as "và" ("NN&PTNT" = "NN và PTNT")."""
    return fold(name.replace("&", " và "))


def _name_pattern(name: str) -> str:
    """Regex for a name where commas, hyphens and spaces between words are interchangeable."""
    tokens = re.findall(r"\w+|&", name)
    # "và" and "&" are interchangeable in names: "Sở Nông nghiệp & Phát triển nông thôn".
    return r"[ ,\-–.]*".join("(?:và|&)" if t in ("và", "&") else re.escape(t) for t in tokens)


def _plain_pattern(phrase: str) -> str:
    """Regex for a phrase whose words are separated by spaces only ("ban ngành", not "ban, ngành");
    a hyphen may stand with or without spaces, or be left out ("chính trị - xã hội", "chính
    trị-xã hội", "chính trị xã hội": also what a copy out of a PDF leaves of a hyphen at a line's end)."""
    return r"[ ]+".join(re.escape(w) for w in phrase.split()).replace(r"[ ]+\-[ ]+", r"(?:[ ]*-[ ]*|[ ]+)")


@lru_cache(maxsize=1)
def _registry() -> tuple[list[dict], dict[str, dict]]:
    entries = yaml.safe_load((DATA / "units.yaml").read_text(encoding="utf-8"))
    by_fold: dict[str, dict] = {}
    for entry in entries:
        for form in [entry["name"], *entry.get("aliases", [])]:
            by_fold[_registry_key(form)] = entry
    return entries, by_fold


@lru_cache(maxsize=1)
def _registry_initials() -> frozenset[str]:
    """First letters of every registry name and alias, lower-cased: a cheap test before the regex."""
    entries = _registry()[0]
    return frozenset(f[0].lower() for e in entries for f in [e["name"], *e.get("aliases", [])])


@lru_cache(maxsize=1)
def _grammar() -> dict:
    return yaml.safe_load((DATA / "unit_grammar.yaml").read_text(encoding="utf-8"))


def _alternation(forms: list[str]) -> str:
    forms = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(_name_pattern(f) for f in forms)


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    entries, _ = _registry()
    g = _grammar()
    forms = [f for e in entries for f in [e["name"], *e.get("aliases", [])]]
    nouns = sorted(g["collective_nouns"], key=len, reverse=True)
    return {
        "registry": re.compile(rf"(?:{_alternation(forms)})(?!\w)", re.I),
        "committee": re.compile(rf"(?:{_alternation(list(g['committees']))})(?!\w)", re.I),
        "level": re.compile(rf"(?:{_alternation(g['admin_levels'])})(?!\w)", re.I),
        "title": re.compile(rf"(?:{_alternation(g['titles'])})(?!\w)", re.I),
        "noun": re.compile(rf"(?:{'|'.join(_plain_pattern(n) for n in nouns)})(?!\w)", re.I),
        "modifier": re.compile(rf"(?:{_alternation(g['collective_modifiers'])})(?!\w)"),
        "head": re.compile(rf"(?:{_alternation(list(g['heads']))})(?!\w)"),
        "stop": re.compile(rf"(?:{_alternation(g['stop_words'])})(?!\w)"),
        "owner_head": re.compile(rf"(?:{_alternation(g['owner_heads'])})[ ]+(?=\S)"),
        "enumerating": re.compile(rf"(?:Các|các)[ ]+(?P<head>{_alternation(g['enumerating_heads'])})[ ]*:[ ]*"),
        "sector": re.compile(rf"[ ]+(?:{'|'.join(_plain_pattern(w) for w in g['sector_words'])})(?!\w)", re.I),
        "lower_title": re.compile(rf"(?:{'|'.join(re.escape(t) for t in g['lower_titles'])})(?!\w)"),
        "standalone_title": re.compile(rf"(?:{_alternation(g['standalone_titles'])})(?=[ ]*(?:,|;|và\b|$))"),
    }


_SPACES = re.compile(r"[ ]+")
_OPT_SPACES = re.compile(r"[ ]*")
_PAREN = re.compile(r"[ ]*\([^()]*\)")
_LIST_SEP = re.compile(r"[ ]*(?:,|;|và|với|cùng|/)?[ ]*(?:và[ ]+)?")
_HEAD_WORD = re.compile(r"([ ]+|[ ]*-[ ]*)([^\W_][\w]*)")
_NEXT_WORD = re.compile(r"[ ]+([^\W\d_][\w]*)")
_PLACE_NUMBER = re.compile(r"[ ]+(\d{1,2})(?![\w/.,-]*\d)(?!\w)")  # "Phường 2 Bảo Lộc", "xã Bảo Lâm 2"
_LOCALITY = r"tỉnh ủy|Tỉnh ủy|thành ủy|Thành ủy|tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Thủ đô"
_LOCALITY_RE = re.compile(rf"[ ]+(?:{_LOCALITY})(?!\w)")
_LOCAL_RE = re.compile(rf"[ ]+(?:{_LOCALITY}|huyện|quận|thị xã|thị trấn|xã|phường|cấp huyện|cấp xã)(?!\w)")
_PLACE = r"[A-ZĐÀ-Ỹ][\w]*(?:[ ]+[A-ZĐÀ-Ỹ][\w]*)*"
_ORG_OF = re.compile(r"[ ]+(?:Hội|Đoàn|Đảng|Công đoàn)(?!\w)")
"""After "tổ chức", "cơ quan": whose organisations they are ("tổ chức Hội", "cơ quan Đảng")."""
_REGION = re.compile(r"[ ]+(?:chi nhánh[ ]+)?[Kk]hu vực[ ]+(?:[IVXL]+|\d{1,2})(?![\w/])")
_COMMA = re.compile(r"[ ]*,[ ]*")
_OFFICE_HOLDERS_NEXT = re.compile(r"[ ]*,[ ]*(?:Thủ trưởng|Chủ tịch)(?!\w)")
_MORE_LEVELS = re.compile(r"[ ]*,[ ]*cấp[ ]+(?:tỉnh|huyện|xã)(?!\w)")
_LEVEL_TAIL = re.compile(
    rf"[ ]*:[ ]+{_PLACE}(?:[ ]*,[ ]*{_PLACE})*(?:[ ]+và[ ]+{_PLACE})?(?=[ ]*(?:[,;.]|và[ ]+[a-zđ]|$|[ ]+[a-zđ]))"  # "các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai"
    r"|[ ]+trực thuộc [Tt]rung ương(?!\w)"
    r"|[ ]+từ[ ]+[A-ZĐÀ-Ỹ][\w]*(?:[ ]+[A-ZĐÀ-Ỹ][\w]*)*[ ]+đến[ ]+[A-ZĐÀ-Ỹ][\w]*(?:[ ]+[A-ZĐÀ-Ỹ][\w]*)*")
"""What may close the levels of a committee: "trực thuộc trung ương", a range of places."""
_DET = re.compile(r"(?:các|những|Các|Những|CÁC)[ ]+")
_SEP = re.compile(r"[ ]*(?:,|;|\bvà\b|\bvới\b|\bcùng\b|/)[ ]*|[ ]+")
_WORD = re.compile(r"[^\W_][\w.&'-]*")
_SPACE = re.compile(r"[ ]+")
# Heads whose names may list their fields with commas (centres, offices, stations).
_LISTED_NAME_HEADS = {"Trung tâm", "Phòng", "Đài", "Chi cục"}
_PROPER_STOP = {"Sở", "Ban", "Ủy", "UBND", "HĐND", "Bộ", "Công", "Cục", "Văn", "Thanh", "Đài", "Báo", "Cổng", "Trung", "Hội", "Liên", "Đoàn", "Mặt", "Kho", "Ngân", "Tòa", "Viện", "Phòng", "Chi", "Tổng", "Các", "Giao", "Giám", "Thủ", "Chủ", "Trường", "Bệnh", "Tập", "Tổ"}


_LEVEL_WORDS = [  # the first locality word in a name decides its level: "Công an huyện Ninh Phước"
    ("district", re.compile(r"\b(?:cấp huyện|huyện|quận|thị xã)\b", re.I)),
    ("commune", re.compile(r"\b(?:cấp xã|xã|phường|thị trấn|đặc khu)\b", re.I)),
    ("province", re.compile(r"\b(?:cấp tỉnh|tỉnh|tỉnh ủy)\b", re.I)),
]


def _level_of(words: str) -> str | None:
    """Level named by the first locality word of a name's tail, or None.

    Ví dụ: _level_of(" huyện Ninh Phước") → "district"; _level_of(" Quản lý rừng") → None.
    """
    found = [(m.start(), level) for level, rx in _LEVEL_WORDS for m in [rx.search(words)] if m]
    return min(found)[1] if found else None


def _registry_canonical(name: str, written: str, tail: str) -> str:
    """Canonical name of a registry match: the entry's name, its locality as written.

    Ví dụ: ("Đài Phát thanh và Truyền hình", "Đài PT-TH", " tỉnh") → "Đài Phát thanh và Truyền
    hình tỉnh"; ("Công an tỉnh", "Công an Thành phố", "") → "Công an thành phố".
    """
    tail = canonical_form(tail) if tail.strip() else ""
    if fold(written) == fold(name):
        return canonical_form(name + (" " + tail if tail else ""))
    alias_word = _TRAILING_WORD.match(canonical_form(written))
    name_word = _TRAILING_WORD.match(name)
    if alias_word and name_word:  # "BCH Quân sự tỉnh" → "Bộ Chỉ huy Quân sự tỉnh"
        base = f"{name_word.group(1)} {alias_word.group(2).lower()}"
    elif alias_word:  # a fuller form than the entry's name: "Ban Tuyên giáo Tỉnh ủy"
        base = canonical_form(written)
    else:
        base = name
    return canonical_form(base + (" " + tail if tail else ""))


def _is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()


class UnitGrammar:
    """The unit grammar of one document: the registry plus names the document itself defines."""

    def __init__(self) -> None:
        self._learned: dict[str, tuple[str, str, str | None]] = {}  # fold -> (name, kind, level)
        self._learned_re: re.Pattern[str] | None = None
        self.c = _compiled()
        self.g = _grammar()
        self._heads = {fold(k): v for k, v in self.g["heads"].items()}
        self._noun_folds = [fold(n) for n in self.g["collective_nouns"]]
        self._closed_cache: dict[str, bool] = {}
        self._families = {fold(n): fam for fam, nouns in self.g["noun_families"].items() for n in nouns}
        self._noun_pairs = [tuple(p.split(" ", 1)) for p in self.g.get("noun_pairs") or []]
        self._body_nouns = {fold(n) for n in self.g["body_nouns"]}
        self._standalone = {fold(n) for n in self.g["standalone_nouns"]}
        # match_at is asked about the same position many times while a task is resolved (heading,
        # subject, field value); the answer depends only on the text, the position, `field` and
        # the learned names, so it is kept until a new name is learned or the text changes.
        self._memo: dict[tuple[int, bool], UnitMatch | None] = {}
        self._memo_text: str | None = None

    # ------------------------------------------------------------------ learning
    def learn(self, match: UnitMatch) -> None:
        """Remember a name the document spells out in full (a unit heading), for running text."""
        key = fold(match.text)
        if match.known or match.collective or len(key.split()) < 3 or key in self._learned:
            return
        self._learned[key] = (match.canonical, match.kind, match.level)
        self._memo.clear()
        self._learned_re = re.compile(
            rf"(?:{_alternation([v[0] for v in self._learned.values()])})(?!\w)", re.I
        )

    # ------------------------------------------------------------------ one unit
    def match_at(self, text: str, pos: int, *, field: bool = False, bare_ok: bool = False) -> UnitMatch | None:
        """Return the unit name that starts exactly at `pos`, or None.

        Ví dụ: match_at("Phối hợp với Sở Văn hóa, Thể thao và Du lịch, Công an tỉnh", 13)
        → "Sở Văn hóa, Thể thao và Du lịch".
        """
        if text is not self._memo_text:
            self._memo.clear()
            self._memo_text = text
        key = (pos, field, bare_ok)
        if key in self._memo:
            return self._memo[key]
        found = self._match_at(text, pos, field, bare_ok)
        self._memo[key] = found
        return found

    def _match_at(self, text: str, pos: int, field: bool, bare_ok: bool = False) -> UnitMatch | None:
        for reader in (self._learned_at, self._registry_at, self._committee_at, self._title_at):
            m = reader(text, pos, field)
            if m is not None:
                return m
        m = self._collective_at(text, pos, field, bare_ok)
        if m is not None:
            return m
        return self._head_at(text, pos, field)

    def _make(self, text: str, start: int, end: int, kind: str, level: str | None,
              collective: bool, known: bool, canonical: str | None = None) -> UnitMatch:
        surface = text[start:end]
        canon = canonical or canonical_form(surface)
        if collective and kind == "collective" and not self.c["title"].match(surface):
            # Collective phrases read best with their "Các": "Các sở, ban, ngành liên quan".
            canon = re.sub(r"^(?:các|những)[ ]+", "", canon, flags=re.I)
            canon = "Các " + (canon if canon[:2].isupper() else canon[:1].lower() + canon[1:])
            canon = self.c["noun"].sub(lambda n: n.group(0).lower(), canon)  # "Các sở, ban, ngành"
        return UnitMatch(start, end, surface, canon, kind, level, collective, known)

    def _learned_at(self, text: str, pos: int, field: bool) -> UnitMatch | None:
        if self._learned_re is None:
            return None
        m = self._learned_re.match(text, pos)
        if not m:
            return None
        name, kind, level = self._learned[fold(m.group(0))] if fold(m.group(0)) in self._learned else (None, "other", None)
        end = self._locality(text, m.end())
        return self._make(text, pos, end, kind, level, False, True)

    def _registry_at(self, text: str, pos: int, field: bool) -> UnitMatch | None:
        if pos >= len(text) or text[pos].lower() not in _registry_initials():
            return None
        m = self.c["registry"].match(text, pos)
        if not m:
            return None
        # Registry names start with a capital; lower-case "ban tuyên giáo" in prose still counts,
        # but a bare lower-case single word ("bộ") does not.
        entry = _registry()[1].get(_registry_key(m.group(0)))
        if entry is None:
            return None
        end = m.end()
        canonical = entry["name"]
        level = entry["level"]
        if entry.get("locality") == "optional":
            new_end = self._locality(text, end, local=level in ("district", "commune") or entry["kind"] in ("front", "mass_org", "party"))
            level = _level_of(text[m.end():new_end]) or level
            end = new_end
        canonical = _registry_canonical(entry["name"], m.group(0), text[m.end():end])
        kind = entry["kind"]
        region = _REGION.match(text, end)
        if region:
            # A regional branch of a central body since 2025: "Kho bạc Nhà nước khu vực XI",
            # "Ngân hàng Nhà nước khu vực 8", "Kiểm toán Nhà nước khu vực II".
            end = region.end()
            written = re.sub(r"\bnhà nước\b", "Nhà nước", " ".join(text[pos:region.start()].split()))
            canonical = canonical_form(written + " " + " ".join(region.group(0).split()))
            kind, level = "branch", "province"
        return self._make(text, pos, end, kind, level, False, True, canonical)

    def _locality(self, text: str, end: int, local: bool = False) -> int:
        """Extend a name over "tỉnh", "thành phố", "Tỉnh ủy" and a following place name; with
        `local`, over "huyện", "xã", "phường" … too ("Phòng Văn hóa và Thông tin huyện")."""
        m = (_LOCAL_RE if local else _LOCALITY_RE).match(text, end)
        if m:
            end = m.end()
        # A place name: capitalised words that are not the head of another unit, nor a duty that
        # opens a sentence after a missing colon ("… các tỉnh, thành phố Khẩn trương rà soát").
        first = True
        while True:
            w = _NEXT_WORD.match(text, end)
            if not w or not _is_upper_initial(w.group(1)) or (first and self._opens_phrase(text, w.start(1))):
                break
            first = False
            if w.group(1) in _PROPER_STOP and (self._starts_unit(text, w.start(1)) or w.group(1) in ("Các", "Giao")):
                break
            if self.c["stop"].match(w.group(1)):
                break
            end = w.end()
        return end

    def _levels(self, text: str, pos: int) -> int:
        """Read "cấp huyện, thành phố" / "các xã, phường, đặc khu Cồn Cỏ"; return the end."""
        end = pos
        first = True
        cur = pos
        while True:
            sep = re.match(r"[ ]+(?:các[ ]+)?" if first else r"[ ]*(?:,|và|/)[ ]*(?:các[ ]+)?", text[cur:cur + 12])
            if not sep:
                break
            m = self.c["level"].match(text, cur + sep.end())
            if not m:
                break
            cur = end = self._place_name(text, m.end())
            first = False
        return end

    def _place_name(self, text: str, end: int) -> int:
        if text.startswith(".", end) and text[max(0, end - 2):end] == "TP":
            end += 1  # "TP. Hà Nội": the abbreviation's dot
        first = True
        while True:
            w = _NEXT_WORD.match(text, end) or _PLACE_NUMBER.match(text, end)
            if not w or not (_is_upper_initial(w.group(1)) or w.group(1).isdigit()):
                return end
            if first and self._opens_phrase(text, w.start(1)):
                return end  # "Ủy ban nhân dân các tỉnh, thành phố Khẩn trương rà soát …"
            first = False
            if w.group(1) in _PROPER_STOP and (self._starts_unit(text, w.start(1)) or w.group(1) in ("Các", "Giao")):
                return end  # "tỉnh Thanh Hóa" goes on; "… tỉnh Sở Y tế" does not
            end = w.end()

    def _committee_at(self, text: str, pos: int, field: bool) -> UnitMatch | None:
        m = self.c["committee"].match(text, pos)
        if not m:
            return None
        end = self._levels(text, m.end())
        if end > m.end():
            # "các tỉnh, thành phố trực thuộc trung ương"; "các tỉnh, thành phố từ Hà Tĩnh đến Khánh
            # Hòa"; "… trực thuộc Trung ương: Hà Tĩnh, Quảng Trị, Huế"
            while (tail := _LEVEL_TAIL.match(text, end)) is not None and tail.end() > end:
                if text[tail.start():tail.start() + 1] == ":" and self._opens_duty(text, tail.start() + 1):
                    break  # "3. UBND các xã, phường: Phối hợp với …" names no places: a duty follows
                end = tail.end()
        kind = self.g["committees"].get(m.group(0), "people_committee")
        if fold(m.group(0)) in ("hdnd", "hoi dong nhan dan"):
            kind = "people_council"
        level = _level_of(text[m.end():end]) or "province"
        levels = fold(text[m.end():end])
        collective = bool(re.search(r"\b(cac|cap)\b", levels)) or "," in text[m.end():end]
        return self._make(text, pos, end, kind, level, collective, True)

    def _title_at(self, text: str, pos: int, field: bool) -> UnitMatch | None:
        at = pos
        det = _DET.match(text, pos)
        if det and _is_upper_initial(text[det.end():det.end() + 1]):
            at = det.end()  # "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ"
        m = self.c["title"].match(text, at)
        if not m or not (_is_upper_initial(text[at]) or self.c["lower_title"].match(text, at)):
            return None
        if self.c["standalone_title"].match(text, at) and (det or _OFFICE_HOLDERS_NEXT.match(text, m.end())):
            # "Các Bộ trưởng, …", and without "Các" at the head of the list of office-holders a
            # Công điện addresses ("Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, …, Chủ tịch …")
            return self._make(text, pos, m.end(), "collective", "central", True, False)
        inner_pos = m.end()
        sp = _SPACES.match(text, inner_pos)
        if not sp:
            # The body left implied, in a list of office-holders of the body that issues the text:
            # "Chánh Văn phòng, Cục trưởng Cục Trồng trọt và Bảo vệ thực vật, Thủ trưởng các Vụ …".
            comma = _COMMA.match(text, inner_pos)
            if comma and self.c["title"].match(text, comma.end()) and _is_upper_initial(text[comma.end():comma.end() + 1]):
                return self._make(text, pos, m.end(), "office", None, True, False)
            return None
        inner_pos = sp.end()
        # A title is followed by a body: a bare noun there is one ("Thủ trưởng cơ quan ngang bộ").
        inner = (self._registry_at(text, inner_pos, field) or self._committee_at(text, inner_pos, field)
                 or self._collective_at(text, inner_pos, field, True) or self._head_at(text, inner_pos, field))
        if inner is None and " " in m.group(0):
            # "Trưởng Ban Chỉ đạo Nhà nước …": the title's last word opens the body's name.
            inner = self._head_at(text, m.start() + m.group(0).rindex(" ") + 1, field)
        if inner is None:
            return None
        return self._make(text, pos, inner.end, inner.kind, inner.level, True, inner.known)

    def _collective_at(self, text: str, pos: int, field: bool, bare_ok: bool = False) -> UnitMatch | None:
        cur = pos
        det = _DET.match(text, cur)
        if det:
            cur = det.end()
        m = self.c["noun"].match(text, cur)
        if not m:
            return None
        head = None if det else self.c["head"].match(text, cur)
        if head and head.end() > m.end():
            return None  # "Hội đồng Thi đua - Khen thưởng": a head longer than the noun "hội"
        # A capitalised "Sở"/"Ban" followed by a capitalised name is a named body, not a collective.
        nxt = re.match(r"[ ]+(\w+)", text[m.end():m.end() + 30])
        if (not det and _is_upper_initial(m.group(0)) and nxt and _is_upper_initial(nxt.group(1))
                and fold(m.group(0)) in self._heads):
            return None
        end = m.end()
        last_noun = m.group(0)
        closed = self._closed(m.group(0))
        while not closed:
            sep = re.match(r"[ ]*(,|và)[ ]*(các[ ]+)?", text[end:end + 12])
            if not sep:
                break
            if sep.group(2):
                break  # a repeated "các" starts a new body: "Các địa phương, các cơ quan có nguồn thu"
            n = self.c["noun"].match(text, end + sep.end())
            if not n:
                break
            # "Sở, ban, ngành" lists generic nouns; a capitalised named body ("Sở Tư pháp") or a
            # people's committee ("…, Ủy ban nhân dân cấp huyện") ends it.
            if self._registry_at(text, end + sep.end(), field) and fold(n.group(0)) in self._heads:
                break
            if self.c["committee"].match(text, end + sep.end()):
                break
            if fold(n.group(0)) in self._standalone or fold(m.group(0)) in self._standalone:
                break  # "…, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể": a body of its own
            if sep.group(1) == "và" and self._family(n.group(0)) != self._family(m.group(0)):
                break  # "các sở, ban, ngành và địa phương": "và" joins bodies of one kind only
            if _is_upper_initial(n.group(0)) and self._family(n.group(0)) != self._family(last_noun):
                break  # "Doanh nghiệp, Sở, ban, ngành có liên quan": a capital starts another body
            if _ORG_OF.match(text, n.end()):
                break  # "các doanh nghiệp, tổ chức Hội": the organisations of the Hội are a body of their own
            end = n.end()
            last_noun = n.group(0)
            closed = self._closed(n.group(0))
        if fold(text[m.start():end]).endswith("nganh"):
            sector = self.c["sector"].match(text, end)  # "ngành giáo dục", "ngành Thuế"
            if sector and not self._sector_is_verb(text, sector):
                end = sector.end()
        end = self._modifiers(text, end, field)
        if not det and end == m.end() and not field and not bare_ok:
            # A bare noun ("đơn vị", "địa phương") in running text is too weak to be a unit; a
            # noun that only names bodies ("tổ chức chính trị - xã hội") is one.
            if fold(m.group(0)) not in ("dia phuong", "chinh quyen dia phuong", "doanh nghiep vien thong") \
                    and fold(m.group(0)) not in self._standalone:
                return None
        return self._make(text, pos, end, "collective", None, True, False)

    def _sector_is_verb(self, text: str, sector: re.Match[str]) -> bool:
        """True when a sector word that is also a verb opens the duty after the bodies: "phối hợp
        với các bộ, ngành xây dựng Trung tâm giám sát …", "các sở, ngành xây dựng kế hoạch"; but
        "ngành xây dựng tỉnh", "ngành xây dựng tham gia …" name the sector."""
        word = sector.group(0).strip()
        if not self.c["stop"].fullmatch(word.lower()):
            return False
        after = _NEXT_WORD.match(text, sector.end())
        if after is None:
            return False
        nxt = after.group(1)
        return _is_upper_initial(nxt) or not (self.c["stop"].match(text, after.start(1))
                                               or self.c["modifier"].match(text, after.start(1))
                                               or self.c["level"].match(text, after.start(1)) or nxt in ("và", "các"))

    def _family(self, noun: str) -> str:
        return self._families.get(fold(noun), "body")

    def _closed(self, noun: str) -> bool:
        """A noun with its own qualifier ("cơ quan chức năng") ends a collective list."""
        key = fold(noun)
        closed = self._closed_cache.get(key)
        if closed is None:
            closed = self._closed_cache[key] = any(
                key != other and key.startswith(other + " ") for other in self._noun_folds)
        return closed

    def _modifiers(self, text: str, end: int, field: bool = False) -> int:
        while True:
            # In a field value a modifier may stand on the next line ("… địa phương" / "liên quan.").
            m = re.match(r"[ \n]+" if field else r"[ ]+", text[end:end + 6])
            if not m:
                return end
            mod = self.c["modifier"].match(text, end + m.end())
            if not mod:
                return end
            end = mod.end()

    def _head_at(self, text: str, pos: int, field: bool) -> UnitMatch | None:
        owner = self.c["owner_head"].match(text, pos)
        if owner:
            # "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia": the office of the body named after it.
            inner = (self._registry_at(text, owner.end(), field) or self._committee_at(text, owner.end(), field)
                     or self._head_at(text, owner.end(), field))
            if inner is not None:
                head = self.c["head"].match(text, pos)
                kind, level = self.g["heads"].get(head.group(0), ("office", None)) if head else ("office", None)
                return self._make(text, pos, inner.end, kind, inner.level or level, False, inner.known)
        m = self.c["head"].match(text, pos)
        if not m:
            return None
        kind, level = self.g["heads"][m.group(0)]
        end = m.end()
        if kind == "locality":
            # "Tỉnh Thanh Hóa cần nỗ lực …", "Thành phố Hà Nội và …": the place's name, in capitals.
            while (w := _NEXT_WORD.match(text, end)) and _is_upper_initial(w.group(1)) and w.end() - m.end() < 40:
                end = w.end()
            return self._make(text, pos, end, kind, level, False, False) if end > m.end() else None
        words = 0
        first = True
        while words < 14:
            w = _HEAD_WORD.match(text, end)
            if not w:
                break
            word = w.group(2)
            at = w.start(2)
            if first:
                multiword_head = " " in m.group(0)
                if word in ("và", "với", "cùng", "có", "được"):
                    break  # "Văn phòng Ban Chỉ huy và cơ quan …": the head is the whole name
                if not (multiword_head or _is_upper_initial(word) or word.isdigit() or self.c["level"].match(text, at)):
                    return None
                stop = self.c["stop"].match(text, at)
                if multiword_head and stop and not _is_upper_initial(word):
                    # A short name before its verb: "Ban Quản lý tổ chức đánh giá …", "Ban Quản lý yêu
                    # cầu đơn vị …"; but "Tổ công tác triển khai Đề án 06" is one name.
                    following = _NEXT_WORD.match(text, stop.end())
                    if not (following and _is_upper_initial(following.group(1))):
                        return self._make(text, pos, m.end(), kind, level, False, False)
            else:
                if self.c["stop"].match(text, at) and not _is_upper_initial(word) and not self._in_noun_pair(text, at):
                    break
                if word == "các" and text.startswith("cấp", w.end() + 1) and not text[w.end() + 4:w.end() + 5].isalpha():
                    end = w.end() + 4  # "Hội đồng Thi đua - Khen thưởng các cấp" ends there
                    words += 1
                    break
                if word in ("và", "với", "cùng", "các") and not field:
                    after = _OPT_SPACES.match(text, w.end()).end()
                    if word != "các" and self._starts_unit(text, after):
                        break
                if word in ("và",) and field and (self._starts_unit(text, w.end() + 1)
                                                   or self.c["noun"].match(text, w.end() + 1)):
                    break  # "Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan"
                if _is_upper_initial(word) and word in _PROPER_STOP and self._starts_unit(text, at):
                    break
            end = w.end()
            words += 1
            first = False
        if words == 0:
            return None
        if m.group(0) in _LISTED_NAME_HEADS:
            end = self._listed_name_end(text, end)
        # "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": one body at two levels
        while (more := _MORE_LEVELS.match(text, end)) and text[:end].rstrip().split()[-2:-1] == ["cấp"]:
            end = more.end()
        if level is None:
            level = _level_of(text[m.end():end])
        return self._make(text, pos, end, kind, level, False, False)

    def _opens_phrase(self, text: str, pos: int) -> bool:
        """True when a verb phrase of two words or more opens at `pos` in capitals ("Khẩn trương",
        "Tập trung"); one word may begin a place's name ("Cần Thơ", "Trà Vinh")."""
        at = _OPT_SPACES.match(text, pos).end()
        head = text[at:at + 40]
        m = self.c["stop"].match(head[:1].lower() + head[1:])
        return bool(m and " " in m.group(0))

    def _opens_duty(self, text: str, pos: int) -> bool:
        """True when the words at `pos`, read in lower case, open a duty ("Phối hợp", "Chủ trì")."""
        at = _OPT_SPACES.match(text, pos).end()
        head = text[at:at + 40]
        return bool(self.c["stop"].match(head[:1].lower() + head[1:]))

    def _listed_name_end(self, text: str, end: int) -> int:
        """Where a name that lists its fields goes on past a comma: "Trung tâm Xúc tiến Đầu tư,
        Thương mại và Du lịch", "Trung tâm Văn hóa, Thông tin và Thể thao huyện". Each part after a
        comma and the last one after "và" open with a capital that starts no body of their own; a
        part of a list ("Trung tâm Y tế, Công an xã và …") starts one, and the name ends before it."""
        pos, commas = end, 0
        while True:
            sep = ", " if text.startswith(", ", pos) else " và " if commas and text.startswith(" và ", pos) else None
            if sep is None:
                return end
            start = pos + len(sep)
            first = _NEXT_WORD.match(text, start - 1)
            if not first or not _is_upper_initial(first.group(1)) or self._starts_unit(text, start):
                return end
            cur, words = first.end(), 1
            while words < 4 and (w := _NEXT_WORD.match(text, cur)) and w.group(1) != "và" \
                    and not (self.c["stop"].match(text, w.start(1)) and not _is_upper_initial(w.group(1))):
                cur, words = w.end(), words + 1
            if sep == " và ":
                return cur
            pos, commas = cur, commas + 1

    def _in_noun_pair(self, text: str, at: int) -> bool:
        """True when the word at `at` ends a noun pair ("công trình") begun by the word before it."""
        for first, second in self._noun_pairs:
            if text.startswith(second, at) and text[max(0, at - len(first) - 1):at].casefold() == first + " ":
                return True
        return False

    def _starts_unit(self, text: str, pos: int) -> bool:
        det = _DET.match(text, pos)
        return bool(self.c["registry"].match(text, pos) or self.c["committee"].match(text, pos)
                    or (det and (self.c["noun"].match(text, det.end()) or self.c["head"].match(text, det.end())))
                    or (self.c["head"].match(text, pos) and _is_upper_initial(text[pos:pos + 1])))

    # ------------------------------------------------------------------ lists
    def parse_list(self, text: str, pos: int, end: int | None = None, *, field: bool = False,
                   bare_ok: bool = False) -> tuple[list[UnitMatch], int]:
        """Read a list of units starting at `pos`; return them and where the list ends.

        In running text (`field=False`) the list ends at the first word that cannot continue it
        ("Sở Tài chính chủ trì, phối hợp với các Sở, ban, ngành, đơn vị và UBND cấp xã bố trí kinh
        phí" → from "các Sở": "các Sở, ban, ngành, đơn vị", "UBND cấp xã"). In a field value
        (`field=True`, the text after "Đơn vị phối hợp:") a short descriptive tail that follows a
        name is kept with it. With `bare_ok` (the object of "phối hợp với"), generic nouns without
        "các" are units too ("phối hợp với doanh nghiệp, viện nghiên cứu, trường đại học").
        """
        end = len(text) if end is None else end
        units: list[UnitMatch] = []
        cur = pos
        last_end = pos
        while cur < end:
            enum = self.c["enumerating"].match(text, cur, end)
            if enum:
                named, stop = self._enumerated(text, enum, end)
                if named:
                    units.extend(named)
                    last_end = cur = stop
                    sep = _LIST_SEP.match(text, cur, end)
                    if not sep or sep.end() == cur:
                        break
                    cur = sep.end()
                    continue
            # A bare noun joins a list only after a separator: "… khu công nghiệp tổ chức thực hiện"
            # ends the list at the verb "tổ chức".
            joined = not units or bool(re.search(r"[,;/]|\bvà\b|\bvới\b|\bcùng\b", text[last_end:cur]))
            m = self.match_at(text, cur, field=field, bare_ok=bare_ok and joined)
            if m is None or m.end > end:
                break
            if not units and not field and not bare_ok and m.kind == "collective" and not _DET.match(m.text) \
                    and not re.search(r"liên quan$", m.text) and re.search(r",|\bvà\b", m.text) \
                    and not self.c["title"].match(m.text) and not self._names_bodies(m.text):
                break  # "phối hợp với cơ quan, tổ chức quản lý trạm …": a description, not a list of units
            if field:
                m = self._field_tail(text, m, end)
            units.append(m)
            last_end = cur = m.end
            # Parenthetical examples "(các Ban quản lý rừng …)" belong to the name before them.
            paren = _PAREN.match(text, cur, end)
            if paren:
                cur = last_end = paren.end()
            sep = _LIST_SEP.match(text, cur, end)
            if not sep or sep.end() == cur:
                break
            cur = sep.end()
        return units, last_end

    def _names_bodies(self, phrase: str) -> bool:
        """True for a collective that opens with a government body noun ("sở, ban, ngành …")."""
        first = self.c["noun"].match(phrase)
        return bool(first) and fold(first.group(0)) in self._body_nouns

    def _enumerated(self, text: str, enum: re.Match[str], end: int) -> tuple[list[UnitMatch], int]:
        """The bodies of "Các Bộ: Quốc phòng, Công an": one unit per short name, as written,
        named in full by the registry ("Quốc phòng" → "Bộ Quốc phòng")."""
        head = enum.group("head")
        out: list[UnitMatch] = []
        cur = last = enum.end()
        while cur < end:
            probe = f"{head} {text[cur:min(end, cur + 120)]}"
            m = self.c["registry"].match(probe)
            entry = _registry()[1].get(_registry_key(m.group(0))) if m else None
            if entry is not None and len(m.group(0)) > len(head) + 1:
                stop = cur + len(m.group(0)) - len(head) - 1
                out.append(UnitMatch(cur, stop, text[cur:stop], entry["name"], entry["kind"], entry["level"], False, True))
            else:
                # A name the registry does not hold: its capitalised words ("Công nghiệp - Viễn
                # thông Quân đội"), the body named in full with its head.
                stop = self._enumerated_name_end(text, cur, end)
                if stop <= cur:
                    break
                kind, level = self.g["heads"].get(head, ("other", None))
                out.append(self._make(text, cur, stop, kind, level, False, False, f"{head} {text[cur:stop]}"))
            last = stop
            sep = re.match(r"[ ]*(?:,|và)[ ]*", text[stop:end])
            if not sep:
                break
            cur = stop + sep.end()
        return out, last

    def _enumerated_name_end(self, text: str, pos: int, end: int) -> int:
        """Where a short name after "Các Tập đoàn:" ends: at ",", ";", "và" before a capital, or
        the first lower-case verb ("Công nghiệp - Viễn thông Quân đội tổ chức triển khai …")."""
        if not _is_upper_initial(text[pos:pos + 1]):
            return pos
        stop = pos
        for w in re.finditer(r"[^\s,;:()]+", text[pos:end]):
            word = w.group(0)
            at = pos + w.start()
            if text[stop:at].strip(" -") not in ("",) and re.search(r"[,;:()]", text[stop:at]):
                break
            if word == "và" or (word[0].islower() and self.c["stop"].match(text, at)):
                break
            stop = pos + w.end()
        return stop

    def _field_tail(self, text: str, m: UnitMatch, end: int) -> UnitMatch:
        """In a field value, keep a short tail ("theo quy định", "địa phương") with the name."""
        rest = text[m.end:end]
        tail = re.match(r"[ ]+([^,;.()\n]{1,60}?)(?=[ ]*(?:[,;.(\n]|$))", rest)
        if not tail:
            return m
        words = tail.group(1).strip()
        if re.fullmatch(r"theo quy định", words):
            return self._make(text, m.start, m.end + tail.end(1), m.kind, m.level, m.collective, m.known)
        if not words or self.c["stop"].match(words) or re.match(r"(?:và|với)\b", words):
            return m
        if re.match(r"theo chức năng", words) or self._starts_unit(text, m.end + tail.start(1)):
            return m
        if len(words.split()) > 10:
            return m
        new_end = m.end + tail.end(1)
        return self._make(text, m.start, new_end, m.kind, m.level, m.collective, m.known)


_PARTY_SUFFIX = re.compile(r"[ ]+(?:tỉnh ủy|Tỉnh ủy|thành ủy|Thành ủy)$")


class UnitTable:
    """The units of one document: one entry per body, every surface form kept as an alias."""

    def __init__(self) -> None:
        self._units: dict[str, dict] = {}

    def add(self, m: UnitMatch) -> str:
        """Record a mention; return the unit id."""
        # "các Sở, ban, ngành" and "Sở, ban, ngành" are one collective body; "Ban Tuyên giáo tỉnh ủy"
        # and "Ban Tuyên giáo" in one provincial plan are one body: the party suffix names the
        # document's own province.
        name = re.sub(r"^(?:các|những)[ ]+", "", m.canonical, flags=re.I)
        bare = _PARTY_SUFFIX.sub("", name)
        if bare != name and m.known and registry_entry(bare) is not None:
            name = registry_entry(bare)["name"]
        key = slug(name)
        unit = self._units.get(key)
        if unit is None:
            unit = self._units[key] = {
                "id": key,
                "name": m.canonical,
                "aliases": [],
                "kind": m.kind,
                "level": m.level,
                "collective": m.collective,
                "mentions": [],
            }
        surface = " ".join(m.text.split())
        if surface != unit["name"] and surface not in unit["aliases"]:
            unit["aliases"].append(surface)
        span = (m.start, m.end)
        if span not in unit["mentions"]:
            unit["mentions"].append(span)
        return key

    def units(self) -> list[Unit]:
        out = []
        for unit in sorted(self._units.values(), key=lambda u: (min(u["mentions"]) if u["mentions"] else (0, 0), u["id"])):
            out.append(
                Unit(
                    id=unit["id"],
                    name=unit["name"],
                    aliases=unit["aliases"],
                    kind=unit["kind"],
                    level=unit["level"],
                    collective=unit["collective"],
                    mentions=[Span(start=s, end=e) for s, e in sorted(unit["mentions"])],
                )
            )
        return out


@dataclass(frozen=True)
class NameParts:
    """A unit name taken apart: the registry entry it starts with, its locality word and place."""

    entry: dict | None  # the registry entry, None for a name the grammar found
    base: str           # the entry's name without a trailing locality word ("Công an")
    word: str | None    # "tỉnh", "thành phố", "Tỉnh ủy", "huyện" … as written, lower-cased
    place: str | None   # "Ninh Thuận", None when the name leaves the place to the context


_LOCALITY_WORDS = ["tỉnh ủy", "thành ủy", "thành phố", "tỉnh", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"]
_TRAILING_WORD = re.compile(r"^(.*?)[ ]+(" + "|".join(_LOCALITY_WORDS) + r")$", re.I)


def registry_entries() -> list[dict]:
    """Return the registry entries (data/units.yaml), in file order.

    Ví dụ: registry_entries()[0]["name"] → "Chính phủ".
    """
    return _registry()[0]


def registry_entry(name: str) -> dict | None:
    """Return the registry entry whose name or alias is `name` (any spelling), or None.

    Ví dụ: registry_entry("Sở TT&TT")["name"] → "Sở Thông tin và Truyền thông".
    """
    return _registry()[1].get(_registry_key(canonical_form(name))) or _registry()[1].get(_registry_key(name))


def name_parts(name: str) -> NameParts:
    """Return a unit name taken apart into registry entry, locality word and place.

    Ví dụ: name_parts("Công an tỉnh Ninh Thuận") → entry "Công an tỉnh", base "Công an",
    word "tỉnh", place "Ninh Thuận"; name_parts("Sở Tài chính") → base "Sở Tài chính", no word,
    no place.
    """
    words = name.split()
    entry = None
    rest: list[str] = []
    matched = name
    for k in range(len(words), 0, -1):
        candidate = " ".join(words[:k])
        found = registry_entry(candidate)
        if found is not None:
            entry, matched, rest = found, candidate, words[k:]
            break
    if entry is None:
        matched, rest = name, []
    word = None
    base = entry["name"] if entry else matched
    written = canonical_form(matched)
    tail = _TRAILING_WORD.match(written)
    if tail and (entry is None or entry.get("locality") == "optional"):
        word = tail.group(2).lower()
        base_tail = _TRAILING_WORD.match(base)
        base = base_tail.group(1) if base_tail and base_tail.group(2).lower() in ("tỉnh", "thành phố", "tỉnh ủy", "thành ủy") else base
        if entry is None:
            base = tail.group(1)
    elif entry is not None:
        entry_tail = _TRAILING_WORD.match(entry["name"])
        if entry_tail and entry.get("locality") == "optional":
            base = entry_tail.group(1)
    if rest:
        first = " ".join(rest[:2]).lower()
        for w in sorted(_LOCALITY_WORDS, key=len, reverse=True):
            if first == w or first.startswith(w + " "):
                word = w
                rest = rest[len(w.split()):]
                break
    place = " ".join(rest) if rest and all(_is_upper_initial(w) for w in rest) else None
    if entry is None and place is None:
        # A grammar name ending in a place: "Báo Ninh Thuận" keeps its place in the name.
        return NameParts(None, base, word, None)
    return NameParts(entry, base, word, place)


def split_units(text: str) -> list[str]:
    """Split a unit list written as one string into unit names, as written.

    Ví dụ: "Sở Thông tin và Truyền thông; các Sở, ban, ngành liên quan, Ủy ban nhân dân cấp huyện,
    thành phố." → ["Sở Thông tin và Truyền thông", "các Sở, ban, ngành liên quan",
    "Ủy ban nhân dân cấp huyện, thành phố"].
    """
    from kehoach.pipeline.normalize import normalize  # one tone-mark convention: "Uỷ ban" → "Ủy ban"

    text, _ = normalize(text)
    grammar = UnitGrammar()
    units, _ = grammar.parse_list(text, 0, len(text.rstrip(" .;,")), field=True)
    return [u.text for u in units]
