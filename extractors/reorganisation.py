"""Units in context and over time: resolved names and the 2025 reorganisation. Being written; see issue 4."""
from __future__ import annotations

from datetime import date

from kehoach.schemas import Plan


def apply_unit_context(plan: Plan, as_of: date | None = None) -> Plan:
    """Return the plan with units resolved in the document's context and, with `as_of`, their successors."""
    return plan
