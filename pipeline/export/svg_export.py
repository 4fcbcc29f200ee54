"""A picture of the responsibility graph, as SVG and PNG (matplotlib).

Layout, read from left to right: the units (đơn vị) in a column on the left, busiest first, each
with "chủ trì / phối hợp" counts; the tasks on the right in document order, grouped under the
part of the plan they stand in ("II. CÁC NỘI DUNG TRIỂN KHAI"); curves between them. A lead edge
(chủ trì) is a thick solid curve in the lead unit's colour, a support edge (phối hợp) a thin
dashed grey curve, a report edge (nhận báo cáo) dotted. A task no unit leads has a hollow red
marker and says so.

Why matplotlib and not hand-written SVG: one layout gives both files; matplotlib ships DejaVu Sans,
which has every precomposed Vietnamese letter (ế, ộ, ữ …), so the labels do not depend on the
fonts of the machine; and with ``svg.fonttype = "path"`` the SVG carries the glyph outlines, so it
looks the same in any browser or in Inkscape (the price: its text cannot be selected; every label
is in a group whose id is the node's id, so the plan's ids can still be found in the file).
Determinism: a fixed ``svg.hashsalt``, no date in the metadata, a fixed DPI; settings are applied
through `rc_context`, never globally.
"""
from __future__ import annotations

import io
import textwrap
from pathlib import Path

from kehoach.schemas import Plan, Section, Task

FONT = "DejaVu Sans"
DPI = 110
ROW_IN = 0.30
"""Height of one row (unit or task), inches."""
WIDTH_IN = 17.0
TASK_CHARS = 82
"""Task labels, with their section id and any "chưa có chủ trì" note, are cut to this many
characters so they stop before the deadline column (the whole text is in the other exports)."""
GROUP_CHARS = 78
DEADLINE_CHARS = 30
NO_LEAD_NOTE = "  — chưa có chủ trì"
UNIT_CHARS = 42

LEAD_STYLE = dict(linestyle="-", linewidth=1.8, alpha=0.85)
SUPPORT_STYLE = dict(linestyle=(0, (4, 3)), linewidth=0.8, alpha=0.55, color="#7a7a7a")
REPORT_STYLE = dict(linestyle=(0, (1, 2)), linewidth=1.0, alpha=0.8, color="#444444")
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#637939", "#843c39")
"""Lead-unit colours, given out in the order of the unit column."""

X_UNIT = 0.33
X_TASK = 0.52


