"""Exporters: each turns a `Plan` into files of one format. They read the Plan, never the text.

`EXPORTERS` maps a format name to "module:function"; the function takes (plan, out_dir, stem)
and returns the paths it wrote. Modules are imported only when their format is asked for, so a
JSON-only run never loads openpyxl or matplotlib. Every file is written through `write_atomic`.
"""
from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import Callable

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


def exporter(name: str) -> Callable:
    module, func = EXPORTERS[name].split(":")
    return getattr(importlib.import_module(module), func)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` through a temporary file in the same folder, then rename.

    A reader of `path` sees the old file or the whole new one, never a part.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs get the usual mode
        if isinstance(content, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
