"""The front door: `extract_plan(path_or_text) -> Plan`.

One way through: read → normalise → Doc → header → sections → legal references → tasks (with
units and deadlines) → findings → Plan. Each stage takes what the earlier ones produced; none calls
back into an earlier one.
"""
from __future__ import annotations

import bisect
import hashlib
import os
from datetime import date
from pathlib import Path

from kehoach import __version__
from kehoach.extractors.doc_kind import classify, not_a_document_message
from kehoach.extractors.header import extract_header, header_from_metadata
from kehoach.extractors.legal_refs import extract_legal_refs
from kehoach.extractors.reorganisation import apply_unit_context
from kehoach.extractors.sections import build_sections, read_headings
from kehoach.extractors.tasks import extract_tasks
from kehoach.extractors.units import UnitGrammar, UnitTable
from kehoach.pipeline.audit import audit_findings
from kehoach.pipeline.document import Doc
from kehoach.pipeline.language import CUT_SHARE, cut_words_message, language_message, piece_share, syllable_share
from kehoach.pipeline.normalize import normalize
from kehoach.pipeline.read import RawText, read_document
from kehoach.pipeline.read import SourceLocation as ReadLocation
from kehoach.pipeline.read.text import HARD_WRAP
from kehoach.pipeline.read.web import rebuild
from kehoach.schemas import Finding, LegalRef, Plan, Section, SourceInfo, SourceLocation, Task


def _raw_from_text(text: str, name: str) -> RawText:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    page = rebuild(text)  # a saved web page pasted as text is read as the document inside it
    if page is not None:
        locations = tuple(ReadLocation(line=n) for n in page.lines)
        return RawText(name, "txt", sha, "utf-8", page.text, page.conversions, locations, page.metadata)
    return RawText(name, "txt", sha, "utf-8", text)


def _section_locator(sections: list[Section]):
    starts = [s.span.start for s in sections]

    def locate(offset: int) -> str | None:
        i = bisect.bisect_right(starts, offset) - 1
        return sections[i].id if i >= 0 else None

    return locate


_LONGEST_TASK = 20_000
"""Characters a task may span; a mention further from a task's start is not looked for in it."""


def _link_refs(refs: list[LegalRef], tasks: list[Task], sections: list[Section]) -> list[LegalRef]:
    locate = _section_locator(sections)
    ordered = sorted(tasks, key=lambda t: t.span.start)
    task_starts = [t.span.start for t in ordered]
    linked = []
    for ref in refs:
        mentions = [m.model_copy(update={"section_id": locate(m.span.start)}) for m in ref.mentions]
        linked.append(ref.model_copy(update={"mentions": mentions}))
        for m in ref.mentions:
            i = bisect.bisect_right(task_starts, m.span.start) - 1
            # Tasks may nest (a heading task and the items under it): look back over overlaps.
            while i >= 0:
                task = ordered[i]
                if task.span.start <= m.span.start < task.span.end and ref.id not in task.legal_ref_ids:
                    task.legal_ref_ids.append(ref.id)
                if m.span.start - task.span.start > _LONGEST_TASK:
                    break
                i -= 1
    return linked


def _locator(raw: RawText, doc: Doc):
    """offset → SourceLocation in the original file, from the reader's per-line locations."""
    if not raw.locations:
        return None
    # Where the reader rebuilt the lines (a saved web page), each item also names its file line.
    rebuilt = any(src.line is not None and src.line != i for i, src in enumerate(raw.locations, start=1))

    def locate(offset: int) -> SourceLocation | None:
        number = doc.line_of(offset)
        if number - 1 >= len(raw.locations):
            return None
        src = raw.locations[number - 1]
        cell = None
        if src.cells:
            line = doc.line_at(number)
            column = line.text[: offset - line.start].count(" | ")
            cell = src.cells[column] if column < len(src.cells) else None
        return SourceLocation(line=src.line if rebuilt else None, page=src.page, paragraph=src.paragraph,
                              table=src.table, row=src.row, cell=cell)

    return locate


def _with_locations(locate, sections: list[Section], tasks: list[Task], refs: list[LegalRef]):
    sections = [s.model_copy(update={"location": locate(s.span.start)}) for s in sections]
    new_tasks = []
    for t in tasks:
        assignments = [a.model_copy(update={"location": locate(a.span.start)}) for a in t.assignments]
        new_tasks.append(t.model_copy(update={"location": locate(t.span.start), "assignments": assignments}))
    new_refs = []
    for r in refs:
        mentions = [m.model_copy(update={"location": locate(m.span.start)}) for m in r.mentions]
        new_refs.append(r.model_copy(update={"mentions": mentions}))
    return sections, new_tasks, new_refs


def _task_findings(tasks: list[Task]) -> list[Finding]:
    out = []
    for task in tasks:
        if not task.lead_units:
            out.append(Finding(
                code="task.no_lead",
                severity="info",
                message=f"Task {task.id} names no lead unit (chủ trì): “{task.title[:80]}”.",
                suggestion="Check whether the document assigns this task elsewhere, or ask the issuer who leads it.",
                task_id=task.id,
                span=task.span,
                line=task.line,
            ))
    return out


