"""Pages → images → Tesseract: the words of every page with their boxes and confidence, and the
ruling lines drawn on the page (table borders), cached by the file's hash.

- A PDF page is rendered with pypdfium2 (already installed with pdfplumber) at the resolution of
  the image it holds (a scan at 200 dpi is read at 200 dpi: no resampling), 300 dpi when it holds
  none; an image file (.png, .jpg, .tif, every frame of a multi-page .tif) is read with Pillow at
  the resolution it states (300 dpi when it states none).
- Each page goes to the `tesseract` binary (`-l vie`, TSV output) in its own process with one
  thread (`OMP_THREAD_LIMIT=1`): pages are read in parallel, `jobs` at a time, which on two cores
  is faster than one Tesseract using both (its threads wait on each other).
- Ruling lines are found in the page image itself (long runs of dark pixels, `rules`): the PDF
  reader's tables and header block need them, and Tesseract drops them.
- The result of a file is cached as JSON under the cache folder, named by the file's SHA-256 and a
  fingerprint of everything that changes it (Tesseract's version, language, this module's settings),
  written to a temporary file and renamed.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read.base import file_sha256

LANGUAGE = "vie"
PSM = "3"  # fully automatic page segmentation: columns, header cells and tables are found
DEFAULT_DPI = 300
"""Resolution for a page that holds no image (a vector page read with --ocr always) or an image
file that states none."""
MIN_DPI, MAX_DPI = 150, 400
MAX_PAGE_PIXELS = 60_000_000
"""A page image larger than this (about A0 at 300 dpi) is refused, not read into memory."""
PAGE_SECONDS = 180
"""Tesseract is stopped when one page takes longer than this."""
CACHE_VERSION = "1"
"""Raise when what is cached changes shape or meaning."""

INSTALL = "install Tesseract with Vietnamese data, e.g. apt-get install tesseract-ocr tesseract-ocr-vie"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line) on the page


@dataclass
class OcrPage:
    number: int  # 1-based
    width: int  # pixels
    height: int
    dpi: float
    words: list[OcrWord] = field(default_factory=list)
    lines: dict[tuple[int, int, int], tuple[int, int, int, int]] = field(default_factory=dict)  # line → (left, top, width, height)
    rules: list[tuple[str, int, int, int]] = field(default_factory=list)  # ("h", y, x0, x1) or ("v", x, y0, y1), pixels
    cells: int = 0  # version of the second look at empty table cells (`fill_cells`) done on this page

    def to_json(self) -> dict:
        return {"number": self.number, "width": self.width, "height": self.height, "dpi": self.dpi,
                "words": [[w.text, w.left, w.top, w.width, w.height, round(w.conf, 2), *w.line] for w in self.words],
                "lines": [[*k, *v] for k, v in sorted(self.lines.items())],
                "rules": [list(r) for r in self.rules], "cells": self.cells}

    @classmethod
    def from_json(cls, d: dict) -> "OcrPage":
        return cls(d["number"], d["width"], d["height"], d["dpi"],
                   [OcrWord(w[0], w[1], w[2], w[3], w[4], w[5], (w[6], w[7], w[8])) for w in d["words"]],
                   {(l[0], l[1], l[2]): (l[3], l[4], l[5], l[6]) for l in d["lines"]},
                   [tuple(r) for r in d["rules"]], d.get("cells", 0))


@dataclass
class OcrResult:
    pages: list[OcrPage]
    engine: str  # "tesseract 5.3.0 (vie)"
    cached: bool = False

    @property
    def mean_confidence(self) -> float:
        confs = [w.conf for p in self.pages for w in p.words if w.conf >= 0]
        return sum(confs) / len(confs) if confs else 0.0

    def page_confidence(self, page: OcrPage) -> float:
        confs = [w.conf for w in page.words if w.conf >= 0]
        return sum(confs) / len(confs) if confs else 0.0


# --- Tesseract ------------------------------------------------------------------------------

_VERSION: str | None = None


def tesseract_version() -> str | None:
    """'5.3.0', or None when the binary or its Vietnamese data is missing."""
    global _VERSION
    if _VERSION is None:
        exe = shutil.which("tesseract")
        if exe is None:
            return None
        try:
            out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
            langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        first = (out.stdout or out.stderr).split("\n", 1)[0].split()
        if LANGUAGE not in (langs.stdout + langs.stderr).split():
            return None
        _VERSION = first[1] if len(first) > 1 else "?"
    return _VERSION


def available() -> bool:
    return tesseract_version() is not None


def _require(path: Path) -> str:
    version = tesseract_version()
    if version is None:
        raise InputError(str(path), f"needs OCR but Tesseract or its Vietnamese data is missing; {INSTALL}")
    return version


def fingerprint() -> str:
    """What the cached result depends on besides the file's bytes."""
    return hashlib.sha256(f"{CACHE_VERSION}|{tesseract_version()}|{LANGUAGE}|{PSM}|{DEFAULT_DPI}|{_RULES}".encode()).hexdigest()[:12]


