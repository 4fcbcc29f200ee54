"""The responsibility graph as GraphML (Gephi, yEd, networkx) and as node-link JSON (d3, networkx).

Both carry the graph of `kehoach.pipeline.graph.build_graph`, node keys being the plan's ids.
GraphML holds scalars only, so for it: lists are joined with "; " (a unit's aliases, a task's lead
units), None values are left out (GraphML has no null), and every attribute keeps the one type
the graph gives it (str, int or bool), so each GraphML key is declared once. Edge ids are the
relation ("leads", "supports", …), which networkx reads back as the edge key. Node-link JSON keeps
lists and nulls as they are.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kehoach.schemas import Plan

LIST_SEP = "; "


def _flat(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        out[k] = LIST_SEP.join(str(x) for x in v) if isinstance(v, (list, tuple)) else v
    return out


def flatten_for_graphml(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of `g` whose attributes are all scalars (str, int, bool), in the same order.

    Ví dụ: aliases ["Sở Thông tin và Truyền thông", "Sở TT&TT"] → "Sở Thông tin và Truyền thông; Sở TT&TT".
    """
    flat = nx.MultiDiGraph(**_flat(g.graph))
    for n, attrs in g.nodes(data=True):
        flat.add_node(n, **_flat(attrs))
    for u, v, k, attrs in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **_flat(attrs))
    return flat


def graph_to_graphml(g: nx.MultiDiGraph) -> bytes:
    """Return the graph as GraphML bytes (UTF-8).

    Ví dụ: <edge id="leads" source="so-noi-vu" target="T:B.II.4:1"><data key="d…">leads</data></edge>.
    """
    # the plain (non-lxml) writer: its output does not depend on whether lxml is installed
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True, named_key_ids=False)
    writer.add_graph_element(flatten_for_graphml(g))
    return str(writer).encode("utf-8")


def graph_to_node_link(g: nx.MultiDiGraph) -> str:
    """Return the graph as node-link JSON text (keys "nodes" and "edges"), ending in a newline.

    Ví dụ: {"source": "so-noi-vu", "target": "T:B.II.4:1", "key": "leads", "relation": "leads", …}.
    """
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_graphml(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.graphml and OUT/<stem>.graph.json.

    Ví dụ: export_graphml(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.graphml, out/ninh-thuan.graph.json].
    """
    from kehoach.pipeline.export import write_atomic
    from kehoach.pipeline.graph import build_graph

    g = build_graph(plan)
    out_dir = Path(out_dir)
    return [
        write_atomic(out_dir / f"{stem}.graphml", graph_to_graphml(g)),
        write_atomic(out_dir / f"{stem}.graph.json", graph_to_node_link(g)),
    ]
