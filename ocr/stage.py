"""The OCR stage of a batch: before the workers extract, every scan among the inputs is OCR'd in
the main process, its pages read `jobs` at a time, with a progress bar counting pages; the
results go to the OCR cache (OUT/.kehoach-ocr), where the workers find them. A re-run finds them
there too and reads no page again.

Which PDFs are scans is judged here cheaply from pdfium's text (letters per page, and whether
they read as Vietnamese), as the PDF reader judges its own text layer; a PDF taken for a text
PDF here and found to be a scan by the reader is OCR'd by its worker instead (without the bar).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from kehoach import ocr
from kehoach.ocr import engine
from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import file_sha256


def needs_ocr(path: Path, mode: str) -> bool:
    """Whether the file will be read by OCR: an image, or a PDF with `always`, or (with `auto`)
    a PDF whose text layer is missing or garbage."""
    if mode == "never" or not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return True
    if not head.startswith(b"%PDF-"):
        return False
    if mode == "always":
        return True
    return not _has_text_layer(path) and engine.has_page_images(path)


def _has_text_layer(path: Path) -> bool:
    from kehoach.pipeline.read import legacy
    from kehoach.pipeline.read.pdf import MIN_LETTERS_PER_PAGE, MIN_VIETNAMESE_SHARE

    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return True  # not readable here: the PDF reader gives the error
    try:
        texts = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
    except Exception:
        return True
    finally:
        pdf.close()
    text = "\n".join(texts)
    if sum(c.isalpha() for c in text) < MIN_LETTERS_PER_PAGE * max(1, len(texts)):
        return False
    return legacy.vietnamese_share(text) >= MIN_VIETNAMESE_SHARE or legacy.detect(text) is not None


def ocr_stage(jobs_todo: list, out_dir: Path, workers: int, mode: str, *, progress: bool = True):
    """OCR the scans among `jobs_todo` (batch Jobs) into the cache; return the Results of the files
    that failed (one-line errors) and whether Ctrl-C stopped the stage."""
    from kehoach.pipeline.batch import Result

    cache_dir = out_dir / ocr.CACHE_FOLDER
    scans = []
    for job in jobs_todo:
        path = Path(job.path)
        if needs_ocr(path, mode):
            try:
                sha = file_sha256(path)
            except OSError:
                continue  # the worker reports it
            if engine.load_cached(cache_dir, sha) is None:
                scans.append((job, path, sha))
    if not scans:
        return [], False
    failed: list[Result] = []
    if not engine.available():
        for job, path, _ in scans:
            failed.append(Result(job.key, job.path, "failed", kind="input",
                                 error=f"{path}: needs OCR but Tesseract or its Vietnamese data is missing; {engine.INSTALL}"))
        return failed, False
    counts = {}
    for job, path, _ in scans:
        try:
            counts[job.path] = engine.page_count(path)
        except Exception:
            counts[job.path] = 1
    bar = _PageBar(sum(counts.values()), enabled=progress)
    try:
        for job, path, sha in scans:
            started = time.perf_counter()
            bar.describe(path.name)
            try:
                engine.ocr_file(path, jobs=workers, cache_dir=cache_dir, sha=sha, on_page=bar.advance)
            except InputError as exc:
                failed.append(Result(job.key, job.path, "failed", kind="input", error=str(exc),
                                     seconds=time.perf_counter() - started))
    except KeyboardInterrupt:
        return failed, True
    finally:
        bar.close()
    return failed, False


class _PageBar:
    """A rich progress bar counting OCR'd pages on a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._progress = None
        self._started = time.perf_counter()
        self._done = 0
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("[bold]kehoach OCR"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("pages · {task.fields[rate]} · {task.fields[file]}"),
                                      TimeRemainingColumn(), transient=True, console=Console(stderr=True))
            self._progress.start()
            self._task = self._progress.add_task("ocr", total=total, rate="", file="")

    def describe(self, name: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, file=name)

    def advance(self, n: int) -> None:
        self._done += n
        if self._progress is not None:
            elapsed = time.perf_counter() - self._started
            self._progress.update(self._task, advance=n, rate=f"{self._done / elapsed:.2f} pages/s" if elapsed else "")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
