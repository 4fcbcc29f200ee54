"""Audit of a plan's legal references (`kehoach audit`). Being written; see issue 3."""
from __future__ import annotations

from kehoach.schemas import Finding, Plan


def audit_findings(plan: Plan) -> list[Finding]:
    """Return findings about the plan's references that need the whole plan (dates, consistency)."""
    return []
