"""Tests of extractors/reorganisation.py: units in the plan's context, and the 2025 reorganisation
(extractors/data/reorganisation_2025.yaml). Regression tests for issue 4."""
from __future__ import annotations

from datetime import date

import pytest

from kehoach.extractors.reorganisation import (
    apply_unit_context, change_of, context_of, new_province, reorganisation_data,
)
from kehoach.extractors.units import UnitGrammar, registry_entry
from kehoach.pipeline.run import extract_plan
from kehoach.schemas import Unit
from conftest import plan_of

AFTER = date(2026, 1, 1)
DATA = reorganisation_data()
NINH_THUAN = context_of("Ủy ban nhân dân tỉnh Ninh Thuận")
HA_NOI = context_of("Ủy ban nhân dân thành phố Hà Nội")


def unit(name: str, kind: str = "department", level: str | None = "province", collective: bool = False) -> Unit:
    return Unit(id="x", name=name, kind=kind, level=level, collective=collective)


# --- context ---------------------------------------------------------------------------------
def test_context_of_issuer():
    assert (NINH_THUAN.word, NINH_THUAN.place) == ("tỉnh", "Ninh Thuận")
    assert (HA_NOI.word, HA_NOI.place) == ("thành phố", "Hà Nội")
    assert context_of("Bộ Khoa học và Công nghệ").place is None


# (issuer, unit name as written, kind, resolved name or None)
RESOLVE_CASES = [
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Công an tỉnh", "police", "Công an tỉnh Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Sở Tài chính", "department", "Sở Tài chính tỉnh Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Ủy ban nhân dân tỉnh", "people_committee", "Ủy ban nhân dân tỉnh Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Báo tỉnh", "media", "Báo Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Ban Tuyên giáo", "party", "Ban Tuyên giáo Tỉnh ủy Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Ban Tuyên giáo tỉnh ủy", "party", "Ban Tuyên giáo Tỉnh ủy Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Tỉnh ủy", "party", "Tỉnh ủy Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Đài Phát thanh và Truyền hình", "media", "Đài Phát thanh và Truyền hình Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Cổng Thông tin điện tử tỉnh", "media", "Cổng Thông tin điện tử tỉnh Ninh Thuận"),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", "Văn phòng Ủy ban nhân dân tỉnh", "office", "Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", "Báo và Phát thanh, Truyền hình tỉnh", "media", "Báo và Phát thanh, Truyền hình Bắc Ninh"),
    ("Ủy ban nhân dân thành phố Hà Nội", "Công an thành phố", "police", "Công an thành phố Hà Nội"),
    ("Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố", "people_committee", "Ủy ban nhân dân thành phố Hà Nội"),
    ("Ủy ban nhân dân thành phố Cần Thơ", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "front",
     "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Cần Thơ"),
    # already complete, central, or standing for many bodies: nothing to resolve
    ("Ủy ban nhân dân tỉnh Lai Châu", "Báo và Phát thanh Truyền hình Lai Châu", "media", None),
    ("Ủy ban nhân dân tỉnh Quảng Trị", "Bộ Chỉ huy Quân sự tỉnh Quảng Trị", "military", None),
    ("Ủy ban nhân dân tỉnh Ninh Thuận", "Bộ Thông tin và Truyền thông", "ministry", None),
    ("Bộ Khoa học và Công nghệ", "Sở Tài chính", "department", None),
]


@pytest.mark.parametrize("issuer,name,kind,resolved", RESOLVE_CASES)
def test_resolved_name(issuer, name, kind, resolved):
    level = "central" if kind == "ministry" else "province"
    plan = plan_of("B. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tư pháp chủ trì thực hiện.")
    plan = plan.model_copy(update={"document": plan.document.model_copy(update={"issuer": issuer}),
                                   "units": [unit(name, kind, level)]})
    assert apply_unit_context(plan).units[0].resolved_name == resolved


def test_collective_is_not_resolved():
    plan = plan_of("1. Sở Tư pháp chủ trì thực hiện.")
    plan = plan.model_copy(update={"units": [unit("Các sở, ban, ngành", "collective", None, True)]})
    assert apply_unit_context(plan).units[0].resolved_name is None


# --- every reorganisation row ----------------------------------------------------------------
MERGERS = DATA["mergers"]


@pytest.mark.parametrize("row", MERGERS, ids=[r["unit"] for r in MERGERS])
def test_merger_row_is_well_formed(row):
    for name in [row["unit"], row["successor"], *row.get("also", [])]:
        assert registry_entry(name) is not None and registry_entry(name)["name"] == name, name
    assert row["source"] in DATA["sources"]
    assert date.fromisoformat(str(row["until"])) < date(2025, 7, 1)
    assert row["note"]


@pytest.mark.parametrize("row", MERGERS, ids=[r["unit"] for r in MERGERS])
def test_merger_row_applies_after_its_date_only(row):
    entry = registry_entry(row["unit"])
    ctx = context_of("Ủy ban nhân dân tỉnh Hà Tĩnh")  # a province whose name did not change
    u = unit(row["unit"], entry["kind"], entry["level"])
    until = date.fromisoformat(str(row["until"]))
    assert change_of(u, ctx, until) is None
    change = change_of(u, ctx, date.fromordinal(until.toordinal() + 1))
    assert change is not None and change.until == str(row["until"])
    assert change.successors[0].startswith(row["successor"])
    for also in row.get("also", []):
        assert any(s.startswith(also) for s in change.successors)


