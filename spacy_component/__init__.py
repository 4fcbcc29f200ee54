"""kehoach as a spaCy pipeline component.

    import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.Tokenizer.v1"}}})
    nlp.add_pipe("kehoach")
    doc = nlp(text)
    doc.spans["kehoach_units"]      # lead, support, advise, monitor, report_to, mention
    doc._.kehoach_plan              # the Plan, the same as `kehoach extract` writes as JSON

or simply `nlp = kehoach.spacy_component.load()`. For a file (.docx, .pdf, .doc, .txt) use
`doc_from_file(nlp, path)`, which gives the plan exactly as `kehoach extract` makes it.

**Which text.** Every offset in the plan JSON indexes the *normalised* text (NFC, "\\n" line
breaks, one space between words, a saved web page rebuilt as the document inside it; see
`pipeline/normalize.py`). The kehoach tokenizer normalises the text it is given, so `doc.text` is
that very text and every span's characters are the JSON's characters, offset for offset. A doc
made by another tokenizer whose text is not normalised still gets its spans: each one is carried
line by line onto `doc.text` (normalisation keeps the number of lines), so it covers the same
words; only what normalisation changed inside it (a double space, a decomposed letter) differs.
A saved web page or hard-wrapped text, whose lines kehoach rebuilds, must be given to the kehoach
tokenizer (or as `normalised_text(text)`): the component says so in a ValueError.

**Which tokens.** The kehoach tokenizer is character-aligned at every word/punctuation boundary:
a token is a run of word characters (a Vietnamese syllable, a number), one punctuation mark, or a
run of whitespace other than the single space after a token. Every span kehoach finds starts and
ends at such a boundary; where another tokenizer's token straddles a span's edge (spaCy's plain
Vietnamese tokenizer splits on whitespace only, so "(Sở" is one token), the component splits that
token at the edge before it makes the span, so the spans stay exact with any tokenizer.

spaCy is imported by this package only: `kehoach extract` never loads it unless `--format spacy`
is asked for.
"""
from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kehoach.schemas import Plan

SPAN_KEYS = ("kehoach_tasks", "kehoach_units", "kehoach_refs", "kehoach_deadlines", "kehoach_sections")
"""The span groups the component sets, in this order."""

UNIT_LABELS = ("lead", "support", "advise", "monitor", "report_to", "mention")
"""Labels in `doc.spans["kehoach_units"]`: the roles of the plan JSON (`UnitRef.role`), and
"mention" for a place where a unit is named without a role in a task."""

if not Doc.has_extension("kehoach_plan"):
    Doc.set_extension("kehoach_plan", default=None)


# --- text and tokens -------------------------------------------------------------------------------


def normalised_text(text: str) -> str:
    """The text kehoach's offsets index when it is given `text` (a string, not a file)."""
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.run import _raw_from_text

    return normalize(_raw_from_text(text, "text.txt").text)[0]


_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


class KehoachTokenizer:
    """Character-aligned tokens (word runs, single punctuation marks, whitespace runs) over the
    normalised text; see the module's docstring."""

    def __init__(self, vocab: Vocab, normalize: bool = True) -> None:
        self.vocab = vocab
        self.normalize = normalize

    def __call__(self, text: str) -> Doc:
        if self.normalize:
            text = normalised_text(text)
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            piece = m.group()
            if piece[0].isspace():
                if words and not spaces[-1] and not words[-1].isspace():
                    if piece == " ":
                        spaces[-1] = True
                        continue
                    if piece[0] == " ":  # "word  \n": the first space goes with the word
                        spaces[-1] = True
                        piece = piece[1:]
            words.append(piece)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises a tokenizer with the pipeline; this one has no state beyond its setting.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "KehoachTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "KehoachTokenizer":
        return self


@spacy.registry.tokenizers("kehoach.Tokenizer.v1")
def create_tokenizer(normalize: bool = True):
    """`[nlp.tokenizer] @tokenizers = "kehoach.Tokenizer.v1"`: needs no pyvi and no network."""

    def make(nlp: Language) -> KehoachTokenizer:
        return KehoachTokenizer(nlp.vocab, normalize=normalize)

    return make


