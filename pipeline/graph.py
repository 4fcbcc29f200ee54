"""The responsibility graph: `build_graph(plan) -> networkx.MultiDiGraph`, and its analyses.

Who does what, with whom, on what legal basis, as one graph built from the `Plan` only.

Node keys are the plan's own ids, so the same key appears in the JSON and in every export:

==========  =====================================  ==========================================
kind        key                                    attributes (besides `kind` and `label`)
==========  =====================================  ==========================================
document    ``"doc"``                              doc_type, title, number_symbol, date,
                                                   issuer, is_draft (bool), source_file
section     ``"sec:" + section id``, e.g.          section_id, outline_label, marker,
            ``"sec:B.II.2.a"`` (prefixed: a bare   level (int), heading, parent_id, line (int)
            id such as ``"1"`` could clash)
task        task id, e.g. ``"T:B.II.2.a:1"``       task_id, section_id, title, text, found_by,
                                                   order (int, document order), line (int),
                                                   deadline, due, start, recurrence,
                                                   ongoing (bool), form, product,
                                                   lead_units, support_units (lists of ids)
unit        unit id, e.g. ``"so-tai-chinh"``       unit_id, name, body_kind, admin_level,
                                                   collective (bool), resolved_name, until,
                                                   successors, aliases (lists), in_plan (bool:
                                                   False for a successor body the plan only
                                                   names through the reorganisation data)
legal_ref   ref id, e.g. ``"ref:72/2015/NĐ-CP"``   ref_id, doc_type, number_symbol, family,
                                                   date, issuer, title, is_basis (bool),
                                                   mentions (int), pinpoints (list)
issuer      ``"issuer:" + slug``, e.g.             name
            ``"issuer:thu-tuong-chinh-phu"``
==========  =====================================  ==========================================

`label` is always a short readable string; `label` and `kind` are always `str`. Absent values are
`None` (they are dropped when written to GraphML, see `graphml_export`). Every attribute keeps one
type across all nodes, so GraphML keys are typed once.

Edges carry `relation` (also the edge key, so two different roles of one unit in one task are two
edges and the same role is never doubled):

=================  =====================  =============================================
relation           direction              from the plan
=================  =====================  =============================================
contains           doc → section,         `Section.parent_id`; `Task.section_id`
                   section → section,     (doc → task for closing requests that stand
                   section → task         in no section)
leads              unit → task            `UnitRef.role == "lead"` (chủ trì)
supports           unit → task            `"support"` (phối hợp)
advises            unit → task            `"advise"` (tham mưu)
monitors           unit → task            `"monitor"` (theo dõi, kiểm tra)
receives_report    unit → task            `"report_to"` (báo cáo về …)
cites              task → legal_ref       `Task.legal_ref_ids`
legal_basis        doc → legal_ref        `LegalRef.is_basis` (opening "Căn cứ"/"Thực hiện")
issues             issuer → doc,          `DocumentInfo.issuer`; `LegalRef.issuer`
                   issuer → legal_ref
successor          unit → unit            `Unit.successors` (2025 reorganisation)
=================  =====================  =============================================

Role edges also carry `text` (the unit as written there) and `line` (int).

The analyses below read the graph and return plain data (dataclasses of str/int/lists), ready for
a table or for JSON; `register(subparsers)` adds `kehoach graph FILE [--as-of DATE]
[--format text|json]`, which prints them.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import networkx as nx

from kehoach.extractors.units import slug
from kehoach.schemas import Plan

__all__ = [
    "ROLE_RELATIONS",
    "build_graph",
    "load_plan",
    "unit_workload",
    "tasks_without_lead",
    "tasks_with_several_leads",
    "support_only_units",
    "coordination_matrix",
    "most_cited_refs",
    "unit_tasks",
    "analyse",
    "register",
]

DOC = "doc"

ROLE_RELATIONS: dict[str, str] = {
    "lead": "leads",
    "support": "supports",
    "advise": "advises",
    "monitor": "monitors",
    "report_to": "receives_report",
}
"""`UnitRef.role` → edge relation."""

COORDINATION_ROWS = 15
"""Pairs shown in the terminal table; a plan with 20 units can have a hundred pairs."""

ROLE_VI: dict[str, str] = {
    "lead": "chủ trì",
    "support": "phối hợp",
    "advise": "tham mưu",
    "monitor": "theo dõi",
    "report_to": "nhận báo cáo",
}
"""`UnitRef.role` → the Vietnamese word used in tables and exports."""

ROLE_WORDS: dict[str, str] = {ROLE_RELATIONS[role]: word for role, word in ROLE_VI.items()}
"""Edge relation → the Vietnamese word."""


def section_key(section_id: str) -> str:
    """Return the node key of a section. Ví dụ: section_key("B.II.2.a") → "sec:B.II.2.a"."""
    return f"sec:{section_id}"


def issuer_key(name: str) -> str:
    """Return the node key of an issuer. Ví dụ: issuer_key("Thủ tướng Chính phủ") → "issuer:thu-tuong-chinh-phu"."""
    return f"issuer:{slug(name)}"


def load_plan(path: str | Path, *, as_of: date | None = None) -> Plan:
    """Return the plan of FILE: a plan .json is validated as is, any other document is extracted.

    Ví dụ: load_plan("out/ninh-thuan-2017-ttdn.json").document.issuer → "Ủy ban nhân dân tỉnh Ninh Thuận".
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        from pydantic import ValidationError

        from kehoach.pipeline.errors import InputError

        try:
            return Plan.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
        except ValidationError as exc:
            raise InputError(str(path), f"is not a kehoach plan JSON ({exc.error_count()} errors, first: "
                             f"{exc.errors()[0]['loc']} {exc.errors()[0]['msg']})") from None
    from kehoach.pipeline.run import extract_plan

    return extract_plan(path, as_of=as_of)


