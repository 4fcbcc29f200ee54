"""`kehoach index PATH... --db kehoach.db`: add documents to the collection, re-extracting only what changed.

- Files and folders as `kehoach extract` takes them (`batch.collect_inputs`: folders walked
  recursively for .txt, .docx, .doc, .pdf).
- A file is re-extracted only when its content (SHA-256) or kehoach's code and rules
  (`batch.engine_fingerprint`) changed since it was indexed; `--force` redoes every file.
- Extraction runs in worker processes (`workers.run_jobs`: `--jobs`, a time limit per file, a dead
  worker reported with its file); the main process writes each document in one transaction, so
  the database never holds part of a document, whatever happens to the process.
- A bad file prints one line naming it and the problem, is skipped, and makes the exit status 1;
  the other files are indexed. A file that was indexed before and now fails keeps its old rows.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.collection.db import CollectionError, connect, fold_text, symbol_key


@dataclass(frozen=True)
class IndexJob:
    path: str
    document: bool = False


@dataclass
class Extracted:
    path: str
    ok: bool
    plan: dict | None = None
    error: str = ""
    kind: str = ""


def extract_one(job: IndexJob) -> Extracted:
    """Extract one file in a worker; never raises for a bad input."""
    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.run import extract_plan

    try:
        plan = extract_plan(Path(job.path), as_document=job.document)
        return Extracted(job.path, True, plan.model_dump(mode="json"))
    except KehoachError as exc:
        return Extracted(job.path, False, error=str(exc), kind="input")
    except MemoryError:
        return Extracted(job.path, False, error=f"{job.path}: out of memory while reading", kind="memory")
    except Exception as exc:  # a bug must not stop the run
        return Extracted(job.path, False, error=f"{job.path}: internal error {type(exc).__name__}: {exc}", kind="internal")


def _base_id(name: str, unit_id: str) -> str:
    """The registry body a unit name is a form of: "Sở Tài chính tỉnh Bắc Ninh" → "so-tai-chinh"."""
    from kehoach.extractors.units import name_parts, slug

    try:
        parts = name_parts(name)
    except Exception:  # a name the parser cannot take apart is its own body
        return unit_id
    return slug(parts.entry["name"]) if parts.entry is not None else unit_id


def write_document(con: sqlite3.Connection, path: str, sha256: str, engine: str, plan: dict) -> int:
    """Replace the rows of `path` by those of `plan`, in one transaction; return the document id."""
    abspath = os.path.abspath(path)
    doc = plan["document"]
    source = plan["source"]
    tasks, units, refs, sections, findings = plan["tasks"], plan["units"], plan["legal_refs"], plan["sections"], plan["findings"]
    n_assign = sum(len(t["assignments"]) for t in tasks)
    con.execute("BEGIN IMMEDIATE")
    try:
        old = con.execute("SELECT id FROM documents WHERE abspath = ?", (abspath,)).fetchone()
        if old is not None:
            con.execute("DELETE FROM task_fts WHERE rowid IN (SELECT id FROM tasks WHERE doc_id = ?)", (old[0],))
            con.execute("DELETE FROM documents WHERE id = ?", (old[0],))
        cur = con.execute(
            "INSERT INTO documents (path, abspath, file, sha256, engine, format, characters, doc_type, title, number_symbol, "
            "date, issuer, place, signer, is_draft, n_sections, n_tasks, n_assignments, n_units, n_refs, n_findings) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (Path(path).as_posix(), abspath, source["file"], sha256, engine, source["format"], source["characters"],
             doc.get("doc_type"), doc.get("title"), doc.get("number_symbol"), doc.get("date"), doc.get("issuer"),
             doc.get("place"), doc.get("signer"), int(bool(doc.get("is_draft"))), len({s["id"] for s in sections}), len(tasks), n_assign,
             len({u["id"] for u in units}), len(refs), len(findings)))
        doc_id = cur.lastrowid
        con.executemany(
            "INSERT OR IGNORE INTO sections (doc_id, section_id, parent_id, label, level, heading, line) VALUES (?,?,?,?,?,?,?)",
            [(doc_id, s["id"], s.get("parent_id"), s.get("label"), s.get("level"), s.get("heading"), s.get("line"))
             for s in sections])
        for u in units:
            forms = {fold_text(f) for f in [u["name"], *u.get("aliases", []), *([u["resolved_name"]] if u.get("resolved_name") else [])]}
            con.execute(
                "INSERT OR IGNORE INTO units (doc_id, unit_id, name, base_id, kind, level, collective, resolved_name, aliases) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (doc_id, u["id"], u["name"], _base_id(u["name"], u["id"]), u.get("kind"), u.get("level"),
                 int(bool(u.get("collective"))), u.get("resolved_name"), json.dumps(u.get("aliases", []), ensure_ascii=False)))
            con.executemany("INSERT OR IGNORE INTO unit_forms (doc_id, unit_id, form) VALUES (?,?,?)",
                            [(doc_id, u["id"], " ".join(f.split())) for f in sorted(forms)])
        for t in tasks:
            dl = t.get("deadline") or {}
            cur = con.execute(
                "INSERT INTO tasks (doc_id, task_id, section_id, title, text, deadline_text, start, due, recurrence, ongoing, "
                "form, product, found_by, line, legal_ref_ids) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, t["id"], t.get("section_id"), t["title"], t["text"], dl.get("text"), dl.get("start"), dl.get("due"),
                 dl.get("recurrence"), int(bool(dl.get("ongoing"))), t.get("form"), t.get("product"), t.get("found_by"),
                 t.get("line"), json.dumps(t.get("legal_ref_ids", []), ensure_ascii=False)))
            row = cur.lastrowid
            con.execute("INSERT INTO task_fts (rowid, folded) VALUES (?, ?)", (row, fold_text(t["text"])))
            con.executemany("INSERT INTO assignments (task, doc_id, unit_id, role, text, line) VALUES (?,?,?,?,?,?)",
                            [(row, doc_id, a["unit_id"], a["role"], a.get("text"), a.get("line")) for a in t["assignments"]])
        for r in refs:
            cur = con.execute(
                "INSERT INTO legal_refs (doc_id, ref_id, symbol_key, number_symbol, doc_type, number, year, type_code, "
                "issuer_code, family, date, issuer, title, is_basis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, r["id"], symbol_key(r["number_symbol"]) if r.get("number_symbol") else None, r.get("number_symbol"),
                 r.get("doc_type"), r.get("number"), r.get("year"), r.get("type_code"), r.get("issuer_code"), r.get("family"),
                 r.get("date"), r.get("issuer"), r.get("title"), int(bool(r.get("is_basis")))))
            con.executemany("INSERT INTO ref_mentions (ref, doc_id, line, section_id, text) VALUES (?,?,?,?,?)",
                            [(cur.lastrowid, doc_id, m.get("line"), m.get("section_id"), m.get("text")) for m in r.get("mentions", [])])
        con.executemany(
            "INSERT INTO findings (doc_id, code, severity, message, suggestion, ref_id, task_id, unit_id, line) VALUES (?,?,?,?,?,?,?,?,?)",
            [(doc_id, f["code"], f["severity"], f["message"], f.get("suggestion"), f.get("ref_id"), f.get("task_id"),
              f.get("unit_id"), f.get("line")) for f in findings])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return doc_id


def remove_document(con: sqlite3.Connection, doc_id: int) -> None:
    """Delete one document and everything that hangs off it, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("DELETE FROM task_fts WHERE rowid IN (SELECT id FROM tasks WHERE doc_id = ?)", (doc_id,))
        con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def prune(con: sqlite3.Connection, inputs: list[str]) -> list[str]:
    """Remove the documents whose file is gone and that were found under one of `inputs` (a folder)
    or named by it (a file); return their paths, sorted."""
    roots = [os.path.abspath(p) for p in inputs]
    gone = []
    for row in con.execute("SELECT id, path, abspath FROM documents ORDER BY path").fetchall():
        inside = any(row[2] == r or row[2].startswith(r.rstrip(os.sep) + os.sep) for r in roots)
        if inside and not os.path.exists(row[2]):
            remove_document(con, row[0])
            gone.append(row[1])
    return gone


