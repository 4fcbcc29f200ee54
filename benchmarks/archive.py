"""kehoach on a real archive: `python benchmarks/archive.py prepare SOURCE` then `python benchmarks/archive.py run`.

The archive is the folder src/etl/dataset of the public repository tnt305/tai_lieu_noi_bo: 13,984
pages copied from a legal portal and other sites (legal Q&A articles, news, encyclopedia pages,
and legal documents), one Markdown file each. It is not part of kehoach and is never committed.

- `prepare SOURCE [--dest DIR]` copies its .md files out of SOURCE (a clone of the repository, or
  its bare git directory) into DIR as .txt files, which is what kehoach reads (default DIR:
  ../archive/tai_lieu_noi_bo beside the project).
- `run [--corpus DIR] [--jobs 1 2]` runs `kehoach extract DIR -o OUT --jobs N --force -q` once per
  N as a user would (a fresh output folder, the default formats json and md) and measures: wall
  time, documents and characters per second, peak memory of the whole process tree (the sum of
  the resident sizes of kehoach and its workers, sampled every 50 ms, and the largest single
  process), errors by kind (OUT/errors.jsonl), files that are not administrative documents or not
  Vietnamese (OUT/warnings.jsonl), tasks found, the CPU time of all processes and of the main
  process alone (what does not run in parallel), and the speed-up of each N over the first.
  `--repeat R` runs the whole series R times, alternating, and `--append` adds the runs to those
  already saved; the table shows the best wall time of each N (the machine's other work only adds
  time), and every run is kept in the results with the load average around it.
  Results go to benchmarks/results/archive.json and a Markdown table is printed for the README.

This is a measurement script, not a test: nothing here asserts a time. On a shared machine, other
processes take CPU too: the load average before and after each run is recorded with it.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_CORPUS = ROOT.parent / "archive" / "tai_lieu_noi_bo"
DATASET = "src/etl/dataset/"


# --- prepare ---------------------------------------------------------------------------------------


def _git(source: Path) -> list[str]:
    """git with the right repository options for a clone (work tree) or a bare git directory."""
    if (source / ".git").exists():
        return ["git", "-C", str(source)]
    return ["git", "--git-dir", str(source)]


def prepare(source: Path, dest: Path) -> int:
    """Copy every DATASET/*.md blob of HEAD into `dest` as .txt; return how many."""
    git = _git(source)
    listing = subprocess.run([*git, "ls-tree", "-r", "HEAD", DATASET], capture_output=True, text=True, check=True).stdout
    blobs = []
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        if path.endswith(".md"):
            blobs.append((meta.split()[2], path))
    dest.mkdir(parents=True, exist_ok=True)
    cat = subprocess.Popen([*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    feeder = threading.Thread(target=lambda: (cat.stdin.write("".join(f"{sha}\n" for sha, _ in blobs).encode()),
                                              cat.stdin.close()))
    feeder.start()
    for _, path in blobs:
        header = cat.stdout.readline().split()
        size = int(header[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)  # the newline after each object
        (dest / (Path(path).stem + ".txt")).write_bytes(data)
    feeder.join()
    cat.wait()
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    (dest / ".source.json").write_text(json.dumps({"repository": "tnt305/tai_lieu_noi_bo", "commit": commit,
                                                   "folder": DATASET, "files": len(blobs)}) + "\n", encoding="utf-8")
    return len(blobs)


# --- run -------------------------------------------------------------------------------------------


def _tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += [child for child, p in parent.items() if p == pid]
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process so far (not its children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _MemoryWatch(threading.Thread):
    """Samples a process tree: the peak of the sum of resident sizes, the peak of one process, and
    the CPU time of the main process alone (the part of the work that is not parallel)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stop, self.peak_sum, self.peak_one, self.peak_processes = pid, threading.Event(), 0, 0, 0
        self.main_cpu = 0.0

    def run(self) -> None:
        while not self.stop.is_set():
            sizes = [_rss_kb(p) for p in _tree(self.pid)]
            self.peak_sum = max(self.peak_sum, sum(sizes))
            self.peak_one = max(self.peak_one, max(sizes, default=0))
            self.peak_processes = max(self.peak_processes, sum(1 for s in sizes if s))
            self.main_cpu = _cpu_seconds(self.pid) or self.main_cpu
            self.stop.wait(0.05)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def run_once(corpus: Path, jobs: int, out: Path) -> dict:
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "kehoach", "extract", str(corpus), "-o", str(out), "--jobs", str(jobs), "--force", "-q"]
    started = time.perf_counter()
    cpu_before = os.times()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watch = _MemoryWatch(proc.pid)
    watch.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    cpu_after = os.times()
    watch.stop.set()
    watch.join()
    plans = [json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json") if not p.name.startswith(".")]
    errors = _jsonl(out / "errors.jsonl")
    warnings = _jsonl(out / "warnings.jsonl")
    characters = sum(p["source"]["characters"] for p in plans)
    documents = len(plans) + len(errors)
    return {
        "jobs": jobs,
        # Paths of this machine stay out of the results: the archive and a temporary output folder.
        "command": f"kehoach extract ARCHIVE -o OUT --jobs {jobs} --force -q",
        "exit_status": proc.returncode,
        "stderr_lines": len(err.splitlines()),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round((cpu_after.children_user - cpu_before.children_user)
                             + (cpu_after.children_system - cpu_before.children_system), 2),
        "main_process_cpu_seconds": round(watch.main_cpu, 2),
        "documents": documents,
        "plans_written": len(plans),
        "documents_per_second": round(documents / wall, 1),
        "characters": characters,
        "characters_per_second": round(characters / wall),
        "tasks": sum(len(p["tasks"]) for p in plans),
        "errors_by_kind": dict(sorted(collections.Counter(e.get("kind", "") for e in errors).items())),
        "errors": [{"file": Path(e["file"]).name, "kind": e.get("kind", ""), "error": e["error"].split(": ", 1)[-1]}
                   for e in errors],
        "warnings_by_code": dict(sorted(collections.Counter(w["code"] for w in warnings).items())),
        "peak_rss_mb_all_processes": round(watch.peak_sum / 1024),
        "peak_rss_mb_one_process": round(watch.peak_one / 1024),
        "processes_at_peak": watch.peak_processes,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


def best_runs(runs: list[dict]) -> list[dict]:
    """The fastest run of each --jobs, in the order the jobs were first run."""
    best: dict[int, dict] = {}
    for r in runs:
        if r["jobs"] not in best or r["wall_seconds"] < best[r["jobs"]]["wall_seconds"]:
            best[r["jobs"]] = r
    return list(best.values())


def table(runs: list[dict]) -> str:
    base = runs[0]["wall_seconds"]
    lines = ["| --jobs | wall time | documents/s | characters/s | peak RSS (all processes / largest) | errors by kind | not documents | not Vietnamese | speed-up |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        errors = ", ".join(f"{k} {v}" for k, v in r["errors_by_kind"].items()) or "0"
        lines.append(
            f"| {r['jobs']} | {r['wall_seconds']:.1f} s | {r['documents_per_second']:.0f} | {r['characters_per_second']:,} "
            f"| {r['peak_rss_mb_all_processes']} MB / {r['peak_rss_mb_one_process']} MB | {errors} "
            f"| {r['warnings_by_code'].get('document.not_administrative', 0):,} | {r['warnings_by_code'].get('text.not_vietnamese', 0)} "
            f"| {base / r['wall_seconds']:.2f}× |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="copy the archive's pages out of a clone (or bare git directory) as .txt")
    p.add_argument("source", type=Path)
    p.add_argument("--dest", type=Path, default=DEFAULT_CORPUS)
    r = sub.add_parser("run", help="run kehoach over the archive with each --jobs and record the figures")
    r.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    r.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    r.add_argument("--repeat", type=int, default=1, help="run the series this many times (default: %(default)s)")
    r.add_argument("--save", type=Path, default=RESULTS / "archive.json")
    r.add_argument("--append", action="store_true",
                   help="keep the runs already in --save and add these (figures gathered when the machine is quiet)")
    args = parser.parse_args()

    if args.command == "prepare":
        n = prepare(args.source, args.dest)
        print(f"{n} pages in {args.dest}")
        return 0
    if not args.corpus.is_dir():
        print(f"archive.py: {args.corpus}: no such folder; run `python benchmarks/archive.py prepare SOURCE` first", file=sys.stderr)
        return 2
    source = json.loads((args.corpus / ".source.json").read_text(encoding="utf-8")) if (args.corpus / ".source.json").exists() else {}
    runs = []
    if args.append and args.save.exists():
        runs = json.loads(args.save.read_text(encoding="utf-8"))["runs"]
    for _ in range(args.repeat):
        for jobs in args.jobs:
            with tempfile.TemporaryDirectory(prefix="kehoach-archive-") as tmp:
                runs.append(run_once(args.corpus, jobs, Path(tmp) / "out"))
            print(json.dumps({k: v for k, v in runs[-1].items() if k != "errors"}), file=sys.stderr)
    best = best_runs(runs)
    for r in best:
        r["speed_up"] = round(best[0]["wall_seconds"] / r["wall_seconds"], 2)
    from kehoach import __version__

    result = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "kehoach": __version__,
        "corpus": {**source, "files": sum(1 for _ in args.corpus.glob("*.txt")),
                   "bytes": sum(f.stat().st_size for f in args.corpus.glob("*.txt"))},
        "best": [{k: v for k, v in r.items() if k != "errors"} for r in best],
        "runs": runs,
    }
    args.save.parent.mkdir(parents=True, exist_ok=True)
    args.save.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
