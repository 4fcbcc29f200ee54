"""Legacy Vietnamese encodings (issue 5, part 4): the TCVN3 and VNI tables, conversion, detection."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from kehoach.pipeline.read import legacy

DATA = Path(legacy.__file__).with_name("data")
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"


def letters(upper: bool = False) -> list[str]:
    """Every Vietnamese vowel with every tone, and đ."""
    out = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    return [c.upper() for c in out] if upper else out


def table(name: str) -> dict[str, str]:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))["chars"]


def encoder(name: str) -> dict[str, str]:
    """Unicode letter → its legacy spelling (the tables read backwards)."""
    return {v: k for k, v in table(name).items()}


# ---- the data files --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_table_entries_are_single_nfc_letters_and_do_not_collide(name):
    chars = table(name)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in chars.items())
    assert all(len(v) == 1 and unicodedata.normalize("NFC", v) == v for v in chars.values())
    assert len(set(chars.values())) == len(chars), "two legacy spellings for one letter"
    assert all(not k.isascii() for k in chars), "a key that is plain ASCII would rewrite ordinary text"


def test_syllable_data_is_all_strings():
    data = yaml.safe_load((DATA / "syllables.yaml").read_text(encoding="utf-8"))
    assert all(isinstance(x, str) for x in data["onsets"] + data["rhymes"])
    assert len(set(data["rhymes"])) == len(data["rhymes"])


# ---- round trips: every letter with every tone --------------------------------------------------

def test_tcvn3_round_trips_every_lower_case_letter():
    enc = encoder("tcvn3")
    for letter in letters():
        legacy_text = enc.get(letter, letter) if letter not in "aeiouy" else letter
        assert legacy.to_unicode(legacy_text, "tcvn3") == letter, letter


def test_tcvn3_capitals_come_from_the_vntimeh_convention():
    enc = encoder("tcvn3")
    # The seven toneless capitals have codes of their own.
    for capital in "ĂÂÊÔƠƯĐ":
        assert legacy.to_unicode(enc[capital], "tcvn3") == capital
    # Toned capitals are lower-case codes inside a word in capitals: "HéI" → "HỘI".
    for letter in (c for c in letters() if c in enc):
        code = enc[letter]
        assert legacy.to_unicode(f"H{code}N", "tcvn3") == f"H{letter}N".upper(), letter


def test_vni_round_trips_every_letter_in_both_cases():
    enc = encoder("vni")
    for letter in letters() + letters(upper=True):
        spelled = enc.get(letter, letter)
        assert legacy.to_unicode(f"x{spelled}x", "vni") == f"x{letter}x", letter


# ---- conversion of real phrases -----------------------------------------------------------------

CONVERSIONS = [
    # (legacy text, encoding, Unicode)
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "tcvn3", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Sè: 256/2004/Q§-UB", "tcvn3", "Số: 256/2004/QĐ-UB"),
    ("C¨n cø LuËt Tæ chøc H§ND vµ UBND ngµy 26/11/2003;", "tcvn3", "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;"),
    ("Ch\xad¬ng tr×nh", "tcvn3", "Chương trình"),  # ư is the soft hyphen byte
    ("Ch\u2212¬ng tr×nh", "tcvn3", "Chương trình"),  # as pdfminer reads it from a .VnTime PDF
    ("UÛY BAN NHAÂN DAÂN TÆNH BÌNH PHÖÔÙC", "vni", "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"),
    ("Ñoàng Xoaøi, ngaøy 14 thaùng 5 naêm 2008", "vni", "Đồng Xoài, ngày 14 tháng 5 năm 2008"),
    ("Quyeát ñònh soá 186/2006/QÑ-TTg", "vni", "Quyết định số 186/2006/QĐ-TTg"),
]


@pytest.mark.parametrize("text,encoding,expected", CONVERSIONS)
def test_to_unicode(text, encoding, expected):
    assert legacy.to_unicode(text, encoding) == expected


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        legacy.to_unicode("abc", "viscii")


# ---- detection ----------------------------------------------------------------------------------

DETECTION = [
    # real-looking legacy text
    ("Uû ban nh©n d©n tØnh L©m §ång", "tcvn3"),
    ("QuyÕt ®Þnh cña UBND thµnh phè CÇn Th¬ vÒ viÖc ban hµnh Ch\xad¬ng tr×nh c¶i c¸ch hµnh chÝnh", "tcvn3"),
    ("Céng hoµ", "tcvn3"),
    ("UÛY BAN NHAÂN DAÂN TÆNH CAØ MAU", "vni"),
    ("Quy cheá naøy quy ñònh chöùc naêng, nhieäm vuï, quyeàn haïn cuûa Ñoäi Kieåm tra", "vni"),
    ("Coäng", "vni"),
    # Unicode Vietnamese, composed and decomposed: never legacy
    ("Ủy ban nhân dân tỉnh Lâm Đồng", None),
    ("Hà Nội, ngày 24 tháng 11 năm 2025", None),
    (unicodedata.normalize("NFD", "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ"), None),
    ("Tôi có", None),
    # near misses: too short to tell, ASCII, other languages
    ("có", None),
    ("Soá", None),  # VNI "Số" or Unicode "soá": undecided
    ("UBND tinh Lam Dong", None),
    ("café résumé à la crème", None),
    ("25°C ± 2 – “quote”", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", DETECTION)
def test_detect(text, expected):
    assert legacy.detect(text) == expected


FONTS = [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), ("VnTime", "tcvn3"), (".VnArial Narrow", "tcvn3"),
    ("VNI-Times", "vni"), ("VNI-Helve", "vni"),
    ("UVnTime", None), ("Times New Roman", None), ("", None), (None, None),
]


@pytest.mark.parametrize("font,expected", FONTS)
def test_font_encoding(font, expected):
    assert legacy.font_encoding(font) == expected


def test_capitals_font():
    assert legacy.is_capitals_font(".VnTimeH") and not legacy.is_capitals_font(".VnTime")
    assert not legacy.is_capitals_font("Times New Roman")


SYLLABLES = [
    ("Nghị", True), ("trường", True), ("hoạch", True), ("quyền", True), ("gì", True), ("khỏe", True),
    ("học", True), ("hoc", False), ("hòc", False),  # stop endings take sắc or nặng
    ("n¨m", False), ("LAMDONG", False), ("ñôn", False), ("Internet", False), ("hoá", True),
    ("Đắk", True), ("LẮK", True),  # place names of the Central Highlands end in k
]


@pytest.mark.parametrize("word,expected", SYLLABLES)
def test_is_syllable(word, expected):
    assert legacy.is_syllable(word) is expected


# What stands before a cut inside a word in a narrow table cell ("QU" / "YẾ" / "T"): the
# beginning of a syllable, or not.
SYLLABLE_STARTS = [
    ("QUYẾ", True), ("Nguyễ", True), ("NHIỆ", True), ("triể", True), ("Ngườ", True), ("Khánh", True),
    ("ờng", False), ("NGHĨAV", False), ("bđ", False), ("Quyếtđ", False),
]


@pytest.mark.parametrize("word,expected", SYLLABLE_STARTS)
def test_is_syllable_start(word, expected):
    assert legacy.is_syllable_start(word) is expected


def test_vietnamese_share_tells_prose_from_garbage_ocr():
    assert legacy.vietnamese_share("Ủy ban nhân dân tỉnh Lâm Đồng chủ trì, phối hợp") > 0.5
    assert legacy.vietnamese_share("uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia vrET NAM") < 0.1