def load(*, as_document: bool = False, as_of: Optional[str] = None) -> Language:
    """A ready `nlp`: blank Vietnamese with the kehoach tokenizer and the kehoach component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.Tokenizer.v1"}}})
    nlp.add_pipe("kehoach", config={"as_document": as_document, "as_of": as_of})
    return nlp


# --- spans from a plan -----------------------------------------------------------------------------


def plan_spans(plan: Plan) -> dict[str, list[tuple[int, int, str, str]]]:
    """(start, end, label, id) per span group, in text order, each item once.

    The id is the item's id in the plan JSON: the task id, the unit id, the reference id, the id
    of the task a deadline belongs to, the section id.
    """
    groups: dict[str, set[tuple[int, int, str, str]]] = {key: set() for key in SPAN_KEYS}
    for s in plan.sections:
        groups["kehoach_sections"].add((s.span.start, s.span.end, "section", s.id))
    assigned: set[tuple[int, int, str]] = set()
    for t in plan.tasks:
        groups["kehoach_tasks"].add((t.span.start, t.span.end, "task", t.id))
        for a in t.assignments:
            groups["kehoach_units"].add((a.span.start, a.span.end, a.role, a.unit_id))
            assigned.add((a.span.start, a.span.end, a.unit_id))
        if t.deadline and t.deadline.span:
            groups["kehoach_deadlines"].add((t.deadline.span.start, t.deadline.span.end, "deadline", t.id))
    for u in plan.units:
        for m in u.mentions:
            if (m.start, m.end, u.id) not in assigned:
                groups["kehoach_units"].add((m.start, m.end, "mention", u.id))
    for r in plan.legal_refs:
        for m in r.mentions:
            groups["kehoach_refs"].add((m.span.start, m.span.end, "reference", r.id))
    # A deadline shared by nested tasks is one span (the first task's id).
    deadlines: dict[tuple[int, int], tuple[int, int, str, str]] = {}
    for item in sorted(groups["kehoach_deadlines"]):
        deadlines.setdefault(item[:2], item)
    groups["kehoach_deadlines"] = set(deadlines.values())
    return {key: sorted(items, key=lambda x: (x[0], -x[1], x[2], x[3])) for key, items in groups.items()}


def _line_map(source: str, target: str):
    """offset in `source` → offset in `target`, for two texts with the same number of lines whose
    lines differ by normalisation (spaces, composed letters, line breaks)."""
    src_lines = source.split("\n")
    tgt_lines = re.split(r"\r\n|\r|\n|\x0b|\x0c", target)
    if len(src_lines) != len(tgt_lines):
        raise ValueError(
            f"doc.text has {len(tgt_lines)} lines but kehoach read {len(src_lines)} from it (a saved web page or "
            "hard-wrapped text is rebuilt); make the doc with the kehoach tokenizer "
            '(@tokenizers = "kehoach.Tokenizer.v1") or from kehoach.spacy_component.normalised_text(text)'
        )
    src_starts, tgt_starts = [], []
    pos = 0
    for line in src_lines:
        src_starts.append(pos)
        pos += len(line) + 1
    for m in re.finditer(r"[^\r\n\x0b\x0c]*(\r\n|\r|\n|\x0b|\x0c|$)", target):
        tgt_starts.append(m.start())
        if len(tgt_starts) == len(tgt_lines):
            break
    cache: dict[int, list[int]] = {}

    def line_offsets(i: int) -> list[int]:
        if i not in cache:
            a, b = src_lines[i], tgt_lines[i]
            table = list(range(len(a) + 1))
            if a != b:
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                    for k in range(i1, i2 + 1):
                        table[k] = j1 + (min(k - i1, j2 - j1) if op != "equal" else k - i1)
            cache[i] = table
        return cache[i]

    import bisect

    def locate(offset: int) -> int:
        i = bisect.bisect_right(src_starts, offset) - 1
        return tgt_starts[i] + line_offsets(i)[min(offset - src_starts[i], len(src_lines[i]))]

    return locate


def _split_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split the tokens of `doc` that straddle any of `offsets`, so each offset is a token boundary."""
    cuts: dict[int, set[int]] = {}
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    token_starts = sorted(starts)
    import bisect

    for off in offsets:
        if off in starts or off in ends:
            continue
        k = bisect.bisect_right(token_starts, off) - 1
        if k < 0:
            continue
        tok = doc[starts[token_starts[k]]]
        if tok.idx < off < tok.idx + len(tok.text):
            cuts.setdefault(tok.i, set()).add(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(points), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:])]
            retokenizer.split(tok, orths, heads=[(tok, 0)] * len(orths))