@dataclass
class IndexSummary:
    indexed: int = 0
    up_to_date: int = 0
    removed: int = 0
    failed: int = 0
    tasks: int = 0
    characters: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)


def run_index(inputs: list[str], db: Path, *, jobs: int | None = None, force: bool = False, quiet: bool = False,
              time_limit: float | None = 300.0, document: bool = False, remove_missing: bool = False) -> IndexSummary:
    """Index every input into `db`; print one line per bad file. Raises CollectionError when the
    database cannot be opened."""
    from kehoach.pipeline.batch import _preload, _Progress, collect_inputs, engine_fingerprint
    from kehoach.pipeline.read.base import file_sha256
    from kehoach.pipeline.workers import cpu_count, run_jobs

    con = connect(db, create=True)
    summary = IndexSummary()
    started = time.perf_counter()
    engine = engine_fingerprint() + ("+document" if document else "")  # the options that change a plan
    empty: list[str] = []
    found = collect_inputs(inputs, empty)
    shas: dict[str, str] = {}
    bar: _Progress | None = None  # the batch's progress bar, on a terminal only

    def fail(message: str) -> None:
        summary.failed += 1
        summary.errors.append(message)
        if bar is not None:
            bar.print(f"kehoach: error: {message}")
        else:
            print(f"kehoach: error: {message}", file=sys.stderr)

    if remove_missing:
        summary.removed = len(prune(con, inputs))
    for folder in empty:
        fail(f"{folder}: is a directory with no .txt, .docx, .doc or .pdf document in it")
    todo: list[IndexJob] = []
    seen: set[str] = set()
    for path, _key in found:
        abspath = os.path.abspath(path)
        if abspath in seen:
            continue
        seen.add(abspath)
        try:
            sha = file_sha256(path)
        except OSError:
            todo.append(IndexJob(str(path), document))  # let the worker report it in its words
            continue
        shas[str(path)] = sha
        if not force:
            row = con.execute("SELECT sha256, engine FROM documents WHERE abspath = ?", (abspath,)).fetchone()
            if row is not None and row["sha256"] == sha and row["engine"] == engine:
                summary.up_to_date += 1
                continue
        todo.append(IndexJob(str(path), document))

    def handle(result: Extracted) -> None:
        try:
            record(result)
        finally:
            if bar is not None:
                bar.advance(result, summary)

    def record(result: Extracted) -> None:
        if not result.ok:
            fail(result.error)
            return
        sha = shas.get(result.path) or result.plan["source"]["sha256"]
        try:
            write_document(con, result.path, sha, engine, result.plan)
        except sqlite3.DatabaseError as exc:
            fail(f"{db}: cannot write {result.path} to the database ({exc})")
            return
        summary.indexed += 1
        summary.tasks += len(result.plan["tasks"])
        summary.characters += result.plan["source"]["characters"]

    def lost(job_lost) -> None:
        try:
            report_lost(job_lost)
        finally:
            if bar is not None:
                bar.advance(job_lost, summary)

    def report_lost(job_lost) -> None:
        if job_lost.reason == "timeout":
            fail(f"{job_lost.job.path}: took longer than the time limit of {job_lost.detail} s and was stopped")
        elif job_lost.reason == "interrupted":
            fail(f"{job_lost.job.path}: stopped by a second Ctrl-C; nothing was written for it")
        else:
            fail(f"{job_lost.job.path}: the worker process extracting it died ({job_lost.detail}); nothing was written for it")

    interrupted = False

    def on_sigint(signum, frame) -> None:
        nonlocal interrupted
        if interrupted:
            raise KeyboardInterrupt
        interrupted = True

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_sigint) if main_thread else None
    bar = _Progress(len(todo), enabled=not quiet)
    try:
        if todo:
            _preload(())
        run_jobs(todo, extract_one, max(1, jobs or cpu_count()), handle, lost, time_limit=time_limit or None,
                 stop=lambda: interrupted)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
        if main_thread:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        con.close()
    summary.interrupted = interrupted
    summary.seconds = time.perf_counter() - started
    return summary


