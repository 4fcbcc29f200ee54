"""Queries over the collection: `kehoach tasks`, `kehoach cites`, `kehoach units`.

The functions return plain rows (lists of dicts, in a fixed order), shared by the command line
and the web API; `emit` prints them as a table, JSON or CSV.

Unit names match in any form the unit registry knows: the query goes through the same steps as a
unit in a document (tone marks normalised, "UBND" → "Ủy ban nhân dân", registry aliases such as
"Sở TT&TT"), then matches
- the registry body it names, in every plan, whatever locality the plan adds to it ("Sở Tài chính"
  finds "Sở Tài chính tỉnh Bắc Ninh" and "Sở Tài chính" of a provincial plan), when the query
  names no place;
- a name the document wrote (name, an alias, or the name resolved from the plan's context),
  compared without diacritics or case ("so tai chinh" works too).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kehoach.collection.db import CollectionError, connect_readonly, fold_text, fts_query, symbol_key

ROLES = ("lead", "support", "advise", "monitor", "report_to")


@dataclass(frozen=True)
class UnitQuery:
    text: str
    ids: tuple[str, ...]     # unit ids the query stands for (slugs of its canonical forms)
    base: str | None         # the registry body, when the query names one without a place
    forms: tuple[str, ...]   # folded written forms


def unit_query(text: str) -> UnitQuery:
    """Read a unit name typed by a user as the extractor reads one in a document.

    Ví dụ: unit_query("UBND tỉnh").ids == ("uy-ban-nhan-dan-tinh",); unit_query("Sở TT&TT").base ==
    "so-thong-tin-va-truyen-thong"; unit_query("Uỷ ban nhân dân tỉnh").ids == unit_query("Ủy ban nhân dân tỉnh").ids.
    """
    from kehoach.extractors.units import canonical_form, name_parts, registry_entry, slug
    from kehoach.pipeline.normalize import normalize

    written, _ = normalize(" ".join(text.split()))
    canonical = canonical_form(written)
    entry = registry_entry(canonical)
    ids = {slug(canonical)}
    base = None
    if entry is not None:
        ids.add(slug(entry["name"]))
        base = slug(entry["name"])
    else:
        parts = name_parts(canonical)
        if parts.entry is not None and parts.place is None and not parts.word:
            base = slug(parts.entry["name"])
    forms = {" ".join(fold_text(f).split()) for f in (written, canonical, *( [entry["name"], *entry.get("aliases", [])] if entry else []))}
    return UnitQuery(text, tuple(sorted(ids)), base, tuple(sorted(forms)))


def _unit_clause(q: UnitQuery, alias: str = "a") -> tuple[str, list]:
    """SQL condition on `alias`.doc_id / `alias`.unit_id for the units `q` stands for."""
    ids = ",".join("?" * len(q.ids))
    forms = ",".join("?" * len(q.forms))
    clause = (f"({alias}.unit_id IN ({ids}) OR EXISTS (SELECT 1 FROM unit_forms f WHERE f.doc_id = {alias}.doc_id "
              f"AND f.unit_id = {alias}.unit_id AND f.form IN ({forms}))")
    params: list = [*q.ids, *q.forms]
    if q.base:
        clause += (f" OR EXISTS (SELECT 1 FROM units u WHERE u.doc_id = {alias}.doc_id AND u.unit_id = {alias}.unit_id "
                   "AND u.base_id = ?)")
        params.append(q.base)
    return clause + ")", params


def api_message(error: Exception) -> str:
    """An error about a command-line option, worded with the web API's parameter names."""
    text = str(error)
    for option, param in (("--due-before", "due_before"), ("--due-after", "due_after"), ("--role", "role"), ("--q", "q")):
        text = text.replace(option, param)
    return text


def check_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CollectionError(f"{name} {value}: expected a date YYYY-MM-DD") from None