def _short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _deadline_label(task) -> str | None:
    return task.deadline.text if task.deadline else None


def build_graph(plan: Plan) -> nx.MultiDiGraph:
    """Return the responsibility graph of the plan (nodes and edges as in the module docstring).

    Ví dụ: for "Đơn vị chủ trì: Sở Nội vụ" under B.II.4, the graph has the edge
    ("so-noi-vu", "T:B.II.4:1", key="leads").
    """
    g = nx.MultiDiGraph(name=plan.source.file)
    doc = plan.document
    g.add_node(
        DOC,
        kind="document",
        label=" ".join(x for x in (doc.doc_type, doc.number_symbol) if x) or plan.source.file,
        doc_type=doc.doc_type,
        title=doc.title,
        number_symbol=doc.number_symbol,
        date=doc.date,
        issuer=doc.issuer,
        is_draft=doc.is_draft,
        source_file=plan.source.file,
    )
    for s in plan.sections:
        g.add_node(
            section_key(s.id),
            kind="section",
            label=f"{s.id} {_short(s.heading, 50)}",
            section_id=s.id,
            outline_label=s.label,
            marker=s.marker,
            level=s.level,
            heading=s.heading,
            parent_id=s.parent_id,
            line=s.line,
        )
        parent = section_key(s.parent_id) if s.parent_id else DOC
        g.add_edge(parent, section_key(s.id), key="contains", relation="contains")

    def add_unit(unit_id: str, name: str, **attrs) -> None:
        if unit_id in g:
            return
        base = dict(unit_id=unit_id, name=name, body_kind=None, admin_level=None, collective=False,
                    resolved_name=None, until=None, successors=[], aliases=[], in_plan=False)
        base.update(attrs)
        g.add_node(unit_id, kind="unit", label=name, **base)

    for u in plan.units:
        add_unit(u.id, u.name, body_kind=u.kind, admin_level=u.level, collective=u.collective,
                 resolved_name=u.resolved_name, until=u.until, successors=list(u.successors),
                 aliases=list(u.aliases), in_plan=True)

    for order, t in enumerate(plan.tasks):
        d = t.deadline
        g.add_node(
            t.id,
            kind="task",
            label=f"{t.section_id or 'kết luận'} · {_short(t.title)}",
            task_id=t.id,
            section_id=t.section_id,
            title=t.title,
            text=t.text,
            found_by=t.found_by,
            order=order,
            line=t.line,
            deadline=_deadline_label(t),
            due=d.due if d else None,
            start=d.start if d else None,
            recurrence=d.recurrence if d else None,
            ongoing=bool(d and d.ongoing),
            form=t.form,
            product=t.product,
            lead_units=list(t.lead_units),
            support_units=list(t.support_units),
        )
        parent = section_key(t.section_id) if t.section_id and section_key(t.section_id) in g else DOC
        g.add_edge(parent, t.id, key="contains", relation="contains")
        for a in t.assignments:
            rel = ROLE_RELATIONS[a.role]
            if not g.has_edge(a.unit_id, t.id, key=rel):
                add_unit(a.unit_id, a.text)  # a unit missing from `units` still gets a node
                g.add_edge(a.unit_id, t.id, key=rel, relation=rel, text=a.text, line=a.line)
        # lead_units/support_units without a written assignment (e.g. from a table) still count
        for rel, ids in (("leads", t.lead_units), ("supports", t.support_units)):
            for uid in ids:
                if not g.has_edge(uid, t.id, key=rel):
                    add_unit(uid, uid)
                    g.add_edge(uid, t.id, key=rel, relation=rel, text=None, line=t.line)

    for r in plan.legal_refs:
        g.add_node(
            r.id,
            kind="legal_ref",
            label=(" ".join(x for x in (r.doc_type, r.number_symbol) if x) if r.number_symbol else None)
            or r.title or (r.mentions[0].text if r.mentions else r.id),
            ref_id=r.id,
            doc_type=r.doc_type,
            number_symbol=r.number_symbol,
            family=r.family,
            date=r.date,
            issuer=r.issuer,
            title=r.title,
            is_basis=r.is_basis,
            mentions=len(r.mentions),
            pinpoints=list(r.pinpoints),
        )
        if r.is_basis:
            g.add_edge(DOC, r.id, key="legal_basis", relation="legal_basis")
    for t in plan.tasks:
        for rid in t.legal_ref_ids:
            if rid in g and not g.has_edge(t.id, rid, key="cites"):
                g.add_edge(t.id, rid, key="cites", relation="cites")

    issuers: dict[str, list[str]] = {}
    if doc.issuer:
        issuers.setdefault(doc.issuer, []).append(DOC)
    for r in plan.legal_refs:
        if r.issuer:
            issuers.setdefault(r.issuer, []).append(r.id)
    for name in sorted(issuers, key=issuer_key):
        key = issuer_key(name)
        g.add_node(key, kind="issuer", label=name, name=name)
        for target in issuers[name]:
            g.add_edge(key, target, key="issues", relation="issues")

    by_name = {u.name: u.id for u in plan.units}
    for u in plan.units:
        for name in u.successors:
            target = by_name.get(name) or slug(name)
            add_unit(target, name)
            g.add_edge(u.id, target, key="successor", relation="successor")
    return g


