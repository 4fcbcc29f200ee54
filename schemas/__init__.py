"""The plan JSON contract: pydantic v2 models and the exported JSON Schema.

The models here are the only shape the rest of kehoach (exports, graph, report) reads.
`SCHEMA_VERSION` changes whenever a field is renamed, removed or changes meaning.
"""
from kehoach.schemas.plan import (
    SCHEMA_VERSION,
    Deadline,
    DocumentInfo,
    Finding,
    LegalRef,
    Mention,
    Plan,
    Section,
    SourceInfo,
    SourceLocation,
    Span,
    Task,
    Unit,
    UnitRef,
)

__all__ = [
    "SCHEMA_VERSION",
    "Deadline",
    "DocumentInfo",
    "Finding",
    "LegalRef",
    "Mention",
    "Plan",
    "Section",
    "SourceInfo",
    "SourceLocation",
    "Span",
    "Task",
    "Unit",
    "UnitRef",
]
