"""Batch extraction: many files or whole folders, in worker processes, resumable.

- Folders are walked recursively for .txt, .docx, .doc and .pdf files; the output tree mirrors
  the input tree under OUT, so two "plan.txt" in different folders do not collide.
- `jobs` worker processes (default: the number of cores); each worker is replaced after a number
  of files so that memory stays flat over a long batch.
- A file whose outputs are up to date is skipped: OUT/.kehoach-cache.json records, for every
  output stem, the SHA-256 of the input, kehoach's version with a hash of its code and rules, and
  the formats written. `force` redoes everything.
- One bad file never stops the batch: its one-line error is printed, written to OUT/errors.jsonl
  (with the traceback for unexpected errors) and counted in the summary; the exit status is 1.
- Every output file is written to a temporary file and renamed, so an interrupted run (Ctrl-C)
  leaves whole files only; the cache records only the files that were finished.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kehoach import __version__

EXTENSIONS = (".txt", ".docx", ".doc", ".pdf")
CACHE_NAME = ".kehoach-cache.json"
"""Hidden, so that listing OUT shows the outputs."""
ERRORS_NAME = "errors.jsonl"
TASKS_PER_WORKER = 200
"""A worker process is replaced after this many files, which keeps memory flat."""


@dataclass(frozen=True)
class Job:
    path: str
    out_dir: str
    stem: str
    formats: tuple[str, ...]
    key: str  # output stem relative to OUT, e.g. "2025/plan"
    as_of: str | None = None
    encoding: str | None = None


@dataclass
class Result:
    key: str
    path: str
    status: str  # done | skipped | failed
    sha256: str = ""
    characters: int = 0
    tasks: int = 0
    seconds: float = 0.0
    error: str = ""
    traceback: str = ""
    outputs: list[str] = field(default_factory=list)


def collect_inputs(args: list[str], empty_folders: list[str] | None = None) -> list[tuple[Path, str]]:
    """(input path, output key) for every file named or found under a folder, in sorted order.

    Ví dụ: ["docs/"] with docs/2025/kh.txt → [(Path("docs/2025/kh.txt"), "2025/kh")].
    Folders with no document in them are appended to `empty_folders`.
    """
    out: list[tuple[Path, str]] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = [f for f in sorted(p.rglob("*"))
                     if f.is_file() and f.suffix.lower() in EXTENSIONS and not f.name.startswith(".")]
            if not found and empty_folders is not None:
                empty_folders.append(arg)
            for f in found:
                out.append((f, f.relative_to(p).with_suffix("").as_posix()))
        else:
            out.append((p, p.stem))
    # Two inputs with the same key (plan.txt and plan.docx) get the extension in the key.
    seen: dict[str, int] = {}
    for _, key in out:
        seen[key] = seen.get(key, 0) + 1
    return [(p, f"{key}.{p.suffix.lstrip('.').lower()}" if seen[key] > 1 and p.suffix else key) for p, key in out]


_ENGINE: str | None = None


def engine_fingerprint() -> str:
    """kehoach's version and a hash of its code and rule files: outputs made by other code are stale.

    The version alone is not enough while kehoach is developed: rules change between releases.
    """
    global _ENGINE
    if _ENGINE is None:
        import kehoach.extractors
        import kehoach.pipeline
        import kehoach.schemas

        h = hashlib.sha256(__version__.encode())
        for pkg in (kehoach.pipeline, kehoach.extractors, kehoach.schemas):
            root = Path(pkg.__file__).parent
            for f in sorted(root.rglob("*")):
                if f.suffix in (".py", ".yaml") and f.is_file():
                    h.update(f.relative_to(root).as_posix().encode())
                    h.update(f.read_bytes())
        _ENGINE = f"{__version__}+{h.hexdigest()[:16]}"
    return _ENGINE


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process(job: Job) -> Result:
    """Extract one file and write its outputs; never raises for a bad input."""
    from datetime import date

    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.export import exporter
    from kehoach.pipeline.run import extract_plan

    started = time.perf_counter()
    result = Result(job.key, job.path, "failed")
    try:
        plan = extract_plan(Path(job.path), as_of=date.fromisoformat(job.as_of) if job.as_of else None,
                            encoding=job.encoding)
        target = Path(job.out_dir) / Path(job.key).parent
        for name in job.formats:
            try:
                written = exporter(name)(plan, target, Path(job.key).name)
            except OSError as exc:
                raise KehoachError(f"{target}: cannot write {name} output ({exc.strerror or exc})") from None
            result.outputs += [str(w) for w in written]
        result.status = "done"
        result.sha256 = plan.source.sha256
        result.characters = plan.source.characters
        result.tasks = len(plan.tasks)
    except KehoachError as exc:
        result.error = str(exc)
    except MemoryError:
        result.error = f"{job.path}: out of memory while reading; split the document or raise the memory limit"
    except Exception as exc:  # a bug must not stop the batch; the traceback goes to errors.jsonl
        result.error = f"{job.path}: internal error {type(exc).__name__}: {exc}"
        result.traceback = traceback.format_exc()
    result.seconds = time.perf_counter() - started
    return result


class Cache:
    """OUT/.kehoach-cache.json: what was made from which input, by which version."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / CACHE_NAME
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, key: str, sha: str, formats: tuple[str, ...]) -> bool:
        e = self.entries.get(key)
        if not e or e.get("sha256") != sha or e.get("version") != engine_fingerprint():
            return False
        if not set(formats) <= set(e.get("formats", [])):
            return False
        return all(Path(p).is_file() for p in e.get("outputs", []))

    def record(self, result: Result, formats: tuple[str, ...]) -> None:
        prev = self.entries.get(result.key, {})
        merged = sorted(set(formats) | (set(prev.get("formats", [])) if prev.get("sha256") == result.sha256 else set()))
        outputs = sorted(set(result.outputs) | (set(prev.get("outputs", [])) if prev.get("sha256") == result.sha256 else set()))
        self.entries[result.key] = {"sha256": result.sha256, "version": engine_fingerprint(), "formats": merged, "outputs": outputs}

    def save(self) -> None:
        from kehoach.pipeline.export import write_atomic

        write_atomic(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    characters: int = 0
    tasks: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors: list[Result] = field(default_factory=list)


def run_batch(inputs: list[str], out_dir: Path, formats: tuple[str, ...], *, jobs: int | None = None,
              force: bool = False, as_of: str | None = None, progress: bool = True, quiet: bool = False,
              encoding: str | None = None) -> Summary:
    """Extract every input into `out_dir`; return the counts. Prints errors as they happen."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Cache(out_dir)
    summary = Summary()
    started = time.perf_counter()
    todo: list[Job] = []
    empty: list[str] = []
    found = collect_inputs(inputs, empty)
    for folder in empty:
        summary.failed += 1
        error = f"{folder}: is a directory with no .txt, .docx, .doc or .pdf document in it"
        summary.errors.append(Result(folder, folder, "failed", error=error))
        print(f"kehoach: error: {error}", file=sys.stderr)
    for path, key in found:
        if not force and path.is_file():
            try:
                if cache.fresh(key, _sha256(path), formats):
                    summary.skipped += 1
                    continue
            except OSError:
                pass  # unreadable: let the worker report it
        todo.append(Job(str(path), str(out_dir), path.stem, formats, key, as_of, encoding))

    workers = max(1, jobs or os.cpu_count() or 1)
    bar = _Progress(len(todo), enabled=progress and not quiet)

    def handle(result: Result) -> None:
        if result.status == "done":
            summary.done += 1
            summary.characters += result.characters
            summary.tasks += result.tasks
            cache.record(result, formats)
        else:
            summary.failed += 1
            summary.errors.append(result)
            bar.print(f"kehoach: error: {result.error}")
        bar.advance(result, summary)

    try:
        if workers == 1 or len(todo) <= 1:
            for job in todo:
                handle(process(job))
        else:
            with cf.ProcessPoolExecutor(max_workers=min(workers, len(todo)), max_tasks_per_child=TASKS_PER_WORKER,
                                        initializer=_ignore_sigint) as pool:
                futures = [pool.submit(process, job) for job in todo]
                by_future = dict(zip(futures, todo))
                try:
                    for fut in cf.as_completed(futures):
                        try:
                            result = fut.result()
                        except Exception as exc:  # a worker that died (killed, out of memory, import error)
                            job = by_future[fut]
                            result = Result(job.key, job.path, "failed",
                                            error=f"{job.path}: worker failed: {type(exc).__name__}: {exc}",
                                            traceback="".join(traceback.format_exception(exc)))
                        handle(result)
                except KeyboardInterrupt:
                    # Ctrl-C: let the files being written finish (workers ignore SIGINT), drop the rest.
                    signal.signal(signal.SIGINT, signal.SIG_IGN)
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        summary.interrupted = True
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - started
        try:
            cache.save()
            _write_errors(out_dir, summary.errors)
        except OSError as exc:
            print(f"kehoach: error: {out_dir}: cannot write the batch records ({exc.strerror or exc})", file=sys.stderr)
    return summary


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops handing out files and waits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write_errors(out_dir: Path, errors: list[Result]) -> None:
    from kehoach.pipeline.export import write_atomic

    path = out_dir / ERRORS_NAME
    if not errors:
        if path.exists():
            path.unlink()
        return
    lines = [json.dumps({"file": e.path, "error": e.error, **({"traceback": e.traceback} if e.traceback else {})},
                        ensure_ascii=False) for e in sorted(errors, key=lambda r: r.path)]
    write_atomic(path, "\n".join(lines) + "\n")


class _Progress:
    """A rich progress bar on a terminal (files, errors, throughput); silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled and total > 1 and sys.stderr.isatty()
        self._progress = None
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("[bold]kehoach"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[errors]} errors · {task.fields[rate]}"), TimeRemainingColumn(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=total, errors=0, rate="")

    def advance(self, result: Result, summary: Summary) -> None:
        if self._progress is not None:
            rate = f"{summary.characters / max(summary.seconds or 1e-9, 1e-9):,.0f} chars/s" if summary.seconds else ""
            self._progress.update(self._task, advance=1, errors=summary.failed, rate=rate)

    def print(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def print_summary(summary: Summary, out_dir: Path) -> None:
    """The closing table: done, skipped, failed, characters, tasks, time and throughput."""
    rate = summary.characters / summary.seconds if summary.seconds else 0.0
    rows = [
        ("extracted", str(summary.done)),
        ("up to date (skipped)", str(summary.skipped)),
        ("failed", str(summary.failed) + (f"  (see {out_dir / ERRORS_NAME})" if summary.failed else "")),
        ("tasks found", str(summary.tasks)),
        ("characters", f"{summary.characters:,}"),
        ("time", f"{summary.seconds:.2f} s" + ("  (interrupted)" if summary.interrupted else "")),
        ("throughput", f"{rate:,.0f} characters/s"),
    ]
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"kehoach → {out_dir}", show_header=False)
        for k, v in rows:
            table.add_row(k, v)
        Console(stderr=True).print(table)
    except ImportError:  # rich is a dependency; keep the summary readable even without it
        for k, v in rows:
            print(f"{k:>22}: {v}", file=sys.stderr)


def summary_dict(summary: Summary) -> dict:
    d = asdict(summary)
    d["errors"] = [{"file": e.path, "error": e.error} for e in summary.errors]
    return d