def find_tasks(con: sqlite3.Connection, *, unit: str | None = None, role: str | None = None,
               due_before: str | None = None, due_after: str | None = None, q: str | None = None, limit: int | None = None,
               offset: int = 0) -> tuple[int, list[dict]]:
    """Tasks across plans, with the filters of `kehoach tasks`; return (total, rows of this page).

    `unit` keeps the tasks where that unit has a role (`role`: only that one); `due_before` the
    tasks due on or before the date, `due_after` on or after it (both: a period, such as this month); `q` the tasks whose text holds every word, in any diacritics.
    Rows are ordered by file path, then line.
    """
    due_before = check_date(due_before, "--due-before")
    due_after = check_date(due_after, "--due-after")
    if role is not None and role not in ROLES:
        raise CollectionError(f"--role {role}: expected one of {', '.join(ROLES)}")
    where, params = [], []
    if unit:
        uq = unit_query(unit)
        clause, p = _unit_clause(uq)
        role_sql = " AND a.role = ?" if role else ""
        where.append(f"t.id IN (SELECT a.task FROM assignments a WHERE {clause}{role_sql})")
        params += p + ([role] if role else [])
    elif role:
        where.append("t.id IN (SELECT a.task FROM assignments a WHERE a.role = ?)")
        params.append(role)
    if due_before:
        where.append("t.due IS NOT NULL AND t.due <= ?")
        params.append(due_before)
    if due_after:
        where.append("t.due IS NOT NULL AND t.due >= ?")
        params.append(due_after)
    if q:
        match = fts_query(q)
        if match is None:
            raise CollectionError(f"--q {q!r}: holds no word to search for")
        where.append("t.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH ?)")
        params.append(match)
    sql_where = " WHERE " + " AND ".join(where) if where else ""
    total = con.execute(f"SELECT count(*) FROM tasks t{sql_where}", params).fetchone()[0]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = con.execute(
        "SELECT t.id AS row, d.id AS plan_id, d.path, d.number_symbol, d.doc_type, t.task_id, t.section_id, t.line, t.title, "
        "t.text, t.deadline_text, t.due, t.recurrence, t.ongoing "
        f"FROM tasks t JOIN documents d ON d.id = t.doc_id{sql_where} ORDER BY d.path, t.line, t.task_id{page}", params).fetchall()
    out = []
    uq = unit_query(unit) if unit else None
    assigned: dict[int, list[sqlite3.Row]] = {}
    roles: dict[int, list[str]] = {}
    ids = [r["row"] for r in rows]
    for i in range(0, len(ids), 500):  # one query per 500 tasks, not one per task
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for x in con.execute(
                "SELECT a.task, a.unit_id, a.role, un.name FROM assignments a "
                "LEFT JOIN units un ON un.doc_id = a.doc_id AND un.unit_id = a.unit_id "
                f"WHERE a.task IN ({marks}) ORDER BY a.task, a.rowid", chunk):
            assigned.setdefault(x["task"], []).append(x)
        if uq is not None:
            clause, p = _unit_clause(uq)
            for x in con.execute(f"SELECT DISTINCT a.task, a.role FROM assignments a WHERE a.task IN ({marks}) AND {clause} "
                                 "ORDER BY a.task, a.role", [*chunk, *p]):
                roles.setdefault(x["task"], []).append(x["role"])
    for r in rows:
        mine = assigned.get(r["row"], [])
        lead = _unique(x["name"] or x["unit_id"] for x in mine if x["role"] == "lead")
        support = _unique(x["name"] or x["unit_id"] for x in mine if x["role"] == "support")
        item = {"plan_id": r["plan_id"], "file": r["path"], "number_symbol": r["number_symbol"], "task_id": r["task_id"],
                "section": r["section_id"], "line": r["line"], "title": r["title"], "lead": lead, "support": support,
                "deadline": r["deadline_text"], "due": r["due"]}
        if uq is not None:
            item["role"] = ",".join(roles.get(r["row"], []))
        out.append(item)
    return total, out


def _unique(values) -> list[str]:
    seen: list[str] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def find_cites(con: sqlite3.Connection, symbol: str) -> list[dict]:
    """Every plan that cites the document `symbol` (số ký hiệu, in any spelling), with how it is cited
    and where: one row per mention (file, section, line)."""
    key = symbol_key(symbol)
    rows = con.execute(
        "SELECT DISTINCT d.id AS plan_id, d.path, d.number_symbol AS plan_symbol, r.number_symbol, r.doc_type, r.date, r.issuer, r.title, "
        "r.is_basis, m.line, m.section_id, s.heading FROM legal_refs r JOIN documents d ON d.id = r.doc_id "
        "LEFT JOIN ref_mentions m ON m.ref = r.id "
        "LEFT JOIN sections s ON s.doc_id = r.doc_id AND s.section_id = m.section_id "
        "WHERE r.symbol_key = ? ORDER BY d.path, m.line, m.section_id", (key,)).fetchall()
    return [{"plan_id": r["plan_id"], "file": r["path"], "plan_number_symbol": r["plan_symbol"], "cited_as": r["number_symbol"],
             "doc_type": r["doc_type"], "date": r["date"], "issuer": r["issuer"], "title": r["title"],
             "is_basis": bool(r["is_basis"]), "section": r["section_id"], "section_heading": r["heading"], "line": r["line"]}
            for r in rows]


