"""Batch extraction: many files or whole folders, in worker processes, resumable.

- Folders are walked recursively for .txt, .docx, .doc and .pdf files; the output tree mirrors
  the input tree under OUT, so two "plan.txt" in different folders do not collide.
- `jobs` worker processes (default: the number of cores), each given one file at a time
  (`pipeline/workers.py`); each worker is replaced after a number of files so that memory stays
  flat over a long batch. A file that runs past the time limit (`--time-limit`, default 300 s) is
  stopped and reported; a worker that dies (killed, out of memory) is reported with the file it
  held and replaced; the batch goes on.
- A file whose outputs are up to date is skipped: OUT/.kehoach-cache.json records, for every
  output stem, the SHA-256 of the input, kehoach's version with a hash of its code and rules, and
  the formats written. `force` redoes everything.
- One bad file never stops the batch: its one-line error is printed, written to OUT/errors.jsonl
  (with the traceback for unexpected errors) and counted in the summary; the exit status is 1.
- Every output file is written to a temporary file and renamed, so an interrupted run (Ctrl-C)
  leaves whole files only (a first Ctrl-C lets the files in progress finish, a second stops them
  and reports them); the outputs of one input are renamed together at its end, so a failure
  while writing (a full disk) leaves none of them; the cache records only the files that were
  finished. An output folder that cannot be written is one error before anything starts; a disk
  that fills up stops the batch with one error.
- What is worth knowing about a file that was read (its text is not Vietnamese, it is not an
  administrative document) is printed or counted, and listed in OUT/warnings.jsonl.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kehoach import __version__
from kehoach.pipeline.read.base import file_sha256

EXTENSIONS = (".txt", ".docx", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
CACHE_NAME = ".kehoach-cache.json"
"""Hidden, so that listing OUT shows the outputs."""
ERRORS_NAME = "errors.jsonl"
WARNINGS_NAME = "warnings.jsonl"
TASKS_PER_WORKER = 200
"""A worker process is replaced after this many files, which keeps memory flat."""
TIME_LIMIT = 300.0
"""Seconds one file may take (read, extract, write) before it is stopped; `--time-limit` changes it.
A 50 MB text, the largest input accepted, takes about a minute; a PDF stops itself at 120 s."""
NOT_VIETNAMESE = "text.not_vietnamese"
NOT_A_DOCUMENT = "document.not_administrative"
CUT_WORDS = "text.cut_words"
WARNING_CODES = (NOT_VIETNAMESE, NOT_A_DOCUMENT, CUT_WORDS)
"""Findings that say something about the file as a whole: printed or counted by the batch."""
_FULL = tuple(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EFBIG") if hasattr(errno, name))
"""Write errors after which every other file would fail too: the batch stops."""


@dataclass(frozen=True)
class Job:
    path: str
    out_dir: str
    stem: str
    formats: tuple[str, ...]
    key: str  # output stem relative to OUT, e.g. "2025/plan"
    as_of: str | None = None
    encoding: str | None = None
    document: bool = False  # read as an administrative document whatever its start and end look like
    ocr: str = "auto"  # auto | always | never (kehoach.ocr)

    @property
    def options(self) -> str:
        """The options that change a file's outputs: part of what the cache compares."""
        return json.dumps([self.as_of, self.encoding, self.document] + ([self.ocr] if self.ocr != "auto" else []))


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
    kind: str = ""  # of a failure: input | output | internal | memory | timeout | worker
    errno: int = 0  # of an output failure
    traceback: str = ""
    outputs: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # {"code", "message"} for WARNING_CODES


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
        import kehoach.ocr
        import kehoach.pipeline
        import kehoach.schemas

        h = hashlib.sha256(__version__.encode())
        for pkg in (kehoach.pipeline, kehoach.extractors, kehoach.schemas, kehoach.ocr):
            root = Path(pkg.__file__).parent
            for f in sorted(root.rglob("*")):
                if f.suffix in (".py", ".yaml") and f.is_file():
                    h.update(f.relative_to(root).as_posix().encode())
                    h.update(f.read_bytes())
        _ENGINE = f"{__version__}+{h.hexdigest()[:16]}"
    return _ENGINE




