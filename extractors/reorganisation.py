"""Units in context and over time: resolved names and the 2025 reorganisation.

Two steps, both on the finished plan:
1. Context. A plan of the "Ủy ban nhân dân tỉnh Ninh Thuận" that writes "Công an tỉnh",
   "Sở Tài chính" or "Ban Tuyên giáo" means the province's own bodies; each such unit gets
   `resolved_name` ("Công an tỉnh Ninh Thuận", "Sở Tài chính tỉnh Ninh Thuận", "Ban Tuyên giáo
   Tỉnh ủy Ninh Thuận"). "Ủy ban nhân dân tỉnh" is the issuer itself and resolves to the issuer.
2. Time, with `as_of`. The dated facts in data/reorganisation_2025.yaml say which bodies ended and
   who took over: mergers of ministries, departments and party bodies (1/3/2025), the provinces
   63 → 34 (1/7/2025, new names from underthesea's address mapping) and the end of the district
   level (1/7/2025). A unit that no longer exists at `as_of` gets `until`, `successors` and a
   `unit.reorganised` finding; every task given to a district-level body gets a
   `unit.district_level_abolished` finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from kehoach.extractors.units import NameParts, fold, name_parts, registry_entry
from kehoach.pipeline.errors import KehoachError
from kehoach.schemas import Finding, Plan, Task, Unit

DATA = Path(__file__).parent / "data"

_ISSUER_PLACE = re.compile(r"(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)[ ]+(tỉnh|thành phố)[ ]+(.+)$", re.I)
_PROVINCE_LEVEL_WORDS = {"tỉnh", "thành phố", "tỉnh ủy", "thành ủy"}


@dataclass(frozen=True)
class Context:
    """Where a plan comes from: the issuer and its province. Ví dụ: ("tỉnh", "Ninh Thuận")."""

    issuer: str | None
    word: str | None   # "tỉnh" or "thành phố"
    place: str | None  # "Ninh Thuận"


@dataclass(frozen=True)
class Change:
    """What became of one unit by a date: its last day and who holds its duties now."""

    until: str
    successors: list[str]
    reasons: list[str]  # one phrase per step, with its source


def context_of(issuer: str | None) -> Context:
    """Return the province of an issuing People's Committee or Council.

    Ví dụ: context_of("Ủy ban nhân dân tỉnh Ninh Thuận") → Context(word="tỉnh", place="Ninh Thuận").
    """
    m = _ISSUER_PLACE.match(issuer or "")
    if not m:
        return Context(issuer, None, None)
    return Context(issuer, m.group(1).lower(), m.group(2).strip())


@lru_cache(maxsize=1)
def reorganisation_data() -> dict:
    """Return data/reorganisation_2025.yaml as loaded: sources, mergers, provinces, district_level.

    Ví dụ: reorganisation_data()["mergers"][0]["unit"] → "Bộ Thông tin và Truyền thông".
    """
    return yaml.safe_load((DATA / "reorganisation_2025.yaml").read_text(encoding="utf-8"))


def _mergers() -> dict[str, dict]:
    return {row["unit"]: row for row in reorganisation_data()["mergers"]}


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _party_word(word: str | None) -> str:
    return "Thành ủy" if word in ("thành phố", "thành ủy") else "Tỉnh ủy"


def with_place(parts: NameParts, base: str, word: str | None, place: str) -> str:
    """Return the full name of a provincial body in a given province.

    Ví dụ: with_place(name_parts("Ban Tuyên giáo"), "Ban Tuyên giáo", "tỉnh", "Ninh Thuận")
    → "Ban Tuyên giáo Tỉnh ủy Ninh Thuận".
    """
    entry = registry_entry(base) or parts.entry or {}
    word = word if word in ("tỉnh", "thành phố") else ("thành phố" if word == "thành ủy" else "tỉnh")
    default = "{base} {party} {place}" if entry.get("kind") == "party" else "{base} {word} {place}"
    template = entry.get("in_context", default)
    base_words = re.sub(r"[ ]+(?:tỉnh|thành phố)$", "", entry.get("name", base)) if entry else base
    return " ".join(template.format(base=base_words, word=word, party=_party_word(word), place=place).split())


def _resolve(unit: Unit, ctx: Context) -> str | None:
    """The name of a unit in the plan's context, or None when the name is already complete."""
    if ctx.place is None or unit.collective or unit.level not in (None, "province"):
        return None
    parts = name_parts(unit.name)
    if parts.place is not None:
        return None
    if parts.entry is None:
        # A name the grammar found: only "… tỉnh" / "… thành phố" asks for the context.
        if parts.word not in _PROVINCE_LEVEL_WORDS:
            return None
    elif parts.entry.get("level") != "province":
        return None
    resolved = with_place(parts, parts.base, parts.word or ctx.word, ctx.place)
    if ctx.issuer and fold(resolved) == fold(ctx.issuer):
        return ctx.issuer
    return resolved


@lru_cache(maxsize=128)
def new_province(word: str, place: str) -> tuple[str, str] | None:
    """Return the province that holds a pre-2025 province from 1/7/2025, as (word, place).

    Uses underthesea's offline address mapping (63 provinces → 34).
    Ví dụ: new_province("tỉnh", "Ninh Thuận") → ("tỉnh", "Khánh Hòa").
    """
    try:
        from underthesea.address import convert_address
    except ImportError as exc:  # underthesea is a dependency; say how to get it back
        raise KehoachError(
            f"the province mapping needs underthesea's address module ({exc}); install it with: pip install 'underthesea>=9.5'"
        ) from None
    result = convert_address(f"{word} {place}")
    m = re.match(r"(Tỉnh|Thành phố)[ ]+(.+)$", result.new.province or "")
    if not m:
        return None
    return m.group(1).lower(), m.group(2).strip()