# ---------------------------------------------------------------- analyses


def _nodes(g: nx.MultiDiGraph, kind: str) -> list[str]:
    nodes = [n for n, k in g.nodes(data="kind") if k == kind]
    if kind == "task":
        nodes.sort(key=lambda n: g.nodes[n]["order"])
    return nodes


def _roles(g: nx.MultiDiGraph, task: str) -> dict[str, list[str]]:
    """relation → unit ids, in the order the edges were added (the order of writing)."""
    out: dict[str, list[str]] = {}
    for unit, _, rel in g.in_edges(task, data="relation"):
        if rel in ROLE_WORDS:
            out.setdefault(rel, []).append(unit)
    return out


@dataclass
class UnitLoad:
    """One unit's share of the plan."""

    unit_id: str
    name: str
    led: int = 0
    supported: int = 0
    other_roles: int = 0
    with_deadline: int = 0
    overdue: int | None = None
    overdue_tasks: list[str] = field(default_factory=list)


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def unit_workload(g: nx.MultiDiGraph, as_of: date | None = None) -> list[UnitLoad]:
    """Return each unit's load: tasks led, supported, in other roles, with a deadline, overdue.

    `with_deadline` counts the tasks it leads or supports that have a due date or a recurrence.
    `overdue` counts the tasks it leads (the lead unit answers for the date) whose due date is
    before `as_of`; it is None without `as_of`. Recurring and "thường xuyên" deadlines are never
    overdue. Sorted by tasks led, then supported, then name.

    Ví dụ: "Đơn vị chủ trì: Sở Thông tin và Truyền thông" under B.II.3 ("Trong 6 tháng cuối năm
    2017", due 2017-12-31) makes that task overdue for so-thong-tin-va-truyen-thong at 2018-01-15.
    """
    loads: list[UnitLoad] = []
    for unit in _nodes(g, "unit"):
        load = UnitLoad(unit, g.nodes[unit]["name"], overdue=0 if as_of else None)
        for _, task, rel in sorted(g.out_edges(unit, data="relation"), key=lambda e: g.nodes[e[1]].get("order", 0)):
            if rel not in ROLE_WORDS:
                continue
            t = g.nodes[task]
            if rel == "leads":
                load.led += 1
            elif rel == "supports":
                load.supported += 1
            else:
                load.other_roles += 1
            if rel in ("leads", "supports") and (t["due"] or t["recurrence"]):
                load.with_deadline += 1
            due = _as_date(t["due"])
            if as_of and rel == "leads" and due and not t["recurrence"] and due < as_of:
                load.overdue += 1
                load.overdue_tasks.append(task)
        if load.led or load.supported or load.other_roles:
            loads.append(load)
    loads.sort(key=lambda x: (-x.led, -x.supported, x.name))
    return loads


