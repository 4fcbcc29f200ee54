"""OCR: scanned PDFs and images (.png, .jpg, .tif) read with Tesseract's Vietnamese model.

`read_scanned(path)` OCRs every page (`engine`), lays the words out with the PDF reader's own
layout code (`layout`), repairs OCR's typical errors where the language makes it safe (`repair`)
and returns a `RawText` whose every line keeps its page, with a finding carrying the mean
confidence and the pages read poorly.

How OCR is used is one setting for the process (`configure`, or the `settings` context): the mode
(`auto`: a PDF whose text layer is missing or garbage is OCR'd; `always`; `never`), the number of
pages read at once, and the cache folder. The batch sets it before its workers start, so they
share it; `kehoach extract --ocr MODE` sets the mode.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

MODES = ("auto", "always", "never")
LOW_CONFIDENCE = 70.0
"""A page whose words Tesseract is on average less sure of than this (0–100) is named in the
finding: look at it against the page image."""
CACHE_FOLDER = ".kehoach-ocr"
"""The OCR cache inside a batch's output folder."""


@dataclass(frozen=True)
class Settings:
    mode: str = "auto"
    jobs: int = 0  # pages read at once; 0: the cores this process may use
    cache_dir: Path | None = None


_settings = Settings()


def current() -> Settings:
    return _settings


def configure(**changes) -> Settings:
    """Change the process's OCR settings; return the previous ones."""
    global _settings
    previous = _settings
    if changes.get("mode", "auto") not in MODES:
        raise ValueError(f"unknown OCR mode {changes['mode']!r}; expected one of {', '.join(MODES)}")
    _settings = replace(_settings, **changes)
    return previous


@contextmanager
def settings(**changes):
    previous = configure(**changes)
    try:
        yield _settings
    finally:
        configure(**vars(previous))


def jobs() -> int:
    if _settings.jobs:
        return _settings.jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def read_scanned(path, *, on_page=None):
    """OCR a scanned PDF or an image file; see `kehoach.ocr.reader.read_scanned`."""
    from kehoach.ocr.reader import read_scanned as _read

    return _read(Path(path), on_page=on_page)


__all__ = ["MODES", "Settings", "configure", "current", "settings", "read_scanned", "LOW_CONFIDENCE"]
