"""Golden files: the outputs of every sample, compared whole; and the shipped JSON Schema.

When a change to kehoach changes an output on purpose, regenerate them with
`kehoach extract -o outputs` (and the schema with `python -m kehoach schema > schemas/plan.schema.json`)
and read the diff before committing it.
"""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from kehoach.pipeline.export.checklist import plan_to_checklist
from kehoach.pipeline.export.json_export import plan_to_json
from kehoach.pipeline.normalize import normalize
from kehoach.pipeline.run import extract_plan
from kehoach.schemas.export import schema_json
from conftest import OUTPUTS, ROOT, SAMPLES

SAMPLE_FILES = sorted([*SAMPLES.glob("*.txt"), *SAMPLES.glob("*.docx")])


def numbered(path) -> str:
    from kehoach.pipeline.read import read_document

    text, _ = normalize(read_document(path).text)
    return "\n".join(f"{i:4} {line}" for i, line in enumerate(text.split("\n"), start=1))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_outputs_are_current(sample):
    plan = extract_plan(sample)
    for name, made in ((f"{sample.stem}.json", plan_to_json(plan)), (f"{sample.stem}.checklist.md", plan_to_checklist(plan))):
        stored = (OUTPUTS / name).read_text(encoding="utf-8")
        if stored != made:
            pytest.fail(f"outputs/{name} is stale: run `kehoach extract -o outputs`.\nInput, normalised:\n{numbered(sample)}")


def test_every_output_has_a_sample():
    stems = {p.stem for p in SAMPLE_FILES}
    for path in OUTPUTS.iterdir():
        if path.name.startswith("."):
            continue  # the batch cache of `kehoach extract -o outputs`
        assert path.name.split(".")[0] in stems, f"outputs/{path.name} has no sample"


def test_shipped_schema_matches_the_models():
    assert (ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8") == schema_json()


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_outputs_validate_against_the_schema(sample):
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    plan = json.loads((OUTPUTS / f"{sample.stem}.json").read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(plan), key=str)
    assert not errors, errors[0]