def unit_workload(con: sqlite3.Connection, *, unit: str | None = None, limit: int | None = None,
                  offset: int = 0) -> tuple[int, list[dict]]:
    """Workload per unit across plans: plans it appears in, tasks it leads, supports, and of those
    the tasks with a due date. Units are grouped by id (one canonical name); most tasks led first."""
    where, params = "", []
    if unit:
        clause, params = _unit_clause(unit_query(unit), "un")
        where = f" WHERE {clause}"
    base = (
        "SELECT un.unit_id, min(un.name) AS name, count(DISTINCT un.doc_id) AS plans, "
        "(SELECT count(DISTINCT a.task) FROM assignments a WHERE a.unit_id = un.unit_id AND a.role = 'lead') AS lead, "
        "(SELECT count(DISTINCT a.task) FROM assignments a WHERE a.unit_id = un.unit_id AND a.role = 'support') AS support, "
        "(SELECT count(DISTINCT a.task) FROM assignments a JOIN tasks t ON t.id = a.task "
        " WHERE a.unit_id = un.unit_id AND a.role IN ('lead', 'support') AND t.due IS NOT NULL) AS with_due "
        f"FROM units un{where} GROUP BY un.unit_id")
    total = con.execute(f"SELECT count(*) FROM ({base})", params).fetchone()[0]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = con.execute(f"SELECT * FROM ({base}) ORDER BY lead DESC, support DESC, unit_id{page}", params).fetchall()
    return total, [dict(r) for r in rows]


def list_plans(con: sqlite3.Connection, *, limit: int | None = None, offset: int = 0) -> tuple[int, list[dict]]:
    total = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = con.execute(
        "SELECT id AS plan_id, path AS file, sha256, doc_type, title, number_symbol, date, issuer, is_draft, "
        f"n_tasks AS tasks, n_refs AS legal_refs, n_findings AS findings FROM documents ORDER BY path{page}").fetchall()
    return total, [{**dict(r), "is_draft": bool(r["is_draft"])} for r in rows]


def list_refs(con: sqlite3.Connection, *, symbol: str | None = None, limit: int | None = None,
              offset: int = 0) -> tuple[int, list[dict]]:
    """Documents cited across plans, one row per normalised số ký hiệu: how many plans cite it and
    the forms they give it."""
    where, params = " WHERE symbol_key IS NOT NULL", []
    if symbol:
        where += " AND symbol_key = ?"
        params.append(symbol_key(symbol))
    total = con.execute(f"SELECT count(DISTINCT symbol_key) FROM legal_refs{where}", params).fetchone()[0]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    keys = con.execute(f"SELECT symbol_key, count(DISTINCT doc_id) AS plans FROM legal_refs{where} GROUP BY symbol_key "
                       f"ORDER BY plans DESC, symbol_key{page}", params).fetchall()
    out = []
    for k in keys:
        refs = con.execute("SELECT r.number_symbol, r.doc_type, r.date, r.issuer, d.id AS plan_id, d.path FROM legal_refs r "
                           "JOIN documents d ON d.id = r.doc_id WHERE r.symbol_key = ? ORDER BY d.path", (k["symbol_key"],)).fetchall()
        out.append({"symbol": refs[0]["number_symbol"], "key": k["symbol_key"], "plans": k["plans"],
                    "doc_types": _unique(r["doc_type"] for r in refs if r["doc_type"]),
                    "dates": _unique(r["date"] for r in refs if r["date"]),
                    "issuers": _unique(r["issuer"] for r in refs if r["issuer"]),
                    "cited_by": [{"plan_id": r["plan_id"], "file": r["path"]} for r in refs]})
    return total, out


# --- output --------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _cut(value: str, width: int, *, keep_end: bool = False) -> str:
    """`value` in at most `width` characters; a path keeps its end (the file name)."""
    if len(value) <= width:
        return value
    return "…" + value[-(width - 1):] if keep_end else value[: width - 1] + "…"


