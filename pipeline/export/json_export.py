"""The plan as JSON: the contract (schemas/plan.schema.json), byte-identical for the same input."""
from __future__ import annotations

import json

from kehoach.schemas import Plan


def plan_to_json(plan: Plan) -> str:
    """Return the plan as pretty-printed UTF-8 JSON text ending in a newline."""
    return json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def export_json(plan: Plan, out_dir, stem: str) -> list:
    """Write OUT/<stem>.json."""
    from pathlib import Path

    from kehoach.pipeline.export import write_atomic

    return [write_atomic(Path(out_dir) / f"{stem}.json", plan_to_json(plan))]
