"""The responsibility graph and its analyses (issue 6), checked against a hand count of the sample.

Hand count of samples/ninh-thuan-2017-ttdn.txt (UBND tỉnh Ninh Thuận, Kế hoạch triển khai Chỉ thị
26/CT-BTTTT), read without the program:

- Tasks: II.1; II.2.a–e (5); II.3; II.4; II.5; III "Thứ nhất" … "Thứ năm" (5); IV.1 has two
  paragraphs of duties (2); IV.2; IV.3; the closing request "yêu cầu các cơ quan, đơn vị báo cáo …
  trước ngày 30/11 hằng năm" → 1 + 5 + 3 + 5 + 2 + 2 + 1 = 19.
- Sở Thông tin và Truyền thông is "Đơn vị chủ trì" of II.2.b, II.2.d, II.2.e, II.3, II.5, and
  the unit heading of both IV.1 paragraphs → leads 7. It is "Đơn vị phối hợp" of II.2.a, II.2.c,
  II.4, and IV.2 says "Phối hợp với Sở Thông tin và Truyền thông" → supports 4. The closing request
  reports to it → 1 other role.
- Sở Nội vụ leads II.4 only (1); Sở Tài chính leads IV.2 only (1); Sở Kế hoạch và Đầu tư leads
  II.2.c only (1); Sở Văn hóa, Thể thao và Du lịch leads II.2.a only (1).
- No lead: II.1 (no "Đơn vị chủ trì" line) and the five "Thứ …" items of III → 6.
- Two leads: IV.3 "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố" → 1.
- Only support: Công an tỉnh (II.2.b), Báo Ninh Thuận, Đài Phát thanh và Truyền hình, Cổng Thông
  tin điện tử tỉnh (all three in II.3), Ủy ban nhân dân tỉnh (II.2.c).
- Shared tasks: Sở TT&TT with Công an tỉnh 1 (II.2.b); with Sở Nội vụ 1 (II.4); with Sở Tài chính
  1 (IV.2); with Sở KH&ĐT 1 (II.2.c); with "Ban Tuyên giáo" 3 (II.2.b, II.3, and IV.1, which
  names it "Ban Tuyên giáo tỉnh ủy": the same body of the province).
- References: "Chỉ thị số 26/CT-BTTTT" is written 5 times (subject line, "Thực hiện", "ban hành
  Kế hoạch triển khai", I.1, the closing paragraph); "Thông tư số 22/2016/TT-BTTTT" 2 times (II.1,
  II.2.e); every other reference once.
- Only II.3 has a due date ("Trong 6 tháng cuối năm 2017" → 31/12/2017), led by Sở TT&TT.
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest

from kehoach.pipeline.graph import (
    build_graph,
    coordination_matrix,
    load_plan,
    most_cited_refs,
    register,
    support_only_units,
    tasks_with_several_leads,
    tasks_without_lead,
    unit_tasks,
    unit_workload,
)
from kehoach.pipeline.run import extract_plan

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ninh-thuan-2017-ttdn.txt"


@pytest.fixture(scope="module")
def plan():
    return extract_plan(SAMPLE)


@pytest.fixture(scope="module")
def graph(plan):
    return build_graph(plan)


@pytest.fixture(scope="module")
def uid(plan):
    """Unit name → id, so the tests read like the document."""
    ids = {u.name: u.id for u in plan.units}
    return lambda name: ids[name]


TTTT = "Sở Thông tin và Truyền thông"


# --- the graph itself ---------------------------------------------------------------------


def test_nodes_use_the_plan_ids(plan, graph):
    kinds = {k for _, k in graph.nodes(data="kind")}
    assert kinds == {"document", "section", "task", "unit", "legal_ref", "issuer"}
    assert "doc" in graph
    assert all(f"sec:{s.id}" in graph for s in plan.sections)
    assert all(t.id in graph for t in plan.tasks)
    assert all(u.id in graph for u in plan.units)
    assert all(r.id in graph for r in plan.legal_refs)
    assert graph.nodes["issuer:uy-ban-nhan-dan-tinh-ninh-thuan"]["kind"] == "issuer"


def test_edges_follow_the_issue(plan, graph, uid):
    assert graph.has_edge("sec:B.II.4", "T:B.II.4:1", key="contains")
    assert graph.has_edge("sec:B.II", "sec:B.II.4", key="contains")
    assert graph.has_edge("doc", "sec:A", key="contains")
    assert graph.has_edge("doc", "T:end:1", key="contains")  # the closing request stands in no section
    assert graph.has_edge(uid("Sở Nội vụ"), "T:B.II.4:1", key="leads")
    assert graph.has_edge(uid(TTTT), "T:B.II.4:1", key="supports")
    assert graph.has_edge(uid(TTTT), "T:end:1", key="receives_report")
    assert graph.has_edge("T:B.II.4:1", "ref:1310/HD-SNV", key="cites")
    assert graph.has_edge("doc", "ref:26/CT-BTTTT", key="legal_basis")
    assert graph.has_edge("issuer:thu-tuong-chinh-phu", "ref:252/QĐ-TTg", key="issues")
    assert graph.has_edge("issuer:uy-ban-nhan-dan-tinh-ninh-thuan", "doc", key="issues")
    # every edge's key is its relation
    assert all(k == d["relation"] for _, _, k, d in graph.edges(keys=True, data=True))


def test_attributes_keep_one_type_per_name(graph):
    types: dict[str, set[type]] = {}
    for _, data in graph.nodes(data=True):
        for k, v in data.items():
            if v is not None:
                types.setdefault(k, set()).add(type(v))
    assert {k: t for k, t in types.items() if len(t) > 1} == {}


def test_successor_edges_from_reorganisation():
    from kehoach.schemas import Plan

    plan = Plan.model_validate({
        "generator": "test", "source": {"file": "x.txt", "format": "txt", "sha256": "0", "characters": 0, "encoding": "utf-8"},
        "document": {},
        "units": [{"id": "so-ke-hoach-va-dau-tu", "name": "Sở Kế hoạch và Đầu tư", "kind": "department",
                   "until": "2025-02-28", "successors": ["Sở Tài chính"]}],
    })
    g = build_graph(plan)
    assert g.has_edge("so-ke-hoach-va-dau-tu", "so-tai-chinh", key="successor")
    assert g.nodes["so-tai-chinh"]["in_plan"] is False


# --- analyses against the hand count --------------------------------------------------------


def test_task_count(graph):
    assert sum(1 for _, k in graph.nodes(data="kind") if k == "task") == 19


def test_workload_matches_hand_count(graph, uid):
    loads = {x.unit_id: x for x in unit_workload(graph, as_of=date(2018, 1, 15))}
    tttt = loads[uid(TTTT)]
    assert (tttt.led, tttt.supported, tttt.other_roles) == (7, 4, 1)
    assert tttt.overdue == 1 and tttt.overdue_tasks == ["T:B.II.3:1"]
    for name in ("Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Văn hóa, Thể thao và Du lịch"):
        assert (loads[uid(name)].led, loads[uid(name)].supported) == (1, 0), name
    assert unit_workload(graph)[0].unit_id == uid(TTTT)  # the busiest unit comes first


def test_overdue_depends_on_as_of(graph, uid):
    at = lambda d: {x.unit_id: x.overdue for x in unit_workload(graph, as_of=d)}[uid(TTTT)]  # noqa: E731
    assert at(date(2017, 12, 31)) == 0  # due that day: not yet overdue
    assert at(date(2018, 1, 1)) == 1
    assert {x.overdue for x in unit_workload(graph)} == {None}


def test_lead_problems(graph, uid):
    assert tasks_without_lead(graph) == ["T:B.II.1:1"] + [f"T:B.III.{i}:1" for i in range(1, 6)]
    several = tasks_with_several_leads(graph)
    assert list(several) == ["T:B.IV.3:1"]
    assert len(several["T:B.IV.3:1"]) == 2


def test_support_only_units(graph, uid):
    only = set(support_only_units(graph))
    for name in ("Công an tỉnh", "Báo Ninh Thuận", "Đài Phát thanh và Truyền hình",
                 "Cổng Thông tin điện tử tỉnh", "Ủy ban nhân dân tỉnh"):
        assert uid(name) in only, name
    assert uid(TTTT) not in only and uid("Sở Nội vụ") not in only


def test_coordination_matrix(graph, uid):
    pairs = {frozenset((p.unit_a, p.unit_b)): p for p in coordination_matrix(graph)}
    shared = lambda a, b: pairs[frozenset((uid(a), uid(b)))].shared  # noqa: E731
    assert shared(TTTT, "Công an tỉnh") == 1
    assert pairs[frozenset((uid(TTTT), uid("Công an tỉnh")))].tasks == ["T:B.II.2.b:1"]
    assert shared(TTTT, "Sở Nội vụ") == 1
    assert shared(TTTT, "Sở Tài chính") == 1
    assert shared(TTTT, "Sở Kế hoạch và Đầu tư") == 1
    # B.II.2.b and B.II.3 name "Ban Tuyên giáo", B.IV.1 "Ban Tuyên giáo tỉnh ủy": one body, three tasks.
    assert shared(TTTT, "Ban Tuyên giáo") == 3
    counts = [p.shared for p in coordination_matrix(graph)]
    assert counts == sorted(counts, reverse=True)


def test_most_cited_refs(graph):
    top = most_cited_refs(graph, top=2)
    assert [(c.ref_id, c.mentions) for c in top] == [("ref:26/CT-BTTTT", 5), ("ref:22/2016/TT-BTTTT", 2)]
    assert top[0].is_basis
    assert top[1].tasks == ["T:B.II.1:1", "T:B.II.2.e:1"]
    assert all(c.mentions == 1 for c in most_cited_refs(graph)[2:])


def test_unit_tasks_in_document_order(graph, uid):
    tasks = unit_tasks(graph)[uid(TTTT)]
    assert [(t.task_id, t.role) for t in tasks] == [
        ("T:B.II.2.a:1", "supports"), ("T:B.II.2.b:1", "leads"), ("T:B.II.2.c:1", "supports"),
        ("T:B.II.2.d:1", "leads"), ("T:B.II.2.e:1", "leads"), ("T:B.II.3:1", "leads"),
        ("T:B.II.4:1", "supports"), ("T:B.II.5:1", "leads"), ("T:B.IV.1:1", "leads"),
        ("T:B.IV.1:2", "leads"), ("T:B.IV.2:1", "supports"), ("T:end:1", "receives_report"),
    ]


# --- command line -------------------------------------------------------------------------------


def _parser():
    parser = argparse.ArgumentParser(prog="kehoach")
    register(parser.add_subparsers())
    return parser


def test_cli_json(capsys, uid):
    args = _parser().parse_args(["graph", str(SAMPLE), "--as-of", "2018-01-15", "--format", "json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2018-01-15"
    assert out["nodes"]["task"] == 19
    assert out["workload"][0]["unit_id"] == uid(TTTT) and out["workload"][0]["overdue"] == 1
    assert out["tasks_with_several_leads"] == {"T:B.IV.3:1": out["tasks_with_several_leads"]["T:B.IV.3:1"]}


def test_cli_text_reads_plan_json(tmp_path, plan, capsys):
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    assert load_plan(path) == plan
    args = _parser().parse_args(["graph", str(path)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Sở Thông tin và Truyền thông" in out and "T:B.IV.3:1" in out and "26/CT-BTTTT" in out


def test_cli_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a plan"}', encoding="utf-8")
    args = _parser().parse_args(["graph", str(bad)])
    assert args.func(args) == 1
    assert "bad.json" in capsys.readouterr().err
    args = _parser().parse_args(["graph", str(bad), "--as-of", "15/01/2018"])
    assert args.func(args) == 2