def test_sources_are_named():
    for key, source in DATA["sources"].items():
        assert source["title"] and source["short"] and source["effective"], key


def test_district_successors_are_units_the_grammar_reads():
    district = DATA["district_level"]
    grammar = UnitGrammar()
    for name in [*district["successors"].values(), *district["offices"].values()]:
        m = grammar.match_at(name + " chủ trì", 0)
        assert m is not None and m.text == name and m.level == "commune", name
    for name in district["offices"]:
        assert registry_entry(name)["level"] == "district", name


def test_province_mapping_is_offline_and_63_to_34():
    assert new_province("tỉnh", "Ninh Thuận") == ("tỉnh", "Khánh Hòa")
    assert new_province("tỉnh", "Quảng Bình") == ("tỉnh", "Quảng Trị")
    assert new_province("tỉnh", "Hà Tĩnh") == ("tỉnh", "Hà Tĩnh")


def test_province_row_applies_from_1_7_2025():
    u = unit("Công an tỉnh", "police")
    assert change_of(u, NINH_THUAN, date(2025, 6, 30)) is None
    change = change_of(u, NINH_THUAN, date(2025, 7, 1))
    assert change.successors == ["Công an tỉnh Khánh Hòa"] and change.until == "2025-06-30"


def test_two_steps_merger_then_province():
    u = unit("Sở Thông tin và Truyền thông")
    assert change_of(u, NINH_THUAN, date(2025, 4, 1)).successors[0] == "Sở Khoa học và Công nghệ tỉnh Ninh Thuận"
    change = change_of(u, NINH_THUAN, AFTER)
    assert change.until == "2025-02-28"
    assert change.successors == ["Sở Khoa học và Công nghệ tỉnh Khánh Hòa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa"]


def test_central_bodies_keep_no_place():
    change = change_of(unit("Bộ Kế hoạch và Đầu tư", "ministry", "central"), NINH_THUAN, AFTER)
    assert change.successors == ["Bộ Tài chính"]


def test_city_party_body():
    change = change_of(unit("Ban Dân vận", "party"), HA_NOI, AFTER)
    assert change.successors == ["Ban Tuyên giáo và Dân vận Thành ủy Hà Nội"]


# --- the sample, as issue 4 asks ---------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_2026(sample_path):
    return extract_plan(sample_path, as_of=AFTER)


def by_name(plan, name):
    return next(u for u in plan.units if u.name == name)


def test_sample_without_as_of_has_no_successors(sample_plan):
    assert sample_plan.as_of is None
    assert all(not u.successors and u.until is None for u in sample_plan.units)
    assert not [f for f in sample_plan.findings if f.code.startswith("unit.")]
    assert by_name(sample_plan, "Công an tỉnh").resolved_name == "Công an tỉnh Ninh Thuận"


def test_sample_successors(sample_2026):
    plan = sample_2026
    assert plan.as_of == "2026-01-01"
    assert by_name(plan, "Sở Thông tin và Truyền thông").successors[0] == "Sở Khoa học và Công nghệ tỉnh Khánh Hòa"
    assert by_name(plan, "Sở Kế hoạch và Đầu tư").successors == ["Sở Tài chính tỉnh Khánh Hòa"]
    issuer = by_name(plan, "Ủy ban nhân dân tỉnh")
    assert issuer.resolved_name == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert issuer.successors == ["Ủy ban nhân dân tỉnh Khánh Hòa"]


def test_sample_reorganised_findings(sample_2026):
    plan = sample_2026
    found = {f.unit_id: f for f in plan.findings if f.code == "unit.reorganised"}
    for u in plan.units:
        if u.successors:
            f = found[u.id]
            assert f.severity == "warning"
            assert (u.resolved_name or u.name) in f.message and u.successors[0] in f.message
    assert "Sở Khoa học và Công nghệ tỉnh Khánh Hòa" in found["so-thong-tin-va-truyen-thong"].message


def test_sample_every_district_task_has_a_finding(sample_2026):
    plan = sample_2026
    district = {u.id for u in plan.units if u.level == "district"}
    assigned = {(t.id, a.unit_id) for t in plan.tasks for a in t.assignments if a.unit_id in district}
    assert assigned, "the sample gives tasks to Ủy ban nhân dân cấp huyện, thành phố"
    found = {(f.task_id, f.unit_id) for f in plan.findings if f.code == "unit.district_level_abolished"}
    assert assigned == found


def test_before_the_reorganisation_nothing_changes(sample_path):
    plan = extract_plan(sample_path, as_of=date(2024, 12, 31))
    assert plan.as_of == "2024-12-31"
    assert all(not u.successors for u in plan.units)
    assert not [f for f in plan.findings if f.code.startswith("unit.")]
