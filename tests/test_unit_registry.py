"""Pins every entry of the unit registry (extractors/data/units.yaml) and the grammar word lists
(extractors/data/unit_grammar.yaml): each entry parses, its kind and level are known, no written
form belongs to two bodies, and every name and alias is read back as that body."""
from __future__ import annotations

from collections import defaultdict

import pytest

from kehoach.extractors.units import UnitGrammar, fold, registry_entries, registry_entry

KINDS = {"ministry", "agency", "department", "office", "people_committee", "people_council", "party",
         "front", "mass_org", "police", "military", "media", "branch", "court", "company", "locality", "other"}
LEVELS = {"central", "province", "district", "commune"}
FIELDS = {"name", "aliases", "kind", "level", "locality", "note", "in_context"}

ENTRIES = registry_entries()
FORMS = [(e["name"], form) for e in ENTRIES for form in [e["name"], *e.get("aliases", [])]]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_entry_is_well_formed(entry):
    assert set(entry) <= FIELDS, f"unknown field in {entry['name']}: {set(entry) - FIELDS}"
    assert entry["kind"] in KINDS
    assert entry["level"] in LEVELS
    assert entry.get("locality", "none") in ("none", "optional")
    assert isinstance(entry.get("aliases", []), list)
    if "in_context" in entry:
        assert "{place}" in entry["in_context"]


def test_no_form_belongs_to_two_bodies():
    owners: dict[str, set[str]] = defaultdict(set)
    for name, form in FORMS:
        owners[fold(form)].add(name)
    shared = {form: names for form, names in owners.items() if len(names) > 1}
    assert not shared


def test_names_are_unique():
    names = [e["name"] for e in ENTRIES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name,form", FORMS, ids=[f for _, f in FORMS])
def test_every_form_reads_back_as_its_body(name, form):
    m = UnitGrammar().match_at(f"{form} chủ trì thực hiện", 0)
    assert m is not None and m.known
    assert m.text == form, f"{form!r} read as {m.text!r}"
    assert registry_entry(form)["name"] == name


def test_the_families_of_issue_4_are_present():
    for name in ["Bộ Thông tin và Truyền thông", "Bộ Kế hoạch và Đầu tư", "Bộ Lao động - Thương binh và Xã hội",
                 "Bộ Giao thông vận tải", "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn",
                 "Ủy ban Dân tộc", "Văn phòng Chính phủ", "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam",
                 # Nghị định 45/2025/NĐ-CP: the twelve departments of every province, and four of some
                 "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
                 "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch",
                 "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh", "Văn phòng Ủy ban nhân dân",
                 "Sở Ngoại vụ", "Sở Dân tộc và Tôn giáo", "Sở Du lịch", "Sở Quy hoạch - Kiến trúc",
                 "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Lao động - Thương binh và Xã hội",
                 "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn",
                 "Ban Dân tộc", "Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch",
                 "Tỉnh ủy", "Thường trực Tỉnh ủy", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tuyên giáo và Dân vận",
                 "Ban Tổ chức", "Ủy ban Kiểm tra", "Ban Nội chính", "Ủy ban Mặt trận Tổ quốc Việt Nam",
                 "Liên đoàn Lao động", "Hội Liên hiệp Phụ nữ", "Tỉnh đoàn", "Hội Nông dân", "Hội Cựu chiến binh",
                 "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                 "Đài Phát thanh và Truyền hình", "Cổng Thông tin điện tử", "Kho bạc Nhà nước", "Cục Thuế",
                 "Bảo hiểm xã hội", "Ngân hàng Nhà nước chi nhánh", "Tòa án nhân dân", "Viện kiểm sát nhân dân"]:
        assert registry_entry(name) is not None and registry_entry(name)["name"] == name, name


ABBREVIATIONS = [  # the written forms issue 4 lists, with the body each stands for
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"), ("Sở TTTT", "Sở Thông tin và Truyền thông"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"), ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"), ("Sở KHĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"), ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"), ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("Sở GTVT", "Sở Giao thông vận tải"), ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Đài PT-TH", "Đài Phát thanh và Truyền hình"), ("BCH Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("BĐBP tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"), ("VPUB", "Văn phòng Ủy ban nhân dân"),
    ("TT.Tỉnh ủy", "Thường trực Tỉnh ủy"), ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"), ("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
]


@pytest.mark.parametrize("form,name", ABBREVIATIONS)
def test_abbreviations(form, name):
    assert registry_entry(form)["name"] == name


def test_grammar_word_lists():
    g = UnitGrammar().g
    for head, (kind, level) in g["heads"].items():
        assert kind in KINDS and (level is None or level in LEVELS), head
    for word_list in ("admin_levels", "collective_nouns", "collective_modifiers", "titles", "stop_words",
                      "owner_heads", "enumerating_heads", "standalone_titles", "body_nouns", "lower_titles", "standalone_nouns"):
        words = g[word_list]
        assert words and all(isinstance(w, str) and w.strip() == w for w in words), word_list
        assert len({fold(w) for w in words}) == len(words) or word_list == "collective_modifiers", word_list
    assert set(g["committees"].values()) <= KINDS


def test_grammar_lists_refer_to_known_words():
    g = UnitGrammar().g
    titles = {fold(t) for t in g["titles"]}
    assert all(fold(t) in titles for t in g["standalone_titles"])
    nouns = {fold(n) for n in g["collective_nouns"]}
    assert all(fold(n) in nouns for n in g["body_nouns"])
    heads = {fold(h) for h in g["heads"]}
    assert all(fold(h) in heads for h in g["owner_heads"] if h != "Cơ quan thường trực")
