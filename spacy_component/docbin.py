"""Training data out: spaCy DocBins (`.spacy`) from plans and from gold annotations.

    python -m kehoach.spacy_component.docbin GOLD_OR_PLAN.json... -o train.spacy [--text-dir DIR]

Each input is either
- a plan JSON written by `kehoach extract` (it has `schema_version`): its document is looked up
  by `source.file` beside the JSON or in `--text-dir`, and must have the SHA-256 the plan records;
  the spans are the plan's offsets, exactly (the same groups as the component sets);
- a gold file in the evaluation kit's format (`NAME.gold.json` next to `NAME.txt`): the gold
  gives no offsets, only the opening words of each task and heading, and the names of the units,
  so each is looked for in the normalised text (case, diacritics and punctuation folded; "UBND"
  and "Ủy ban nhân dân" taken as one): a task from its opening words to its line's end; a unit
  of a task on the task's line, else its nearest mention before it (a unit heading above its
  items), else just after it; a reference at every mention of its number/symbol (or type and
  title); a deadline between its task's start and the next task, else (a time stated once
  for the items below a heading) the nearest before it. What cannot be found is counted and reported, never guessed.

Every doc is tokenised by the kehoach tokenizer (character-aligned) and carries the span groups
`kehoach_units` (labels lead, support, …), `kehoach_tasks`, `kehoach_refs`, `kehoach_deadlines`,
`kehoach_sections`; train a span categoriser on units with `spans_key = "kehoach_units"`. The
file name of each document is kept in `doc.user_data["kehoach_file"]`. The output is written
atomically and is byte-identical for the same inputs.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import spacy
from spacy.tokens import Doc, DocBin

from kehoach.pipeline.errors import InputError, KehoachError
from kehoach.schemas import Plan
from kehoach.spacy_component import SPAN_KEYS, KehoachTokenizer, annotate

_NLP = None


def _vocab():
    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.Tokenizer.v1"}}})
    return _NLP.vocab


def make_doc(text: str) -> Doc:
    """The doc of an already normalised text, tokenised by the kehoach tokenizer."""
    return KehoachTokenizer(_vocab(), normalize=False)(text)


def doc_from_plan(plan: Plan, text: str) -> Doc:
    """A doc of `text` with the plan's span groups (no `doc._.kehoach_plan`: a DocBin keeps data only)."""
    doc = annotate(make_doc(text), plan)
    _strip_plan(doc)
    doc.user_data["kehoach_file"] = plan.source.file
    return doc


def _strip_plan(doc: Doc) -> None:
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[1] == "kehoach_plan"]:
        del doc.user_data[key]


def to_bytes(docs: list[Doc]) -> bytes:
    db = DocBin(store_user_data=True)
    for doc in docs:
        db.add(doc)
    return db.to_bytes()


def read_docbin(path: str | Path) -> list[Doc]:
    """The docs of a `.spacy` file, with their span groups."""
    return list(DocBin().from_disk(path).get_docs(_vocab()))


# --- gold annotations -------------------------------------------------------------------------------