def process(job: Job) -> Result:
    """Extract one file and write its outputs; never raises for a bad input."""
    from datetime import date

    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.export import SOURCE, exporter, staged_writes
    from kehoach.pipeline.run import extract_plan

    from kehoach import ocr

    started = time.perf_counter()
    result = Result(job.key, job.path, "failed")
    try:
        with ocr.settings(mode=job.ocr, jobs=1, cache_dir=Path(job.out_dir) / ocr.CACHE_FOLDER):
            plan = extract_plan(Path(job.path), as_of=date.fromisoformat(job.as_of) if job.as_of else None,
                                encoding=job.encoding, as_document=job.document)
        target = Path(job.out_dir) / Path(job.key).parent
        name = ""
        source = SOURCE.set((job.path, job.encoding))
        try:
            with staged_writes():  # all formats of this file appear together, or none
                for name in job.formats:
                    result.outputs += [str(w) for w in exporter(name)(plan, target, Path(job.key).name)]
        except OSError as exc:
            result.outputs = []
            result.kind, result.errno = "output", exc.errno or 0
            raise KehoachError(f"{target}: cannot write {name} output ({exc.strerror or exc})") from None
        finally:
            SOURCE.reset(source)
        result.status = "done"
        result.sha256 = plan.source.sha256
        result.characters = plan.source.characters
        result.tasks = len(plan.tasks)
        result.warnings = [{"code": f.code, "message": f"{job.path}: {f.message}" + (f" {f.suggestion}" if f.suggestion else "")}
                           for f in plan.findings if f.code in WARNING_CODES]
    except KehoachError as exc:
        result.error = str(exc)
        result.kind = result.kind or "input"
    except MemoryError:
        result.error = f"{job.path}: out of memory while reading; split the document or raise the memory limit"
        result.kind = "memory"
    except Exception as exc:  # a bug must not stop the batch; the traceback goes to errors.jsonl
        result.error = f"{job.path}: internal error {type(exc).__name__}: {exc}"
        result.kind = "internal"
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

    def fresh(self, key: str, sha: str, formats: tuple[str, ...], options: str = "") -> dict | None:
        """The entry of `key` when its outputs are up to date (same input, engine and options), else None."""
        e = self.entries.get(key)
        if not e or e.get("sha256") != sha or e.get("version") != engine_fingerprint():
            return None
        if e.get("options", "") != options:
            return None  # made with another --encoding, --as-of or --document
        if not set(formats) <= set(e.get("formats", [])):
            return None
        return e if all(Path(p).is_file() for p in e.get("outputs", [])) else None

    def record(self, result: Result, formats: tuple[str, ...], options: str = "") -> None:
        prev = self.entries.get(result.key, {})
        if prev.get("options", "") != options:
            prev = {}  # outputs made with other options are not kept as current
        merged = sorted(set(formats) | (set(prev.get("formats", [])) if prev.get("sha256") == result.sha256 else set()))
        outputs = sorted(set(result.outputs) | (set(prev.get("outputs", [])) if prev.get("sha256") == result.sha256 else set()))
        self.entries[result.key] = {"sha256": result.sha256, "version": engine_fingerprint(), "formats": merged,
                                    "outputs": outputs, **({"options": options} if options else {}),
                                    **({"warnings": result.warnings} if result.warnings else {})}

    def save(self) -> None:
        from kehoach.pipeline.export import write_atomic

        write_atomic(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    not_documents: int = 0  # read, but not administrative documents (no tasks extracted)
    not_vietnamese: int = 0  # read, but the text is not Vietnamese: a wrong encoding?
    cut_words: int = 0  # hard-wrapped text whose words are cut apart (no tasks extracted)
    characters: int = 0
    tasks: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped: str = ""  # why the batch stopped early (a full disk), else ""
    errors: list[Result] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # {"file", "code", "message"}

    def note(self, path: str, warnings: list[dict]) -> None:
        for w in warnings:
            self.warnings.append({"file": path, **w})
            self.not_documents += w["code"] == NOT_A_DOCUMENT
            self.not_vietnamese += w["code"] == NOT_VIETNAMESE
            self.cut_words += w["code"] == CUT_WORDS


def check_output_folder(out_dir: Path) -> None:
    """Raise OutputError unless files can be created in `out_dir` (made if missing).

    Checked once before a batch, so that a read-only or full output folder is one clear error
    rather than one per input file.
    """
    import tempfile

    from kehoach.pipeline.errors import OutputError

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kehoach-probe.", suffix=".tmp", dir=out_dir)
        try:
            os.write(fd, b"\n")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write to the output folder ({exc.strerror or exc})") from None


def run_batch(inputs: list[str], out_dir: Path, formats: tuple[str, ...], *, jobs: int | None = None,
              force: bool = False, as_of: str | None = None, progress: bool = True, quiet: bool = False,
              encoding: str | None = None, time_limit: float | None = TIME_LIMIT, document: bool = False,
              ocr: str = "auto") -> Summary:
    """Extract every input into `out_dir`; return the counts. Prints errors as they happen.

    Raises OutputError when `out_dir` cannot be written at all. `time_limit` is in seconds per
    file (None or 0: no limit).
    """
    from kehoach.pipeline.export import remove_stale_temporaries, remove_temporaries
    from kehoach.pipeline.workers import cpu_count, run_jobs

    check_output_folder(out_dir)
    remove_stale_temporaries(out_dir)
    cache = Cache(out_dir)
    summary = Summary()
    started = time.perf_counter()
    todo: list[Job] = []
    empty: list[str] = []
    found = collect_inputs(inputs, empty)
    for folder in empty:
        summary.failed += 1
        error = f"{folder}: is a directory with no .txt, .docx, .doc or .pdf document in it"
        summary.errors.append(Result(folder, folder, "failed", error=error, kind="input"))
        print(f"kehoach: error: {error}", file=sys.stderr)
    options = Job("", "", "", formats, "", as_of, encoding, document, ocr).options
    options = "" if options == Job("", "", "", formats, "").options else options  # the defaults: as before
    for path, key in found:
        if not force and path.is_file():
            try:
                entry = cache.fresh(key, file_sha256(path), formats, options)
            except OSError:
                entry = None  # unreadable: let the worker report it
            if entry is not None:
                summary.skipped += 1
                summary.note(str(path), entry.get("warnings", []))
                continue
        todo.append(Job(str(path), str(out_dir), path.stem, formats, key, as_of, encoding, document, ocr))

    workers = max(1, jobs or cpu_count())
    ocr_failed: list[Result] = []
    ocr_interrupted = False
    if ocr != "never" and todo:  # scans are OCR'd first, all workers on one file's pages (kehoach.ocr.stage)
        from kehoach.ocr.stage import ocr_stage

        ocr_failed, ocr_interrupted = ocr_stage(todo, out_dir, workers, ocr, progress=progress and not quiet)
        failed_paths = {r.path for r in ocr_failed}
        todo = [] if ocr_interrupted else [j for j in todo if j.path not in failed_paths]
    bar = _Progress(len(todo) + len(ocr_failed), enabled=progress and not quiet)

    def handle(result: Result) -> None:
        if result.status == "done":
            summary.done += 1
            summary.characters += result.characters
            summary.tasks += result.tasks
            summary.note(result.path, result.warnings)
            cache.record(result, formats, options)
            if not quiet:
                for w in result.warnings:
                    if w["code"] in (NOT_VIETNAMESE, CUT_WORDS):
                        bar.print(f"kehoach: warning: {w['message']}")
        else:
            summary.failed += 1
            summary.errors.append(result)
            if result.kind == "output" and result.errno in _FULL:
                if not summary.stopped:
                    summary.stopped = (f"{out_dir}: cannot write the outputs of {result.path} ({os.strerror(result.errno)}); "
                                       "the batch stopped: finished files are whole, make room and run again to continue")
                    bar.print(f"kehoach: error: {summary.stopped}")
            else:
                bar.print(f"kehoach: error: {result.error}")
        bar.advance(result, summary)

    def lost(job_lost) -> None:
        job: Job = job_lost.job
        remove_temporaries(Path(job.out_dir) / Path(job.key).parent, job_lost.pid)
        if job_lost.reason == "timeout":
            error = (f"{job.path}: took longer than the time limit of {job_lost.detail} s and was stopped "
                     "(a pathological input?); --time-limit SECONDS changes the limit")
            kind = "timeout"
        elif job_lost.reason == "interrupted":
            error = f"{job.path}: stopped by a second Ctrl-C; nothing was written for it"
            kind = "interrupted"
        else:
            error = f"{job.path}: the worker process extracting it died ({job_lost.detail}); nothing was written for it"
            kind = "worker"
        handle(Result(job.key, job.path, "failed", error=error, kind=kind))

    for failed in ocr_failed:
        handle(failed)
    interrupted = ocr_interrupted
    presses = 0

    def on_sigint(signum, frame) -> None:
        nonlocal interrupted, presses
        presses += 1
        interrupted = True  # the first Ctrl-C: stop handing out files; those in progress finish
        if presses == 2:  # the second: stop the files in progress too (a third changes nothing)
            raise KeyboardInterrupt

    def stop() -> bool:
        return interrupted or bool(summary.stopped)

    # Signal handlers can only be set from the main thread; elsewhere Ctrl-C is not ours to handle.
    handling_sigint = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_sigint) if handling_sigint else None
    try:
        _preload(formats)
        run_jobs(todo, process, workers, handle, lost, time_limit=time_limit or None,
                 tasks_per_worker=TASKS_PER_WORKER, stop=stop)
    except KeyboardInterrupt:  # the second Ctrl-C (the busy workers were stopped), or one before the handler
        interrupted = True
    finally:
        if handling_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a third Ctrl-C must not cut the clean-up short
        bar.close()
        summary.interrupted = interrupted
        summary.seconds = time.perf_counter() - started
        try:
            cache.save()
            _write_errors(out_dir, summary.errors)
            _write_warnings(out_dir, summary.warnings)
        except OSError as exc:
            if not summary.stopped:
                print(f"kehoach: error: {out_dir}: cannot write the batch records ({exc.strerror or exc})", file=sys.stderr)
        if handling_sigint:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    return summary


