"""`kehoach extract --format spacy`: OUT/<stem>.spacy, a DocBin of the document with the plan's spans.

Unlike the other exporters it needs the text as well as the plan (the DocBin keeps the tokens);
the batch tells it which input is being exported (`pipeline.export.SOURCE`), and it reads that
input's normalised text again, checking its length against the plan.
"""
from __future__ import annotations

from pathlib import Path

from kehoach.pipeline.errors import KehoachError
from kehoach.schemas import Plan
from kehoach.spacy_component.docbin import doc_from_plan, to_bytes


def export_spacy(plan: Plan, out_dir, stem: str) -> list[Path]:
    """Write OUT/<stem>.spacy."""
    from kehoach.pipeline.export import SOURCE, write_atomic
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document

    source = SOURCE.get()
    if source is None:
        raise KehoachError(f"{plan.source.file}: the spacy format needs the document's text; run it through kehoach extract")
    path, encoding = source
    text, _ = normalize(read_document(path, encoding=encoding).text)
    if len(text) != plan.source.characters:
        raise KehoachError(f"{path}: the text changed while it was read ({len(text)} characters, the plan has {plan.source.characters})")
    return [write_atomic(Path(out_dir) / f"{stem}.spacy", to_bytes([doc_from_plan(plan, text)]))]