def emit(rows: list[dict], columns: list[str], fmt: str, out=None, *, widths: dict[str, int] | None = None) -> None:
    """Print rows as JSON (every field), CSV (the columns) or an aligned table (the columns, long cells cut)."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        out.write(buf.getvalue())
        return
    widths = widths or {}
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cells = [[_cut(v, widths[c], keep_end=c == "file") if c in widths else v for v, c in zip(row, columns)] for row in cells]
    sizes = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.upper().ljust(s) for c, s in zip(columns, sizes)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(s) for v, s in zip(row, sizes)).rstrip() + "\n")
    out.write(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})\n")


def without_ids(rows):
    """Rows without the database's own document ids (`plan_id`): they depend on the order documents
    were written in, which workers make vary; the command line names plans by file, so the same
    files give byte-identical output whatever `--jobs` built the database."""
    if isinstance(rows, list):
        return [without_ids(r) for r in rows]
    if isinstance(rows, dict):
        return {k: without_ids(v) for k, v in rows.items() if k != "plan_id"}
    return rows


def stdout_closed_quietly(func):
    """A command whose reader stops early (`kehoach tasks … | head`) ends quietly, as Unix tools do,
    instead of with a BrokenPipeError traceback."""
    import functools
    import os

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            status = func(args)
            sys.stdout.flush()
            return status
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
            return 0
    return run


def _open(args: argparse.Namespace) -> sqlite3.Connection:
    return connect_readonly(Path(args.db))


@stdout_closed_quietly
def cmd_tasks(args: argparse.Namespace) -> int:
    try:
        with _closing(_open(args)) as con:
            _, rows = find_tasks(con, unit=args.unit, role=args.role, due_before=args.due_before,
                                 due_after=args.due_after, q=args.q)
    except CollectionError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    cols = ["file", "line", "task_id", *(["role"] if args.unit else []), "lead", "support", "due", "title"]
    emit(without_ids(rows), cols, args.format, widths={"title": 60, "lead": 40, "support": 40, "file": 48})
    return 0


@stdout_closed_quietly
def cmd_cites(args: argparse.Namespace) -> int:
    try:
        with _closing(_open(args)) as con:
            rows = find_cites(con, args.symbol)
    except CollectionError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    emit(without_ids(rows), ["file", "section", "line", "cited_as", "doc_type", "date", "issuer"], args.format,
         widths={"file": 48, "issuer": 40})
    return 0


@stdout_closed_quietly
def cmd_units(args: argparse.Namespace) -> int:
    try:
        with _closing(_open(args)) as con:
            _, rows = unit_workload(con, unit=args.unit)
    except CollectionError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    emit(rows, ["name", "plans", "lead", "support", "with_due"], args.format, widths={"name": 60})
    return 0


class _closing:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc) -> None:
        self.con.close()


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default="kehoach.db", metavar="FILE", help="the collection database (default: %(default)s)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format (default: %(default)s)")


def register_tasks(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "tasks", help="tasks across the plans of a collection: by unit, role, due date, words",
        description="List the tasks of every indexed plan that match all the filters given.",
        epilog='examples:\n  kehoach tasks --unit "Sở Tài chính" --role lead --due-after 2026-01-01 --due-before 2026-03-31 --db kehoach.db\n'
               '  kehoach tasks --q "chuyen doi so" --format csv --db kehoach.db',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--unit", metavar="NAME", help='a unit in any written form: "Sở Tài chính", "UBND tỉnh", "Sở TT&TT"')
    p.add_argument("--role", choices=ROLES, help="only tasks where the unit has this role (lead = chủ trì, support = phối hợp)")
    p.add_argument("--due-before", metavar="DATE", help="only tasks due on or before DATE (YYYY-MM-DD)")
    p.add_argument("--due-after", metavar="DATE", help="only tasks due on or after DATE (with --due-before: a period)")
    p.add_argument("--q", metavar="TEXT", help="only tasks whose text holds every word (diacritics optional)")
    _common(p)
    p.set_defaults(func=cmd_tasks)
    return p


def register_cites(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "cites", help="which plans of a collection cite a document, and where",
        description="List every mention of the document SYMBOL (số ký hiệu, any spelling) in the indexed plans: "
        "file, section, line, and the type, date and issuer each plan gives it.",
        epilog="example:\n  kehoach cites 72/2015/NĐ-CP --db kehoach.db --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("symbol", metavar="SYMBOL", help="số ký hiệu, e.g. 72/2015/NĐ-CP (ND-CP works too)")
    _common(p)
    p.set_defaults(func=cmd_cites)
    return p


def register_units(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "units", help="workload per unit across the plans of a collection",
        description="For every unit named in the indexed plans: the plans it appears in, the tasks it leads "
        "(chủ trì) and supports (phối hợp), and how many of those have a due date.",
        epilog="example:\n  kehoach units --db kehoach.db --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--unit", metavar="NAME", help="only this unit (any written form)")
    _common(p)
    p.set_defaults(func=cmd_units)
    return p