def tasks_without_lead(g: nx.MultiDiGraph) -> list[str]:
    """Return the ids of the tasks no unit leads (chủ trì), in document order.

    Ví dụ: "Thứ nhất, tiếp tục kiện toàn tổ chức …" (B.III.1) names no unit → "T:B.III.1:1".
    """
    return [t for t in _nodes(g, "task") if not _roles(g, t).get("leads")]


def tasks_with_several_leads(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Return task id → lead unit ids, for the tasks two or more units lead.

    Ví dụ: "Các Sở, ngành có liên quan và UBND cấp huyện, thành phố căn cứ …" (B.IV.3) → two leads.
    """
    out = {}
    for t in _nodes(g, "task"):
        leads = _roles(g, t).get("leads", [])
        if len(leads) >= 2:
            out[t] = leads
    return out


def support_only_units(g: nx.MultiDiGraph) -> list[str]:
    """Return the ids of units that support (phối hợp) at least one task and lead none, by name.

    Ví dụ: "Đơn vị phối hợp: Ban Tuyên giáo, Công an tỉnh" → "cong-an-tinh" (it leads nothing).
    """
    out = []
    for unit in _nodes(g, "unit"):
        rels = {rel for _, _, rel in g.out_edges(unit, data="relation")}
        if "supports" in rels and "leads" not in rels:
            out.append(unit)
    return sorted(out, key=lambda u: g.nodes[u]["name"])


@dataclass
class UnitPair:
    """Two units that take part (chủ trì or phối hợp) in the same tasks."""

    unit_a: str
    unit_b: str
    shared: int
    tasks: list[str]


def coordination_matrix(g: nx.MultiDiGraph) -> list[UnitPair]:
    """Return every pair of units that lead or support a task together, most shared tasks first.

    The pair is unordered (unit_a's name sorts first). A sparse list rather than a square matrix:
    a plan with 20 units has 190 cells, most of them empty.

    Ví dụ: B.II.2.b "Đơn vị chủ trì: Sở Thông tin và Truyền thông / Đơn vị phối hợp: Ban Tuyên
    giáo, Công an tỉnh" gives the pairs (Công an tỉnh, Sở Thông tin và Truyền thông) and others.
    """
    shared: dict[tuple[str, str], list[str]] = {}
    for t in _nodes(g, "task"):
        roles = _roles(g, t)
        units = sorted({u for rel in ("leads", "supports") for u in roles.get(rel, [])},
                       key=lambda u: (g.nodes[u]["name"], u))
        for i, a in enumerate(units):
            for b in units[i + 1:]:
                shared.setdefault((a, b), []).append(t)
    pairs = [UnitPair(a, b, len(ts), ts) for (a, b), ts in shared.items()]
    pairs.sort(key=lambda p: (-p.shared, g.nodes[p.unit_a]["name"], g.nodes[p.unit_b]["name"]))
    return pairs


@dataclass
class RefCitation:
    """How often a legal reference is cited."""

    ref_id: str
    label: str
    mentions: int
    tasks: list[str]
    is_basis: bool


def most_cited_refs(g: nx.MultiDiGraph, top: int | None = None) -> list[RefCitation]:
    """Return the legal references by number of mentions in the text, then tasks citing them.

    Ví dụ: "Chỉ thị số 26/CT-BTTTT ngày 21/6/2017" named five times in the sample comes first.
    """
    order = {n: i for i, n in enumerate(g.nodes)}
    out = []
    for r in _nodes(g, "legal_ref"):
        tasks = sorted((t for t, _, rel in g.in_edges(r, data="relation") if rel == "cites"),
                       key=lambda t: g.nodes[t]["order"])
        n = g.nodes[r]
        out.append(RefCitation(r, n["label"], n["mentions"], tasks, n["is_basis"]))
    out.sort(key=lambda c: (-c.mentions, -len(c.tasks), order[c.ref_id]))
    return out[:top] if top else out


@dataclass
class UnitTask:
    """One task in a unit's list."""

    task_id: str
    role: str
    title: str
    deadline: str | None


def unit_tasks(g: nx.MultiDiGraph) -> dict[str, list[UnitTask]]:
    """Return unit id → its tasks in document order, each with the unit's role (relation).

    Ví dụ: so-noi-vu → [UnitTask("T:B.II.4:1", "leads", "Tổ chức có hiệu quả phong trào thi đua …", None)].
    """
    out: dict[str, list[UnitTask]] = {}
    for unit in _nodes(g, "unit"):
        items = []
        for _, task, rel in g.out_edges(unit, data="relation"):
            if rel in ROLE_WORDS:
                t = g.nodes[task]
                items.append((t["order"], list(ROLE_WORDS).index(rel), UnitTask(task, rel, t["title"], t["deadline"])))
        if items:
            out[unit] = [x[2] for x in sorted(items, key=lambda x: (x[0], x[1]))]
    return out


def analyse(g: nx.MultiDiGraph, as_of: date | None = None) -> dict:
    """Return every analysis as one JSON-ready dict (the `kehoach graph --format json` output).

    Ví dụ: analyse(build_graph(plan), date(2018, 1, 15))["tasks_without_lead"][0] → "T:B.II.1:1".
    """
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "nodes": Counter(k for _, k in g.nodes(data="kind")),
        "edges": Counter(r for _, _, r in g.edges(data="relation")),
        "workload": [asdict(x) for x in unit_workload(g, as_of)],
        "tasks_without_lead": tasks_without_lead(g),
        "tasks_with_several_leads": tasks_with_several_leads(g),
        "support_only_units": support_only_units(g),
        "coordination": [asdict(x) for x in coordination_matrix(g)],
        "most_cited_refs": [asdict(x) for x in most_cited_refs(g)],
        "unit_tasks": {u: [asdict(x) for x in ts] for u, ts in unit_tasks(g).items()},
    }


# ---------------------------------------------------------------- command line


def _print_tables(g: nx.MultiDiGraph, as_of: date | None, out=None) -> None:
    """Print the analyses as tables with `rich` (plain text when the output is not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out or sys.stdout, width=None if out is None else 120)
    name = lambda n: g.nodes[n].get("label", n)  # noqa: E731
    doc = g.nodes[DOC]
    console.print(f"[bold]{doc['label']}[/bold] — {doc.get('issuer') or ''} {doc.get('date') or ''}".rstrip())
    kinds = Counter(k for _, k in g.nodes(data="kind"))
    console.print(", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + f"; {g.number_of_edges()} edges")

    t = Table(title=f"Khối lượng theo đơn vị (workload){' at ' + as_of.isoformat() if as_of else ''}")
    for col in ("Đơn vị", "chủ trì", "phối hợp", "khác", "có hạn", "quá hạn"):
        t.add_column(col, justify="left" if col == "Đơn vị" else "right")
    for x in unit_workload(g, as_of):
        t.add_row(x.name, str(x.led), str(x.supported), str(x.other_roles), str(x.with_deadline),
                  "–" if x.overdue is None else str(x.overdue))
    console.print(t)

    t = Table(title="Nhiệm vụ chưa có / có nhiều đơn vị chủ trì (lead problems)")
    t.add_column("Nhiệm vụ")
    t.add_column("Vấn đề")
    t.add_column("Nội dung")
    for task in tasks_without_lead(g):
        t.add_row(task, "không có chủ trì", _short(g.nodes[task]["title"], 70))
    for task, leads in tasks_with_several_leads(g).items():
        t.add_row(task, f"{len(leads)} chủ trì: " + "; ".join(name(u) for u in leads), _short(g.nodes[task]["title"], 70))
    console.print(t)

    only = support_only_units(g)
    console.print("[bold]Đơn vị chỉ phối hợp (support only):[/bold] " + ("; ".join(name(u) for u in only) or "—"))

    t = Table(title="Phối hợp giữa các đơn vị (coordination: shared tasks)")
    t.add_column("Đơn vị A")
    t.add_column("Đơn vị B")
    t.add_column("Số nhiệm vụ", justify="right")
    pairs = coordination_matrix(g)
    for p in pairs[:COORDINATION_ROWS]:
        t.add_row(name(p.unit_a), name(p.unit_b), str(p.shared))
    if len(pairs) > COORDINATION_ROWS:
        t.caption = f"… and {len(pairs) - COORDINATION_ROWS} more pairs (all of them with --format json)"
    console.print(t)

    t = Table(title="Văn bản được trích dẫn nhiều nhất (most cited references)")
    for col in ("Văn bản", "Lần nêu", "Nhiệm vụ", "Căn cứ"):
        t.add_column(col, justify="right" if col in ("Lần nêu",) else "left")
    for c in most_cited_refs(g):
        t.add_row(c.label, str(c.mentions), ", ".join(c.tasks) or "—", "✓" if c.is_basis else "")
    console.print(t)

    t = Table(title="Nhiệm vụ của từng đơn vị (each unit's tasks, in order)")
    t.add_column("Đơn vị")
    t.add_column("Vai trò")
    t.add_column("Nhiệm vụ")
    t.add_column("Thời hạn")
    for unit, items in unit_tasks(g).items():
        for i, x in enumerate(items):
            t.add_row(name(unit) if i == 0 else "", ROLE_WORDS[x.role], f"{x.task_id} {_short(x.title, 50)}", x.deadline or "")
        t.add_section()
    console.print(t)


def cmd_graph(args: argparse.Namespace) -> int:
    from kehoach.pipeline.errors import KehoachError

    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"kehoach: error: --as-of {args.as_of!r} is not a date; expected YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        plan = load_plan(args.file, as_of=as_of)
    except KehoachError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 1
    g = build_graph(plan)
    if args.format == "json":
        sys.stdout.write(json.dumps(analyse(g, as_of), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_tables(g, as_of)
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add `kehoach graph FILE [--as-of DATE] [--format text|json]`; return its parser.

    Ví dụ: kehoach graph samples/ninh-thuan-2017-ttdn.txt --as-of 2018-01-15
    """
    p = subparsers.add_parser(
        "graph",
        help="who leads and supports what: workload, lead problems, coordination, most cited references",
        description="Build the responsibility graph of a plan and print its analyses. FILE is any document "
        "kehoach reads, or a plan .json written by `kehoach extract`.",
    )
    p.add_argument("file", metavar="FILE", help="a document (.txt, .docx, .pdf, .doc) or a plan .json")
    p.add_argument("--as-of", metavar="DATE", help="count tasks led and past due at this date (YYYY-MM-DD)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="tables (default) or JSON")
    p.set_defaults(func=cmd_graph)
    return p