def _preload(formats: tuple[str, ...]) -> None:
    """Import the pipeline and the exporters, and compile the rules, once here: every forked worker
    starts with them. Otherwise each new worker (one per 200 files) pays about 0.4 s to compile the
    rule patterns again on its first file."""
    from importlib import resources

    from kehoach.pipeline.export import exporter
    from kehoach.pipeline.run import extract_plan

    for name in formats:
        exporter(name)
    sample = resources.files("kehoach.samples") / "ninh-thuan-2017-ttdn.txt"
    extract_plan(sample.read_text(encoding="utf-8"), name=sample.name)


def _write_errors(out_dir: Path, errors: list[Result]) -> None:
    records = [{"file": e.path, "kind": e.kind, "error": e.error, **({"traceback": e.traceback} if e.traceback else {})}
               for e in sorted(errors, key=lambda r: r.path)]
    _write_jsonl(out_dir / ERRORS_NAME, records)


def _write_warnings(out_dir: Path, warnings: list[dict]) -> None:
    _write_jsonl(out_dir / WARNINGS_NAME, sorted(warnings, key=lambda w: (w["file"], w["code"])))


def _write_jsonl(path: Path, records: list[dict]) -> None:
    """One JSON object a line; no file when there is nothing to say (an old one is removed)."""
    from kehoach.pipeline.export import write_atomic

    if not records:
        if path.exists():
            path.unlink()
        return
    write_atomic(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


class _Progress:
    """A rich progress bar on a terminal (files, errors, throughput); silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled and total > 1 and sys.stderr.isatty()
        self._progress = None
        self._started = time.perf_counter()
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # No refresh thread (auto_refresh=False): workers are forked from this process, and a
            # fork while another thread holds a lock can leave the child waiting on it forever.
            self._progress = Progress(
                TextColumn("[bold]kehoach"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[errors]} errors · {task.fields[rate]}"), TimeRemainingColumn(),
                transient=True, auto_refresh=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=total, errors=0, rate="")

    def advance(self, result: Result, summary: Summary) -> None:
        if self._progress is not None:
            elapsed = time.perf_counter() - self._started
            rate = f"{summary.characters / elapsed:,.0f} chars/s" if elapsed > 0 else ""
            self._progress.update(self._task, advance=1, errors=summary.failed, rate=rate)
            self._progress.refresh()

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
        ("not documents", str(summary.not_documents)
         + (f"  (not administrative: no tasks; see {out_dir / WARNINGS_NAME})" if summary.not_documents else "")),
        ("not Vietnamese", str(summary.not_vietnamese)
         + (f"  (wrong encoding? see {out_dir / WARNINGS_NAME})" if summary.not_vietnamese else "")),
        *([("words cut apart", f"{summary.cut_words}  (no tasks; give the PDF; see {out_dir / WARNINGS_NAME})")]
          if summary.cut_words else []),
        ("tasks found", str(summary.tasks)),
        ("characters", f"{summary.characters:,}"),
        ("time", f"{summary.seconds:.2f} s" + ("  (interrupted)" if summary.interrupted else "")
         + ("  (stopped: the output folder cannot be written)" if summary.stopped else "")),
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
    d["errors"] = [{"file": e.path, "kind": e.kind, "error": e.error} for e in summary.errors]
    return d