def change_of(unit: Unit, ctx: Context, as_of: date) -> Change | None:
    """Return what became of a unit by `as_of`, or None when it still exists under its name.

    Ví dụ: for "Sở Thông tin và Truyền thông" in a plan of the Ủy ban nhân dân tỉnh Ninh Thuận,
    at 2026-01-01 → until "2025-02-28", successors ["Sở Khoa học và Công nghệ tỉnh Khánh Hòa",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa"].
    """
    data = reorganisation_data()
    sources = data["sources"]
    day = as_of.isoformat()
    parts = name_parts(unit.name)
    base = parts.entry["name"] if parts.entry else parts.base
    ends: list[str] = []
    reasons: list[str] = []
    also: list[str] = []
    mergers = _mergers()
    seen = set()
    while base in mergers and _iso(mergers[base]["until"]) < day and base not in seen:
        seen.add(base)
        row = mergers[base]
        ends.append(_iso(row["until"]))
        reasons.append(f"from {_next_day(row['until'])} the {row['unit']} {row['note']} ({sources[row['source']]['short']})")
        also.extend(a for a in row.get("also", []) if a not in also)
        base = row["successor"]

    successors: list[str] = []
    if unit.level == "district" or (parts.entry is None and parts.word in ("huyện", "quận", "thị xã")):
        district = data["district_level"]
        if _iso(district["until"]) < day:
            ends.append(_iso(district["until"]))
            reasons.append(f"from {_next_day(district['until'])} the district level ended "
                           f"({sources[district['source']]['short']})")
            office = district.get("offices", {}).get(base)
            successors = [office or district["successors"].get(unit.kind, district["successors"]["people_committee"])]
    elif unit.level in (None, "province") and not unit.collective:
        place = parts.place or (ctx.place if (_resolve(unit, ctx) or parts.entry) else None)
        word = parts.word if parts.word in ("tỉnh", "thành phố") else ctx.word
        if parts.word in ("tỉnh ủy", "thành ủy"):
            word = "thành phố" if parts.word == "thành ủy" else "tỉnh"
        provinces = data["provinces"]
        if place and word and (parts.entry is None or parts.entry.get("level") == "province"):
            now = (word, place)
            if _iso(provinces["until"]) < day:
                mapped = new_province(word, place)
                if mapped and fold(mapped[1]) != fold(place):
                    now = mapped
                    ends.append(_iso(provinces["until"]))
                    reasons.append(f"from {_next_day(provinces['until'])} {word} {place} is part of "
                                   f"{mapped[0]} {mapped[1]} ({sources[provinces['source']]['short']})")
            if ends:
                successors = [with_place(name_parts(b), b, now[0], now[1]) for b in [base, *also]]
    if not ends:
        return None
    if not successors:
        successors = [base, *also]
    return Change(min(ends), successors, reasons)


def _next_day(value) -> str:
    d = date.fromordinal(date.fromisoformat(_iso(value)).toordinal() + 1)
    return f"{d.day}/{d.month}/{d.year}"


def _first_assignment(tasks: list[Task], unit_id: str):
    for task in tasks:
        for a in task.assignments:
            if a.unit_id == unit_id:
                return a
    return None


def apply_unit_context(plan: Plan, as_of: date | None = None) -> Plan:
    """Return the plan with units resolved in the document's context and, with `as_of`, their successors.

    Ví dụ: in the plan of the "Ủy ban nhân dân tỉnh Ninh Thuận", the unit "Công an tỉnh" gets
    resolved_name "Công an tỉnh Ninh Thuận"; with as_of 2026-01-01 the "Sở Kế hoạch và Đầu tư"
    gets successors ["Sở Tài chính tỉnh Khánh Hòa"] and a `unit.reorganised` finding.
    """
    ctx = context_of(plan.document.issuer)
    units = [u.model_copy(update={"resolved_name": _resolve(u, ctx)}) for u in plan.units]
    if as_of is None:
        return plan.model_copy(update={"units": units})
    findings = list(plan.findings)
    new_units = []
    for unit in units:
        change = change_of(unit, ctx, as_of)
        if change is None:
            new_units.append(unit)
            continue
        new_units.append(unit.model_copy(update={"until": change.until, "successors": change.successors}))
        shown = unit.resolved_name or unit.name
        where = _first_assignment(plan.tasks, unit.id)
        span = where.span if where else (unit.mentions[0] if unit.mentions else None)
        findings.append(Finding(
            code="unit.reorganised",
            severity="warning",
            message=f"{shown} no longer exists at {as_of.isoformat()}: {'; '.join(change.reasons)}; "
                    f"its duties are held by {', '.join(change.successors)}.",
            suggestion=f"Read “{unit.name}” as {change.successors[0]} when following up this plan today.",
            unit_id=unit.id,
            span=span,
            line=where.line if where else None,
        ))
    by_id = {u.id: u for u in new_units}
    district = reorganisation_data()["district_level"]
    if _iso(district["until"]) < as_of.isoformat():
        for task in plan.tasks:
            for a in task.assignments:
                unit = by_id.get(a.unit_id)
                if unit is None or unit.level != "district":
                    continue
                now = ", ".join(unit.successors) or "the commune or the province"
                findings.append(Finding(
                    code="unit.district_level_abolished",
                    severity="warning",
                    message=f"Task {task.id} is assigned to {a.text} ({a.role}), a district-level body; "
                            f"the district level ended from {_next_day(district['until'])}.",
                    suggestion=f"Reassign it to {now}.",
                    task_id=task.id,
                    unit_id=unit.id,
                    span=a.span,
                    line=a.line,
                ))
    return plan.model_copy(update={"units": new_units, "findings": findings, "as_of": as_of.isoformat()})