def _short(text: str, limit: int) -> str:
    """Cut at a word boundary: "đường lối" never becomes "đường l…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _group_of(task: Task, sections: dict[str, Section]) -> str | None:
    sid, chain = task.section_id, []
    while sid is not None and sid in sections:
        chain.append(sections[sid])
        sid = sections[sid].parent_id
    chain.reverse()
    return chain[min(1, len(chain) - 1)].id if chain else None


def _layout(plan: Plan):
    """Rows of the two columns: units (busiest first) and tasks with group headings."""
    from kehoach.pipeline.graph import build_graph, unit_workload

    loads = unit_workload(build_graph(plan))
    units = [(x.unit_id, x.name, x.led, x.supported) for x in loads]
    sections = {s.id: s for s in plan.sections}
    rows: list[tuple[str, object]] = []  # ("group", title) | ("task", Task)
    current: object = object()
    for task in plan.tasks:
        group = _group_of(task, sections)
        if group != current:
            current = group
            s = sections.get(group) if group else None
            rows.append(("group", f"{s.label}. {s.heading}" if s else "Yêu cầu chung (kết luận)"))
        rows.append(("task", task))
    return units, rows


def _curve(ax, x1, y1, x2, y2, **style):
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    mid = (x1 + x2) / 2
    path = MPath([(x1, y1), (mid, y1), (mid, y2), (x2, y2)],
                 [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4])
    ax.add_patch(PathPatch(path, fill=False, capstyle="round", **style))


def draw_figure(plan: Plan):
    """Return the matplotlib Figure of the plan's graph (not attached to pyplot).

    Ví dụ: "Đơn vị chủ trì: Sở Nội vụ" under B.II.4 → a thick curve from "Sở Nội vụ" to
    "B.II.4  Tổ chức có hiệu quả phong trào thi đua …".
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    units, rows = _layout(plan)
    n = max(len(units), len(rows), 1)
    doc = plan.document
    title = " ".join(x for x in (doc.doc_type, doc.number_symbol) if x) or plan.source.file
    subtitle_lines = textwrap.wrap(doc.title or "", 150)[:3]
    head_in = 0.9 + 0.22 * len(subtitle_lines)
    height = head_in + n * ROW_IN + 0.5
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(height, 0)  # y in inches from the top
    ax.axis("off")

    ax.text(0.01, 0.35, title, fontsize=14, fontweight="bold", va="center")
    for i, line in enumerate(subtitle_lines):
        ax.text(0.01, 0.62 + 0.22 * i, line, fontsize=9.5, va="center", color="#333333")
    legend = [
        Line2D([], [], color=PALETTE[0], **LEAD_STYLE, label="chủ trì (lead)"),
        Line2D([], [], **SUPPORT_STYLE, label="phối hợp (support)"),
        Line2D([], [], **REPORT_STYLE, label="nhận báo cáo (receives report)"),
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="#d62728",
               markersize=7, label="chưa có đơn vị chủ trì (no lead)"),
    ]
    fig.legend(handles=legend, loc="upper right", bbox_to_anchor=(0.995, 1 - 0.08 / height), ncol=2,
               fontsize=9, frameon=False)
    top = head_in + 0.1
    ax.text(0.012, top - 0.12, "chủ trì / phối hợp", fontsize=8.5, va="bottom", color="#555555")
    ax.text(X_UNIT - 0.012, top - 0.12, "ĐƠN VỊ", fontsize=9.5, fontweight="bold",
            ha="right", va="bottom", color="#333333")
    ax.text(0.995, top - 0.12, "THỜI HẠN", fontsize=9.5, fontweight="bold", ha="right", va="bottom",
            color="#333333")
    ax.text(X_TASK + 0.008, top - 0.12, "NHIỆM VỤ  (theo mục của văn bản)", fontsize=9.5, fontweight="bold",
            va="bottom", color="#333333")

    unit_y: dict[str, float] = {}
    colour: dict[str, str] = {}
    for i, (uid, name, led, supported) in enumerate(units):
        y = top + (i + 0.5) * ROW_IN
        unit_y[uid] = y
        if led:
            colour[uid] = PALETTE[len(colour) % len(PALETTE)]
        c = colour.get(uid, "#7a7a7a")
        t = ax.text(X_UNIT - 0.012, y, _short(name, UNIT_CHARS), fontsize=9.5, ha="right", va="center",
                    fontweight="bold" if led else "normal", color="#111111" if led else "#444444")
        t.set_gid(f"unit:{uid}")
        ax.text(0.012, y, f"{led} / {supported}", fontsize=8.5, ha="left", va="center", color="#555555")
        ax.plot([X_UNIT], [y], marker="o", markersize=6.5, color=c, zorder=3)

    task_y: dict[str, float] = {}
    for i, (kind, item) in enumerate(rows):
        y = top + (i + 0.5) * ROW_IN
        if kind == "group":
            ax.text(X_TASK - 0.01, y + 0.04, _short(str(item), GROUP_CHARS), fontsize=9.5, fontweight="bold",
                    va="center", color="#1a3d6d")
            continue
        task: Task = item  # type: ignore[assignment]
        task_y[task.id] = y
        no_lead = not task.lead_units
        ax.plot([X_TASK], [y], marker="o", markersize=6.5, zorder=3,
                markerfacecolor="white" if no_lead else colour.get(task.lead_units[0], "#333333"),
                markeredgecolor="#d62728" if no_lead else colour.get(task.lead_units[0], "#333333"))
        where = task.section_id or "kết luận"
        note = NO_LEAD_NOTE if no_lead else ""
        label = f"{where}  " + _short(task.title, TASK_CHARS - len(where) - 2 - len(note)) + note
        t = ax.text(X_TASK + 0.01, y, label, fontsize=9, va="center",
                    color="#b22222" if no_lead else "#111111")
        t.set_gid(f"task:{task.id}")
        if task.deadline is not None:
            ax.text(0.995, y, _short(task.deadline.text, DEADLINE_CHARS), fontsize=8, ha="right", va="center",
                    color="#555555", style="italic")

    # supports first, so lead curves are drawn on top of them
    for role_order in ("support", "report_to", "lead"):
        for task in plan.tasks:
            for a in task.assignments:
                if a.role != role_order or a.unit_id not in unit_y or task.id not in task_y:
                    continue
                if a.role == "lead":
                    style = dict(LEAD_STYLE, color=colour.get(a.unit_id, PALETTE[0]))
                elif a.role == "support":
                    style = SUPPORT_STYLE
                else:
                    style = REPORT_STYLE
                _curve(ax, X_UNIT + 0.006, unit_y[a.unit_id], X_TASK - 0.006, task_y[task.id], **style)
    ax.text(0.01, height - 0.2, f"{plan.source.file} · {plan.generator} · {len(plan.tasks)} nhiệm vụ, "
            f"{len(units)} đơn vị", fontsize=8, color="#777777", va="center")
    return fig


def _render(plan: Plan, fmt: str) -> bytes:
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - depends on the install
        from kehoach.pipeline.errors import KehoachError

        raise KehoachError("the svg format needs matplotlib: pip install matplotlib") from None
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    settings = {"svg.hashsalt": "kehoach", "svg.fonttype": "path", "font.family": FONT,
                "path.simplify": False}
    with matplotlib.rc_context(settings):
        fig = draw_figure(plan)
        FigureCanvasAgg(fig)
        buf = io.BytesIO()
        metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def plan_to_svg(plan: Plan) -> bytes:
    """Return the picture as SVG bytes. Ví dụ: plan_to_svg(plan).startswith(b"<?xml")."""
    return _render(plan, "svg")


def plan_to_png(plan: Plan) -> bytes:
    """Return the picture as PNG bytes. Ví dụ: plan_to_png(plan)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"."""
    return _render(plan, "png")


def export_svg(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write OUT/<stem>.graph.svg and OUT/<stem>.graph.png.

    Ví dụ: export_svg(plan, Path("out"), "ninh-thuan") → [out/ninh-thuan.graph.svg, out/ninh-thuan.graph.png].
    """
    from kehoach.pipeline.export import write_atomic

    out_dir = Path(out_dir)
    return [
        write_atomic(out_dir / f"{stem}.graph.svg", plan_to_svg(plan)),
        write_atomic(out_dir / f"{stem}.graph.png", plan_to_png(plan)),
    ]