def _kind_findings(text: str, raw: RawText, as_document: bool = False) -> tuple[list[Finding], bool]:
    """Findings about the text as a whole, and whether tasks may be looked for in it.

    A text that is not Vietnamese (a wrong encoding, another language) gets `text.not_vietnamese`
    and is not judged further; a Vietnamese text that is not an administrative document (a news
    article, a Q&A page) gets `document.not_administrative` and no tasks, which would be invented.
    """
    reading = syllable_share(text)
    if not reading.vietnamese:
        message, suggestion = language_message(reading, raw.encoding, raw.format)
        return [Finding(code="text.not_vietnamese", severity="warning", message=message, suggestion=suggestion)], True
    if HARD_WRAP in raw.conversions and (share := piece_share(text)) > CUT_SHARE:
        message, suggestion = cut_words_message(share)
        return [Finding(code="text.cut_words", severity="warning", message=message, suggestion=suggestion)], False
    if as_document:
        return [], True
    kind = classify(text)
    if kind.is_document:
        return [], True
    message, suggestion = not_a_document_message(kind)
    return [Finding(code="document.not_administrative", severity="warning", message=message, suggestion=suggestion)], False


def extract_plan(source: str | os.PathLike[str], *, name: str | None = None, as_of: date | None = None,
                 encoding: str | None = None, as_document: bool = False) -> Plan:
    """Return the plan of a document: a path to a UTF-8 .txt file, or the text itself.

    With `as_of`, units that no longer exist at that date get their successors and a finding. A
    text that is not an administrative document gets a finding and no tasks, unless `as_document`
    says it is one (an excerpt of a plan without its header block).

    Ví dụ: extract_plan(Path("samples/ninh-thuan-2017-ttdn.txt")).tasks[1].lead_units
    → ["so-van-hoa-the-thao-va-du-lich"].
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and Path(source).is_file()):
        raw = read_document(source, encoding=encoding)
    else:
        raw = _raw_from_text(str(source), name or "text.txt")
    text, conversions = normalize(raw.text)
    doc = Doc.from_text(text)
    document, layout = extract_header(doc)
    kind_findings, has_tasks = _kind_findings(text, raw, as_document)
    document, filled = header_from_metadata(document, raw.metadata)
    headings = read_headings(doc, layout)
    sections = build_sections(doc, headings)
    refs, ref_findings = extract_legal_refs(text)
    grammar = UnitGrammar()
    units = UnitTable()
    doc_year = int(document.date[:4]) if document.date else None
    tasks = extract_tasks(doc, layout, sections, headings, grammar, units, doc_year, document.doc_type) if has_tasks else []
    refs = _link_refs(refs, tasks, sections)
    locate = _locator(raw, doc)
    if locate is not None:
        sections, tasks, refs = _with_locations(locate, sections, tasks, refs)
    plan = Plan(
        generator=f"kehoach {__version__}",
        source=SourceInfo(
            file=raw.name,
            format=raw.format,  # type: ignore[arg-type]
            sha256=raw.sha256,
            characters=len(text),
            encoding=raw.encoding,
            conversions=[*raw.conversions, *conversions, *filled],
        ),
        document=document,
        sections=sections,
        tasks=tasks,
        units=units.units(),
        legal_refs=refs,
        findings=[Finding(**f) for f in raw.findings] + kind_findings + ref_findings + _task_findings(tasks),
    )
    plan = apply_unit_context(plan, as_of)
    findings = plan.findings + audit_findings(plan)
    findings.sort(key=lambda f: (f.line or 0, f.code, f.message))
    plan = plan.model_copy(update={"findings": findings})
    if raw.format == "txt" and _rebuilt(raw):
        plan = _with_file_lines(plan, raw)
    if raw.original_forms:  # names OCR read with broken marks stay among the aliases (kehoach.ocr)
        from kehoach.ocr.reader import with_original_forms

        plan = with_original_forms(plan, raw.original_forms)
    return plan


def _rebuilt(raw: RawText) -> bool:
    return any(src.line is not None and src.line != i for i, src in enumerate(raw.locations, start=1))


def _with_file_lines(plan: Plan, raw: RawText) -> Plan:
    """The plan with every `line` counted in the file, for a text file whose lines the reader
    rebuilt (a saved web page split into paragraphs, hard-wrapped lines joined): a user opening
    the file finds the item on that line (the line where its paragraph starts). Offsets stay
    offsets into the normalised text."""
    starts = [src.line for src in raw.locations]

    def fix(node):
        if isinstance(node, dict):
            return {k: (starts[v - 1] if k == "line" and isinstance(v, int) and 0 < v <= len(starts) and starts[v - 1]
                        else v if k == "location" else fix(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return Plan.model_validate(fix(plan.model_dump()))
