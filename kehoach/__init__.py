"""kehoach: Vietnamese administrative plans → sections, tasks, units, legal references.

The front door is `extract_plan(path_or_text) -> Plan`.

The installed package maps the repository's top-level folders `pipeline/`, `extractors/`,
`schemas/` and `samples/` to `kehoach.pipeline`, `kehoach.extractors` … (see pyproject.toml).
When Python imports this file straight from a checkout (running `python -m kehoach` or the tests
from the repository root), those folders are siblings of this one, so they are added to the
package's search path; an installed copy never needs it.
"""
from __future__ import annotations

from pathlib import Path as _Path

__version__ = "0.1.0"

_checkout = _Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "pipeline" / "run.py").is_file():
    __path__.append(str(_checkout))  # type: ignore[name-defined]


def extract_plan(*args, **kwargs):
    """Return the plan of a document (a path to a .txt/.docx/.pdf/.doc file, or the text itself).

    Ví dụ: kehoach.extract_plan(Path("samples/ninh-thuan-2017-ttdn.txt")).document.doc_type == "KẾ HOẠCH".
    See `kehoach.pipeline.run.extract_plan`.
    """
    from kehoach.pipeline.run import extract_plan as _extract_plan

    return _extract_plan(*args, **kwargs)


__all__ = ["__version__", "extract_plan"]
