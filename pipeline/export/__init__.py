"""Exporters: each turns a `Plan` into files of one format. They read the Plan, never the text.

`EXPORTERS` maps a format name to "module:function"; the function takes (plan, out_dir, stem)
and returns the paths it wrote. Modules are imported only when their format is asked for, so a
JSON-only run never loads openpyxl or matplotlib. Every file is written through `write_atomic`.
"""
from __future__ import annotations

import importlib
import os
import re
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator

EXPORTERS: dict[str, str] = {
    "json": "kehoach.pipeline.export.json_export:export_json",
    "md": "kehoach.pipeline.export.checklist:export_checklist",
    "md-units": "kehoach.pipeline.export.checklist_per_unit:export_checklist_per_unit",
    "csv": "kehoach.pipeline.export.csv_export:export_csv",
    "csv-bom": "kehoach.pipeline.export.csv_export:export_csv_excel",
    "xlsx": "kehoach.pipeline.export.xlsx_export:export_xlsx",
    "ics": "kehoach.pipeline.export.ics_export:export_ics",
    "graphml": "kehoach.pipeline.export.graphml_export:export_graphml",
    "docx": "kehoach.pipeline.export.docx_export:export_docx",
    "svg": "kehoach.pipeline.export.svg_export:export_svg",
}
"""Format name → "module:function(plan, out_dir, stem) -> list[Path]"."""


SOURCE_EXPORTERS: dict[str, str] = {
    "spacy": "kehoach.spacy_component.export:export_spacy",
}
"""Formats that need the document's text besides the plan (a spaCy DocBin keeps the tokens), so
only `kehoach extract` writes them (it sets `SOURCE`); asked for by name, never part of `all`."""

SOURCE: ContextVar[tuple[str, str | None] | None] = ContextVar("kehoach_source", default=None)
"""While a batch writes one document's outputs: (input path, forced encoding or None)."""


def exporter(name: str) -> Callable:
    module, func = (EXPORTERS[name] if name in EXPORTERS else SOURCE_EXPORTERS[name]).split(":")
    return getattr(importlib.import_module(module), func)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_STAGED: ContextVar[list[tuple[str, Path]] | None] = ContextVar("kehoach_staged_writes", default=None)
"""Inside `staged_writes()`: the (temporary file, final path) pairs written so far."""

_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
"""A temporary file of `write_atomic`: ".plan.json.<pid>.<random>.tmp"; the pid says who wrote it."""


def _write_fd(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd` (a short write is retried; a full disk raises OSError ENOSPC)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` through a temporary file in the same folder, then rename.

    A reader of `path` sees the old file or the whole new one, never a part. The temporary file is
    named ".<name>.<pid>.<random>.tmp", so that what a killed process left can be found and removed
    (`remove_temporaries`). Inside `staged_writes()` the rename waits for the end of the block.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs get the usual mode
            _write_fd(fd, content.encode("utf-8") if isinstance(content, str) else content)
        finally:
            os.close(fd)
        staged = _STAGED.get()
        if staged is None:
            os.replace(tmp, path)
        else:
            staged.append((tmp, path))
    except BaseException:
        _unlink(tmp)
        raise
    return path


@contextmanager
def staged_writes() -> Iterator[None]:
    """Within the block, `write_atomic` only writes temporary files; they are renamed into place
    together when the block ends, or all removed when it raises.

    So a document's outputs appear together or not at all: a full disk while writing its third
    format leaves neither the first two nor a part of the third.
    """
    staged: list[tuple[str, Path]] = []
    token = _STAGED.set(staged)
    try:
        yield
    except BaseException:
        _STAGED.reset(token)
        for tmp, _ in staged:
            _unlink(tmp)
        raise
    _STAGED.reset(token)
    for i, (tmp, path) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except BaseException:
            for rest, _ in staged[i:]:
                _unlink(rest)
            raise


def remove_temporaries(folder: Path, pid: int) -> list[Path]:
    """Remove the temporary files that process `pid` left in `folder` and its "*.units" folders.

    For a worker that was killed while writing: its files were never renamed, so none is an output.
    """
    removed: list[Path] = []
    for place in (folder, *folder.glob("*.units")):
        try:
            names = list(place.iterdir())
        except OSError:
            continue
        for f in names:
            m = _TEMPORARY.match(f.name)
            if m and int(m.group(1)) == pid:
                _unlink(str(f))
                removed.append(f)
    return removed


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Remove, anywhere under `root`, the temporary files of processes that no longer run.

    What a run killed outright (`kill -9`, a power cut) left behind; a temporary file of a run
    still going (another kehoach writing to the same folder) is left alone.
    """
    removed: list[Path] = []
    for f in root.rglob(".*.tmp"):
        m = _TEMPORARY.match(f.name)
        if m is None or _running(int(m.group(1))):
            continue
        _unlink(str(f))
        removed.append(f)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _unlink(path: str) -> None:
    """Remove a temporary file; a failure here must not hide the error being reported."""
    try:
        os.unlink(path)
    except OSError:
        pass
