"""The collection page of `kehoach serve --db`: search tasks across plans, open a plan's review page.

Plain HTML (a GET form and a table), styled by the review page's CSS; it works without script.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from kehoach.collection.db import CollectionError
from kehoach.collection.query import ROLES, api_message, find_tasks

PAGE_SIZE = 50
ROLE_LABELS = {"": "mọi vai trò (any role)", "lead": "chủ trì (lead)", "support": "phối hợp (support)",
               "advise": "tham mưu (advise)", "monitor": "theo dõi (monitor)", "report_to": "báo cáo (report to)"}


def _e(value) -> str:
    from kehoach.pipeline.report import _e as escape

    return escape(value)


def _form(values: dict[str, str]) -> str:
    options = "".join(f'<option value="{_e(k)}"{" selected" if values.get("role", "") == k else ""}>{_e(v)}</option>'
                      for k, v in ROLE_LABELS.items())
    return (
        '<form method="get" action="/collection" class="search" role="search" aria-label="Tìm nhiệm vụ (search tasks)">'
        f'<label>Đơn vị <span class="en">(unit)</span> <input name="unit" id="unit" value="{_e(values.get("unit", ""))}" '
        'placeholder="Sở Tài chính, UBND tỉnh …"></label> '
        f'<label>Vai trò <span class="en">(role)</span> <select name="role" id="role">{options}</select></label> '
        f'<label>Hạn từ ngày <span class="en">(due on or after)</span> <input type="date" name="due_after" id="due_after" '
        f'value="{_e(values.get("due_after", ""))}"></label> '
        f'<label>đến ngày <span class="en">(on or before)</span> <input type="date" name="due_before" id="due_before" '
        f'value="{_e(values.get("due_before", ""))}"></label> '
        f'<label>Từ khóa <span class="en">(words)</span> <input name="q" id="q" value="{_e(values.get("q", ""))}" '
        'placeholder="chuyen doi so"></label> '
        '<button type="submit" id="search">Tìm <span class="en">(search)</span></button></form>'
    )


def collection_page(con: sqlite3.Connection, params) -> tuple[str, int]:
    """The page for the query `params` (unit, role, due_after, due_before, q, offset); (HTML, status)."""
    from kehoach.pipeline.report import render_page

    values = {k: (params.get(k) or "").strip() for k in ("unit", "role", "due_after", "due_before", "q")}
    try:
        offset = max(0, int(params.get("offset") or 0))
    except ValueError:
        offset = 0
    plans = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    all_tasks = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    status, message, table, pager = 200, "", "", ""
    try:
        if values["role"] and values["role"] not in ROLES:
            raise CollectionError(f"role {values['role']}: expected one of {', '.join(ROLES)}")
        total, rows = find_tasks(con, unit=values["unit"] or None, role=values["role"] or None,
                                 due_before=values["due_before"] or None, due_after=values["due_after"] or None,
                                 q=values["q"] or None,
                                 limit=PAGE_SIZE, offset=offset)
    except CollectionError as exc:
        status, total, rows = 400, 0, []
        message = f'<div class="alert" role="alert" id="message">{_e(api_message(exc))}</div>'
    if not message:
        body_rows = "".join(
            "<tr>"
            f'<td><a href="/collection/plans/{r["plan_id"]}">{_e(r["number_symbol"] or r["file"].rsplit("/", 1)[-1])}</a>'
            f'<div class="note">{_e(r["file"])}, dòng {_e(r["line"])}</div></td>'
            f'<td>{_e(r["section"] or "")}</td><td>{_e(r["title"])}</td>'
            f'<td>{_e(", ".join(r["lead"]))}</td><td>{_e(", ".join(r["support"]))}</td>'
            f'<td>{_e(r["due"] or r["deadline"] or "")}</td>'
            + (f'<td>{_e(r.get("role", ""))}</td>' if values["unit"] else "")
            + "</tr>" for r in rows)
        head = ("<tr><th>Kế hoạch <span class=\"en\">(plan)</span></th><th>Mục</th><th>Nhiệm vụ <span class=\"en\">(task)</span></th>"
                "<th>Chủ trì</th><th>Phối hợp</th><th>Hạn <span class=\"en\">(due)</span></th>"
                + ("<th>Vai trò</th>" if values["unit"] else "") + "</tr>")
        shown = f"{offset + 1}–{offset + len(rows)}" if rows else "0"
        table = (f'<p id="count">{total} nhiệm vụ <span class="en">(tasks)</span>; hiển thị {shown}</p>'
                 f'<table id="results"><thead>{head}</thead><tbody>{body_rows}</tbody></table>')
        links = []
        query = {k: v for k, v in values.items() if v}
        if offset > 0:
            links.append(f'<a href="/collection?{_e(urlencode({**query, "offset": max(0, offset - PAGE_SIZE)}))}" rel="prev">← trước</a>')
        if offset + PAGE_SIZE < total:
            links.append(f'<a href="/collection?{_e(urlencode({**query, "offset": offset + PAGE_SIZE}))}" rel="next" id="next">sau →</a>')
        pager = f'<nav aria-label="trang">{" · ".join(links)}</nav>' if links else ""
    body = (
        '<header class="top"><p class="app">kehoach · Bộ sưu tập kế hoạch <span class="en">(collection)</span> · '
        '<a href="/">tải lên (upload)</a> · <a href="/api/openapi.json">API</a></p></header>'
        f'<main id="main"><h1>Nhiệm vụ trong {plans} kế hoạch <span class="en">({all_tasks} tasks in {plans} plans)</span></h1>'
        f"{_form(values)}{message}{table}{pager}</main>"
    )
    return render_page("kehoach — bộ sưu tập kế hoạch", body), status


def plan_review(con: sqlite3.Connection, plan_id: int) -> tuple[str, int]:
    """The review page of an indexed plan, made from its file (which must be unchanged since indexing)."""
    from pathlib import Path

    from kehoach.pipeline.read.base import file_sha256
    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.report import render_page, render_report

    row = con.execute("SELECT abspath, path, sha256 FROM documents WHERE id = ?", (plan_id,)).fetchone()
    if row is None:
        return render_page("kehoach", f'<main id="main"><p role="alert">Không có kế hoạch số {plan_id} (no such plan).</p>'
                                      '<p><a href="/collection">← bộ sưu tập</a></p></main>'), 404
    path = Path(row["abspath"])
    try:
        changed = file_sha256(path) != row["sha256"]
    except OSError:
        changed = True
    if changed:
        return render_page("kehoach", f'<main id="main"><p role="alert">{_e(row["path"])}: the file is gone or changed since it '
                                      "was indexed; run kehoach index again.</p>"
                                      '<p><a href="/collection">← bộ sưu tập</a></p></main>'), 410
    from kehoach.pipeline.report import plan_and_text

    try:
        plan, text = plan_and_text(path)
    except KehoachError as exc:
        return render_page("kehoach", f'<main id="main"><p role="alert">{_e(str(exc))}</p></main>'), 422
    banner = '<p class="noprint"><a href="/collection" id="back">← bộ sưu tập (collection)</a></p>'
    return render_report(plan, text, banner=banner), 200