_EXPANSIONS = [("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("MTTQ", "Mặt trận Tổ quốc")]


def fold(text: str) -> str:
    """Case, diacritics and punctuation folded, one character for one: offsets survive."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0].casefold()
        out.append(base[0] if base[:1].isalnum() else " ")
    return "".join(out)


def _spellings(name: str) -> list[str]:
    """A unit name as the gold writes it, and as the text may: abbreviations both ways, no 'các'."""
    name = re.sub(r"^(các|những)\s+", "", name.strip(), flags=re.I)
    forms = [name]
    for short, full in _EXPANSIONS:
        for form in list(forms):
            if re.search(short, form):
                forms.append(form.replace(short, full))
            if re.search(full, form, re.I):
                forms.append(re.sub(full, short, form, flags=re.I))
    return [fold(f).strip() for f in dict.fromkeys(forms) if fold(f).strip()]


@dataclass
class GoldReport:
    """What was found in the text and what was not, per kind."""

    found: dict[str, int] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)

    def hit(self, kind: str) -> None:
        self.found[kind] = self.found.get(kind, 0) + 1

    def miss(self, kind: str, what: str) -> None:
        self.missing.setdefault(kind, []).append(what)


def _occurrences(folded_text: str, key: str) -> list[int]:
    out, pos = [], folded_text.find(key)
    while pos >= 0:
        # whole words only: "so y te" must not match inside "so y tex"
        end = pos + len(key)
        if (pos == 0 or not folded_text[pos - 1].isalnum()) and (end == len(folded_text) or not folded_text[end].isalnum()):
            out.append(pos)
        pos = folded_text.find(key, pos + 1)
    return out


def doc_from_gold(gold: dict, text: str, report: Optional[GoldReport] = None) -> Doc:
    """A doc of the normalised `text` with spans located from a gold annotation (see module doc)."""
    report = report if report is not None else GoldReport()
    folded = fold(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_end(offset: int) -> int:
        end = text.find("\n", offset)
        return len(text) if end < 0 else end

    def line_start(offset: int) -> int:
        return line_starts[bisect.bisect_right(line_starts, offset) - 1]

    groups: dict[str, set[tuple[int, int, str, str]]] = {key: set() for key in SPAN_KEYS}

    def opening(words: str, after: int) -> Optional[int]:
        key = " ".join(fold(words).split())[:50].strip()
        if not key:
            return None
        spaced = re.compile(r"\s+".join(re.escape(w) for w in key.split()))
        m = spaced.search(folded, after) or spaced.search(folded)
        return m.start() if m else None

    pos = 0
    for s in gold.get("sections", []):
        at = opening(s.get("heading") or "", pos)
        if at is None:
            report.miss("section", s.get("heading") or "")
            continue
        report.hit("section")
        pos = at
        groups["kehoach_sections"].add((line_start(at), line_end(at), "section", str(s.get("id") or "")))

    tasks = []
    pos = 0
    for i, t in enumerate(gold.get("tasks", [])):
        at = opening(t.get("text") or "", pos)
        if at is None:
            report.miss("task", t.get("text") or "")
            continue
        report.hit("task")
        pos = at + 1
        tid = f"gold:{i + 1}"
        tasks.append((at, line_end(at), tid, t))
        groups["kehoach_tasks"].add((at, line_end(at), "task", tid))

    nexts = sorted(start for start, *_ in tasks)
    for start, end, tid, t in tasks:
        k = bisect.bisect_right(nexts, start)
        region_end = max(end, nexts[k] if k < len(nexts) else min(len(text), end + 600))
        for role, names in (("lead", t.get("lead") or []), ("support", t.get("support") or [])):
            for name in names:
                place = _place_unit(folded, _spellings(name), start, end)
                if place is None:
                    report.miss(role, name)
                    continue
                report.hit(role)
                groups["kehoach_units"].add((place[0], place[1], role, fold(name).strip().replace(" ", "-")))
        deadline = (t.get("deadline") or {}).get("text")
        if deadline:
            key = fold(deadline).strip()
            place = _place_unit(folded, [key], start, region_end)
            if place is not None:
                report.hit("deadline")
                groups["kehoach_deadlines"].add((place[0], place[1], "deadline", tid))
            else:
                report.miss("deadline", deadline)

    for r in gold.get("legal_refs", []):
        key = r.get("number_symbol") or " ".join(x for x in (r.get("doc_type"), r.get("title")) if x)
        places = _occurrences(folded, fold(key).strip()) if key else []
        if not places:
            report.miss("reference", key or "")
            continue
        report.hit("reference")
        for p in places:
            groups["kehoach_refs"].add((p, p + len(fold(key).strip()), "reference", key))

    doc = make_doc(text)
    from kehoach.spacy_component import _split_at

    _split_at(doc, {o for items in groups.values() for s, e, _, _ in items for o in (s, e)})
    for key, items in groups.items():
        spans = []
        for s, e, label, ident in sorted(items, key=lambda x: (x[0], -x[1], x[2], x[3])):
            span = doc.char_span(s, e, label=label, kb_id=ident)
            if span is not None:
                spans.append(span)
        doc.spans[key] = spans
    doc.user_data["kehoach_file"] = gold.get("file") or ""
    return doc


def _place_unit(folded: str, keys: list[str], start: int, end: int) -> Optional[tuple[int, int]]:
    """Where a task's unit (or deadline) is written: within [start, end), else the nearest mention
    before it, else the nearest after it (within a few lines)."""
    candidates = []  # (rank, distance, start, end): smaller is better
    for key in keys:
        for p in _occurrences(folded, key):
            if start <= p < end:
                candidates.append((0, p - start, p, p + len(key)))
            elif p < start and start - p <= 20_000:
                candidates.append((1, start - p, p, p + len(key)))
            elif end <= p <= end + 600:
                candidates.append((2, p - end, p, p + len(key)))
    if not candidates:
        return None
    best = min(candidates)
    return best[2], best[3]


# --- command line ----------------------------------------------------------------------------------


def _normalised(path: Path) -> str:
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document

    return normalize(read_document(path).text)[0]


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "not a plan or gold JSON object")
    return data


def _document_of(path: Path, name: str, text_dirs: list[Path]) -> Path:
    for folder in [path.parent, *text_dirs]:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise InputError(str(path), f"its document {name} is not beside it nor in --text-dir")


def docs_from_files(paths: list[Path], text_dirs: list[Path], report: GoldReport) -> list[Doc]:
    docs = []
    for path in paths:
        data = _load_json(path)
        if "schema_version" in data:
            try:
                plan = Plan.model_validate(data)
            except ValueError as exc:
                raise InputError(str(path), f"not a kehoach plan ({str(exc).splitlines()[0]})") from None
            source = _document_of(path, plan.source.file, text_dirs)
            if hashlib.sha256(source.read_bytes()).hexdigest() != plan.source.sha256:
                raise InputError(str(path), f"{source} is not the document this plan was made from (SHA-256 differs)")
            text = _normalised(source)
            if len(text) != plan.source.characters:
                raise InputError(str(path), f"{source} reads as {len(text)} characters, the plan says {plan.source.characters}")
            docs.append(doc_from_plan(plan, text))
        elif "tasks" in data and "file" in data:
            source = _document_of(path, data["file"], text_dirs)
            docs.append(doc_from_gold(data, _normalised(source), report))
        else:
            raise InputError(str(path), "neither a kehoach plan (schema_version) nor a gold file (file, tasks)")
    return docs


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kehoach.spacy_component.docbin",
        description="Write a spaCy DocBin (.spacy) from kehoach plan JSON files and/or gold annotations.",
    )
    parser.add_argument("inputs", nargs="+", metavar="JSON", help="plan JSON files and NAME.gold.json files")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.spacy", help="the DocBin to write")
    parser.add_argument("--text-dir", action="append", default=[], metavar="DIR",
                        help="where the documents are, when not beside their JSON (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    from kehoach.pipeline.export import write_atomic

    report = GoldReport()
    out = Path(args.output)
    try:
        docs = docs_from_files([Path(p) for p in args.inputs], [Path(d) for d in args.text_dir], report)
        write_atomic(out, to_bytes(docs))
    except KehoachError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kehoach: error: {out}: cannot write the DocBin ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not args.quiet:
        counts = {key: sum(len(d.spans[key]) for d in docs) for key in SPAN_KEYS}
        print(f"{len(docs)} documents → {out}: " + ", ".join(f"{n} {k.removeprefix('kehoach_')}" for k, n in counts.items()),
              file=sys.stderr)
        for kind in sorted(set(report.found) | set(report.missing)):
            missing = report.missing.get(kind, [])
            print(f"  gold {kind}: {report.found.get(kind, 0)} located, {len(missing)} not found in the text"
                  + (f" (e.g. {missing[0]!r})" if missing else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
