"""The JSON Schema of the plan, exported from the pydantic models.

`schemas/plan.schema.json` in the repository is this output; a test fails when the two differ.
Regenerate it with `python -m kehoach schema > schemas/plan.schema.json`.
"""
from __future__ import annotations

import json

from kehoach.schemas.plan import SCHEMA_VERSION, Plan


def schema_dict() -> dict:
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kehoach plan, schema_version {SCHEMA_VERSION}"
    return schema


def schema_json() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