def annotate(doc: Doc, plan: Plan, text: Optional[str] = None) -> Doc:
    """Set the kehoach span groups and `doc._.kehoach_plan` on `doc`.

    `text` is the normalised text the plan's offsets index (default: `doc.text`). Where it is
    `doc.text`, every span's characters are exactly the plan's; otherwise the offsets are carried
    across line by line. A token that straddles a span's edge is split there (`alignment_mode`
    "strict" then always finds the span: no span is widened or narrowed to fit the tokens).
    """
    text = doc.text if text is None else text
    if len(text) != plan.source.characters:
        raise ValueError(f"the plan was made from {plan.source.characters} characters of text, not {len(text)}")
    groups = plan_spans(plan)
    exact = text == doc.text
    move = (lambda o: o) if exact else _line_map(text, doc.text)
    placed = {key: [(move(s), move(e), label, ident) for s, e, label, ident in items] for key, items in groups.items()}
    _split_at(doc, {o for items in placed.values() for s, e, _, _ in items for o in (s, e)})
    for key, items in placed.items():
        spans = []
        for s, e, label, ident in items:
            span = doc.char_span(s, e, label=label, kb_id=ident)
            if span is None:
                raise ValueError(f"{plan.source.file}: {key} span {s}-{e} ({label}) does not fall on token boundaries")
            spans.append(span)
        doc.spans[key] = spans
    doc._.kehoach_plan = plan
    return doc


# --- the component ---------------------------------------------------------------------------------


class KehoachComponent:
    """Runs the kehoach pipeline on `doc.text` and sets the span groups of `SPAN_KEYS` and
    `doc._.kehoach_plan`. A doc that already carries a plan of its text (`doc_from_file`) keeps it."""

    def __init__(self, nlp: Language, name: str = "kehoach", as_document: bool = False,
                 as_of: Optional[str] = None) -> None:
        self.name = name
        self.as_document = as_document
        self.as_of = date.fromisoformat(as_of) if as_of else None

    def __call__(self, doc: Doc) -> Doc:
        plan = doc._.kehoach_plan
        if plan is not None and plan.source.characters == len(doc.text):
            return annotate(doc, plan)
        from kehoach.pipeline.run import extract_plan

        text = doc.text
        if "\n" not in text and Path(text).is_file():
            # extract_plan would read a one-line string that names a file as that file: the text is meant
            plan = extract_plan(text + "\n", name="text.txt", as_of=self.as_of, as_document=self.as_document)
            plan = plan.model_copy(update={"source": plan.source.model_copy(update={"characters": len(text)})})
        else:
            plan = extract_plan(text, name="text.txt", as_of=self.as_of, as_document=self.as_document)
        return annotate(doc, plan, normalised_text(text))


@Language.factory(
    "kehoach",
    default_config={"as_document": False, "as_of": None},
    assigns=["doc.spans", "doc._.kehoach_plan"],
)
def make_kehoach(nlp: Language, name: str, as_document: bool, as_of: Optional[str]) -> KehoachComponent:
    """The `kehoach` factory (`nlp.add_pipe("kehoach")`). `as_document`: read an excerpt without
    a header block as a document; `as_of`: check units against the reorganisation at that date."""
    return KehoachComponent(nlp, name, as_document=as_document, as_of=as_of)


def doc_from_file(nlp: Language, path: str | Path, *, encoding: Optional[str] = None) -> Doc:
    """The doc of a document file, run through `nlp`, with the plan `kehoach extract` makes of it.

    `doc.text` is the normalised text of the file (what the JSON's offsets index)."""
    plan, text = plan_and_text(path, encoding=encoding)
    # the text is normalised already: the kehoach tokenizer must not rebuild it a second time
    tokenize = KehoachTokenizer(nlp.vocab, normalize=False) if isinstance(nlp.tokenizer, KehoachTokenizer) else nlp.make_doc
    doc = tokenize(text)
    doc._.kehoach_plan = plan  # the component sees a plan of this text and keeps it
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    if "kehoach" not in nlp.pipe_names:
        annotate(doc, plan)
    return doc


def plan_and_text(path: str | Path, *, encoding: Optional[str] = None, as_document: bool = False,
                  as_of: Optional[date] = None) -> tuple[Plan, str]:
    """The plan of a file and the normalised text its offsets index."""
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document
    from kehoach.pipeline.run import extract_plan

    plan = extract_plan(Path(path), encoding=encoding, as_document=as_document, as_of=as_of)
    text, _ = normalize(read_document(path, encoding=encoding).text)
    return plan, text


__all__ = ["SPAN_KEYS", "UNIT_LABELS", "KehoachComponent", "KehoachTokenizer", "annotate", "create_tokenizer",
           "doc_from_file", "load", "make_kehoach", "normalised_text", "plan_and_text", "plan_spans"]