def cmd_index(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        print(f"kehoach: error: --jobs {args.jobs}: expected 1 or more worker processes", file=sys.stderr)
        return 2
    try:
        summary = run_index(args.paths, Path(args.db), jobs=args.jobs, force=args.force, quiet=args.quiet,
                            time_limit=args.time_limit, document=args.document, remove_missing=args.prune)
    except CollectionError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"kehoach index → {args.db}: {summary.indexed} indexed, {summary.up_to_date} up to date, "
              + (f"{summary.removed} removed (file gone), " if args.prune else "")
              + f"{summary.failed} failed, {summary.tasks} tasks, {summary.seconds:.1f} s", file=sys.stderr)
    if summary.interrupted:
        print("kehoach: interrupted; indexed documents are whole, run again to continue", file=sys.stderr)
        return 130
    return 1 if summary.failed else 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `kehoach index PATH... --db FILE` to the command line."""
    p = subparsers.add_parser(
        "index", help="add documents to a collection database (re-extracts only what changed)",
        description="Extract documents (files or folders) into one SQLite database: documents, sections, tasks, "
        "assignments, units, legal references and their mentions, findings. A file already indexed is skipped "
        "unless its content or kehoach changed.",
        epilog="examples:\n  kehoach index plans/ --db kehoach.db\n  kehoach index a.txt b.docx --db kehoach.db --jobs 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="documents (.txt, .docx, .doc, .pdf) or folders to walk")
    p.add_argument("--db", default="kehoach.db", metavar="FILE", help="the database (created if missing; default: %(default)s)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="re-extract files that are up to date")
    p.add_argument("--time-limit", type=float, default=300.0, metavar="SECONDS",
                   help="stop and report a file that takes longer than this (default: %(default)g; 0: no limit)")
    p.add_argument("--prune", action="store_true",
                   help="also remove from the database the documents found before under these folders whose files are gone")
    p.add_argument("--document", action="store_true", help="read every input as an administrative document (as extract --document)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_index)
    return p