def _tesseract(png: Path, dpi: float, psm: str = PSM) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(["tesseract", str(png), "stdout", "-l", LANGUAGE, "--psm", psm, "--dpi", str(round(dpi)), "tsv"],
                          capture_output=True, env=env, timeout=PAGE_SECONDS)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["tesseract failed"])
    return proc.stdout.decode("utf-8", "replace")


def _parse_tsv(tsv: str, page: OcrPage) -> None:
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)
    for row in reader:
        if len(row) < 12:
            continue
        level = int(row[0])
        key = (int(row[2]), int(row[3]), int(row[4]))
        box = (int(row[6]), int(row[7]), int(row[8]), int(row[9]))
        if level == 4:
            page.lines[key] = box
        elif level == 5 and row[11].strip():
            page.words.append(OcrWord(row[11].strip(), *box, float(row[10]), key))


# --- ruling lines ---------------------------------------------------------------------------

_RULES = "rules-1"  # version of the rule finder (part of the cache fingerprint)


def rules(gray, dpi: float) -> list[tuple[str, int, int, int]]:
    """Horizontal and vertical ruling lines of a page image (a 2-D uint8 array): runs of dark
    pixels at least a quarter of an inch long (horizontal) or a third (vertical; a letter's stem
    with its marks is shorter), at most a thirtieth of an inch thick."""
    import numpy as np

    dark = np.asarray(gray) < 150
    found: list[tuple[str, int, int, int]] = []
    for kind, mask, length in (("h", dark, int(dpi / 4)), ("v", dark.T, int(dpi / 3))):
        runs = _runs(mask, length)
        thick = max(2, int(dpi / 30))
        # Merge the runs of adjacent pixel rows into one line (a rule is 1–4 pixels thick).
        merged: list[list[int]] = []  # [first row, last row, x0, x1]
        # A scanned page is a little skewed: a rule steps from one pixel row to the next along
        # its length, so runs of nearby rows that meet end to end are one rule too.
        for y, x0, x1 in runs:
            for m in reversed(merged[-12:]):
                if y - m[1] <= 1 and x0 < m[3] + 3 and x1 > m[2] - 3:
                    m[1], m[2], m[3] = y, min(m[2], x0), max(m[3], x1)
                    m[4] = max(m[4], y - m[5])
                    break
            else:
                merged.append([y, y, x0, x1, 1, y])  # …, thickness seen, first row
        for first, last, x0, x1, _, _ in merged:
            # Thick: a solid block (a photo, a stamp, a bold bar), not a rule.
            if last - first + 1 <= thick + (x1 - x0) // 40:
                found.append((kind, (first + last) // 2, x0, x1))
    return found


def _runs(mask, length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of True at least `length` long, row by row."""
    import numpy as np

    if mask.shape[1] < length:
        return []
    c = np.cumsum(mask, axis=1, dtype=np.int32)
    c = np.concatenate([np.zeros((mask.shape[0], 1), np.int32), c], axis=1)
    full = (c[:, length:] - c[:, :-length]) == length  # a window of `length` dark pixels starts here
    rows = np.nonzero(full.any(axis=1))[0]
    out = []
    for y in rows:
        starts = full[y]
        covered = np.zeros(mask.shape[1] + 1, np.int32)
        idx = np.nonzero(starts)[0]
        np.add.at(covered, idx, 1)
        np.add.at(covered, idx + length, -1)
        on = np.cumsum(covered[:-1]) > 0
        edges = np.diff(np.concatenate([[0], on.astype(np.int8), [0]]))
        for s, e in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
            out.append((int(y), int(s), int(e)))
    return out


# --- rendering --------------------------------------------------------------------------------

def page_count(path: Path) -> int:
    """Pages of a PDF or frames of an image file."""
    if path.suffix.lower() in IMAGE_SUFFIXES and not _is_pdf(path):
        from PIL import Image

        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def has_page_images(path: Path) -> bool:
    """Whether some page of the PDF is mostly a picture (an image covering a quarter of it or
    more): a scan. A page of vector text only, however garbled, is no scan, and OCR would read
    the same garbage back."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return False
    try:
        for i in range(min(len(pdf), 500)):
            page = pdf[i]
            area = page.get_width() * page.get_height()
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                x0, y0, x1, y1 = obj.get_bounds()
                if (x1 - x0) * (y1 - y0) >= 0.25 * area:
                    return True
            page.close()
    except Exception:
        return False
    finally:
        pdf.close()
    return False


def _is_pdf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(5) == b"%PDF-"


def _render(path: Path, number: int, lock: threading.Lock):
    """(grey PIL image, dpi) of page `number` (1-based)."""
    from PIL import Image, ImageOps

    if not _is_pdf(path):
        with Image.open(path) as im:
            im.seek(number - 1)
            dpi = im.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
            if im.width * im.height > MAX_PAGE_PIXELS:
                raise InputError(str(path), f"page {number} is {im.width}×{im.height} pixels, too large to read")
            grey = ImageOps.exif_transpose(im).convert("L")
            return grey, float(max(MIN_DPI / 2, min(MAX_DPI * 2, float(dpi))))
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with lock:  # pdfium is not thread-safe
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[number - 1]
            width_pt = page.get_width()
            dpi = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                try:
                    px_w, _ = obj.get_px_size()
                    x0, _, x1, _ = obj.get_bounds()
                except Exception:
                    continue
                if x1 - x0 > width_pt / 2:  # a page-sized image: its own resolution
                    dpi = max(dpi, px_w / ((x1 - x0) / 72))
            dpi = float(round(min(MAX_DPI, max(MIN_DPI, dpi)))) if dpi else float(DEFAULT_DPI)
            if (width_pt * dpi / 72) * (page.get_height() * dpi / 72) > MAX_PAGE_PIXELS:
                raise InputError(str(path), f"page {number} is too large to read at {dpi:.0f} dpi")
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
        finally:
            pdf.close()
    return image, dpi


def _ocr_page(path: Path, number: int, lock: threading.Lock) -> OcrPage:
    import numpy as np

    image, dpi = _render(path, number, lock)
    page = OcrPage(number, image.width, image.height, dpi)
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(dpi, dpi))
        try:
            tsv = _tesseract(png, dpi)
        except subprocess.TimeoutExpired:
            raise InputError(str(path), f"OCR of page {number} took over {PAGE_SECONDS} s and was stopped") from None
        except RuntimeError as exc:
            raise InputError(str(path), f"OCR of page {number} failed ({exc.args[0][0] if exc.args[0] else 'tesseract'})") from None
    _parse_tsv(tsv, page)
    page.rules = rules(np.asarray(image), dpi)
    fill_cells(page, image)
    return page


CELLS = 2
"""Version of `fill_cells`: a cached page without it gets that look on its next reading."""
MAX_CELLS = 300
"""Cells looked at again per page, at most."""


def fill_cells(page: OcrPage, image) -> None:
    """A second look at ruled tables: a cell with ink in it but no word read is read again on its
    own, as one line (`--psm 7`) when it is one line tall, else as a block of text (`--psm 6`).
    Tesseract's page segmentation drops a lone "1" or "12" in a narrow STT cell, and finds no text
    at all on a page whose table has a dozen columns a few letters wide (a saved web page pasted
    into Word and printed): read column by column, those pages give their words back."""
    import numpy as np

    from kehoach.ocr.layout import tables

    page.cells = CELLS
    scale = page.dpi / 72.0
    arr = np.asarray(image)
    margin = max(2, int(page.dpi / 40))
    todo = []
    for table in tables(page):
        for row in table.rows:
            for box in row.cells:
                if box is None:
                    continue
                x0, y0, x1, y1 = (int(round(v * scale)) for v in box)
                x0, y0, x1, y1 = x0 + margin, y0 + margin, x1 - margin, y1 - margin
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                if any(x0 <= w.left + w.width / 2 <= x1 and y0 <= w.top + w.height / 2 <= y1 for w in page.words):
                    continue
                ink = int((arr[y0:y1, x0:x1] < 128).sum())
                if ink >= max(12, page.dpi / 10):
                    todo.append((x0, y0, x1, y1))
    from PIL import Image, ImageOps

    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        for k, (x0, y0, x1, y1) in enumerate(todo[:MAX_CELLS]):
            pad = 10
            crop = ImageOps.expand(image.crop((x0, y0, x1, y1)), border=pad, fill=255)
            png = Path(tmp) / f"cell{k}.png"
            crop.save(png, dpi=(page.dpi, page.dpi))
            one_line = (y1 - y0) < page.dpi * 0.4
            try:
                tsv = _tesseract(png, page.dpi, psm="7" if one_line else "6")
            except (subprocess.TimeoutExpired, RuntimeError):
                continue
            cell = OcrPage(page.number, crop.width, crop.height, page.dpi)
            _parse_tsv(tsv, cell)
            words = [w for w in cell.words if w.conf >= 30]
            for w in words:
                key = (10_000 + k * 100 + w.line[0], w.line[1], w.line[2])  # the cell's own lines
                page.words.append(OcrWord(w.text, w.left + x0 - pad, w.top + y0 - pad, w.width, w.height, w.conf, key))
            for line_key, (lx, ly, lw, lh) in cell.lines.items():
                key = (10_000 + k * 100 + line_key[0], line_key[1], line_key[2])
                page.lines[key] = (lx + x0 - pad, ly + y0 - pad, lw, lh)


# --- the cache and the whole file -------------------------------------------------------------

def cache_path(cache_dir: Path, sha: str) -> Path:
    return cache_dir / f"{sha}.{fingerprint()}.json"


def load_cached(cache_dir: Path | None, sha: str) -> OcrResult | None:
    if cache_dir is None or tesseract_version() is None:
        return None
    try:
        data = json.loads(cache_path(cache_dir, sha).read_text(encoding="utf-8"))
        return OcrResult([OcrPage.from_json(p) for p in data["pages"]], data["engine"], cached=True)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def _save(cache_dir: Path, sha: str, result: OcrResult) -> None:
    target = cache_path(cache_dir, sha)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"engine": result.engine, "pages": [p.to_json() for p in result.pages]},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next run


def ocr_file(path: Path, *, jobs: int = 1, cache_dir: Path | None = None, sha: str | None = None,
             on_page: Callable[[int], None] | None = None, stop: Callable[[], bool] | None = None,
             pages: list[int] | None = None) -> OcrResult:
    """OCR every page of a scanned PDF or image file (or only `pages`, 1-based), `jobs` pages at a
    time; cached in `cache_dir` under the file's SHA-256 (and the pages asked for).

    `on_page(n)` is called after each page is read (for a progress bar); `stop()` returning True
    stops handing out pages (Ctrl-C), which raises KeyboardInterrupt once the pages running end.
    """
    version = _require(path)
    sha = sha or file_sha256(path)
    if pages:
        sha = f"{sha}-p{'-'.join(map(str, pages))}"
    cached = load_cached(cache_dir, sha)
    if cached is not None:
        stale = [p for p in cached.pages if p.cells != CELLS]
        if stale:  # read before the second look at table cells existed: only that look is done now
            lock = threading.Lock()
            for p in stale:
                p.words = [w for w in p.words if w.line[0] < 10_000]
                p.lines = {k: v for k, v in p.lines.items() if k[0] < 10_000}
                fill_cells(p, _render(path, p.number, lock)[0])
            if cache_dir is not None:
                _save(cache_dir, sha, cached)
        if on_page:
            on_page(len(cached.pages))
        return cached
    try:
        count = page_count(path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot be opened for OCR ({type(exc).__name__})") from None
    from kehoach.pipeline.read.pdf import MAX_PAGES

    if count > MAX_PAGES:
        raise InputError(str(path), f"has {count} pages, over the {MAX_PAGES}-page limit")
    lock = threading.Lock()
    done_pages: dict[int, OcrPage] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        pending = {}
        numbers = iter([n for n in pages if 1 <= n <= count] if pages else range(1, count + 1))
        for n in numbers:
            pending[pool.submit(_ocr_page, path, n, lock)] = n
            if len(pending) >= max(1, jobs):
                break
        while pending:
            from concurrent.futures import FIRST_COMPLETED, wait

            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                n = pending.pop(fut)
                done_pages[n] = fut.result()
                if on_page:
                    on_page(1)
                if not (stop and stop()):
                    nxt = next(numbers, None)
                    if nxt is not None:
                        pending[pool.submit(_ocr_page, path, nxt, lock)] = nxt
        if stop and stop() and len(done_pages) < (len(pages) if pages else count):
            raise KeyboardInterrupt
    result = OcrResult([done_pages[n] for n in sorted(done_pages)], f"tesseract {version} ({LANGUAGE})")
    if cache_dir is not None:
        _save(cache_dir, sha, result)
    return result
