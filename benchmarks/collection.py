"""The collection at scale: `python benchmarks/collection.py [--corpus DIR] [--jobs 2]`.

Indexes the archive of `benchmarks/archive.py` (13,984 pages; prepare it with `python
benchmarks/archive.py prepare SOURCE`) into a fresh database with `kehoach index ARCHIVE --db DB
--jobs N -q`, as a user would, and measures:

- the wall time of the first index (and the CPU time of kehoach and its workers), and of a second run over the unchanged archive (every file
  hashed and found up to date);
- the size of the database (main file + WAL after a checkpoint) and its row counts;
- the latency (p50, p95 over `--repeat` runs) of the three queries, as their functions run inside
  `kehoach tasks/cites/units` with JSON output: `tasks --unit U` for the 10 units with most tasks,
  `cites S` for the 10 documents cited by most plans, and `units` (the whole workload table);
  and the wall time of the commands themselves (a new process: Python start-up and imports).

Results go to benchmarks/results/collection.json and a Markdown table is printed for the README.
File paths never enter the results: the archive is named ARCHIVE, the database DB.
This is a measurement script, not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_CORPUS = ROOT.parent / "archive" / "tai_lieu_noi_bo"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def _timed(fn, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"runs": repeat, "p50_ms": round(_percentile(times, 0.5), 2), "p95_ms": round(_percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2)}


def _kehoach(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - t0, proc


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and theirs (kehoach and its workers)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the prepared archive (default: ../archive/tai_lieu_noi_bo)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=50, help="runs of each query for the percentiles (default: %(default)s)")
    ap.add_argument("--keep", type=Path, help="keep the database at this path (default: a temporary folder)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"benchmarks/collection.py: {args.corpus}: no archive; see benchmarks/archive.py prepare", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from kehoach.collection.db import connect
    from kehoach.collection.query import emit, find_cites, find_tasks, unit_workload

    files = sum(1 for p in args.corpus.rglob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="kehoach-collection-bench-") as tmp:
        db = args.keep or Path(tmp) / "collection.db"
        if db.exists():
            db.unlink()
        load_before = os.getloadavg()
        cpu_before = _children_cpu()
        first, proc = _kehoach("index", str(args.corpus), "--db", str(db), "--jobs", str(args.jobs), "-q")
        first_cpu = _children_cpu() - cpu_before
        first_status = proc.returncode
        errors = [line for line in proc.stderr.splitlines() if line.startswith("kehoach: error:")]
        again, proc2 = _kehoach("index", str(args.corpus), "--db", str(db), "--jobs", str(args.jobs), "-q")
        load_after = os.getloadavg()
        con = connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.stat().st_size + (Path(f"{db}-wal").stat().st_size if Path(f"{db}-wal").exists() else 0)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "sections", "tasks", "assignments", "units", "legal_refs", "ref_mentions", "findings")}
        _, top_units = unit_workload(con, limit=10)
        units = [u["name"] for u in top_units]
        symbols = [r[0] for r in con.execute(
            "SELECT min(number_symbol) FROM legal_refs WHERE symbol_key IS NOT NULL GROUP BY symbol_key "
            "ORDER BY count(DISTINCT doc_id) DESC, symbol_key LIMIT 10")]

        def as_json(rows) -> None:
            emit(rows, [], "json", io.StringIO())

        state = {"i": 0}

        def tasks_query() -> None:
            state["i"] += 1
            as_json(find_tasks(con, unit=units[state["i"] % len(units)])[1])

        def cites_query() -> None:
            state["i"] += 1
            as_json(find_cites(con, symbols[state["i"] % len(symbols)]))

        def units_query() -> None:
            as_json(unit_workload(con)[1])

        sizes = {"tasks --unit": [len(find_tasks(con, unit=u)[1]) for u in units],
                 "cites": [len(find_cites(con, s)) for s in symbols], "units": [len(unit_workload(con)[1])]}
        latency = {"tasks --unit": _timed(tasks_query, args.repeat), "cites": _timed(cites_query, args.repeat),
                   "units": _timed(units_query, max(5, args.repeat // 5))}
        con.close()
        cli = {}
        for name, argv in (("tasks --unit", ["tasks", "--unit", units[0]]), ("cites", ["cites", symbols[0]]), ("units", ["units"])):
            runs = [_kehoach(*argv, "--db", str(db), "--format", "json")[0] * 1000 for _ in range(5)]
            cli[name] = {"runs": 5, "p50_ms": round(_percentile(runs, 0.5), 1)}
    result = {
        "corpus": "ARCHIVE (tnt305/tai_lieu_noi_bo, src/etl/dataset; see benchmarks/archive.py)",
        "files": files,
        "jobs": args.jobs,
        "command": f"kehoach index ARCHIVE --db DB --jobs {args.jobs} -q",
        "index_seconds": round(first, 1),
        "index_cpu_seconds": round(first_cpu, 1),
        "index_status": first_status,
        "index_errors": len(errors),
        "reindex_unchanged_seconds": round(again, 1),
        "reindex_status": proc2.returncode,
        "database_bytes": size,
        "database_mb": round(size / 1e6, 1),
        "rows": counts,
        "queries": {"units_queried": units, "symbols_queried": symbols, "result_rows": sizes},
        "latency_in_process": latency,
        "latency_command": cli,
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in load_after]},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "sqlite": __import__("sqlite3").sqlite_version},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "collection.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print()
    print("| step | figure |\n|---|---|")
    print(f"| index {files:,} files, `--jobs {args.jobs}` | {first:.1f} s ({first_cpu:.1f} s of CPU in all processes) |")
    print(f"| index again, nothing changed | {again:.1f} s |")
    print(f"| database (after a checkpoint) | {size / 1e6:.1f} MB |")
    print("\n| query | rows returned | p50 | p95 | command (new process), p50 |\n|---|---|---|---|---|")
    for name in ("tasks --unit", "cites", "units"):
        lat = latency[name]
        rows = sizes[name]
        print(f"| `{name}` | {min(rows)}–{max(rows)} | {lat['p50_ms']} ms | {lat['p95_ms']} ms | {cli[name]['p50_ms']} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
