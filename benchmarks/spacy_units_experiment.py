"""Does a spaCy model for unit mentions help the rules? A measured experiment.

    python benchmarks/spacy_units_experiment.py --dev DEV --silver UNLABELED FILES --score SCORE_PY

1. Silver data: the rules' lead and support spans (`kehoach_units`) on every document of the
   silver folders; gold data: the dev gold located in the text (`kehoach.spacy_component.docbin`).
2. A spaCy NER model (labels LEAD, SUPPORT; kehoach's character-aligned tokens; spaCy's default
   CNN tok2vec, no pretrained vectors) is trained on lines of text: every line holding a unit
   span, and one line in four of the others.
3. Held-out evaluation on the dev gold in the corpus's two fixed halves (benchmarks/corpus_eval.py
   HALF_A): trained on silver + the gold of one half, scored on the other half, and the other way
   round. "Rules + model" keeps every rule decision and only fills a task the rules left without
   a lead (or without supports) with the model's LEAD (SUPPORT) mentions inside the task's text.
   Both are scored with the evaluation kit's score.py (lead and assignment P/R/F1), plus the
   model's own mention-level P/R/F1 against the located gold spans.
Writes benchmarks/results/spacy-units.json and prints a Markdown table. Nothing here is shipped:
the model goes into the default pipeline only if it wins (README, "The experiment").
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_eval import HALF_A  # noqa: E402

SUFFIXES = (".txt", ".docx", ".pdf", ".doc")


def plans_of(folder: Path, limit: int | None):
    from kehoach.spacy_component import plan_and_text

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)[:limit]
    for path in files:
        try:
            yield path, *plan_and_text(path)
        except Exception as exc:  # a silver file the readers refuse is skipped, and said
            print(f"  skipped {path.name}: {type(exc).__name__}: {str(exc)[:80]}", file=sys.stderr)


def unit_ents(doc) -> list[tuple[int, int, str]]:
    from spacy.util import filter_spans

    spans = [s for s in doc.spans["kehoach_units"] if s.label_ in ("lead", "support")]
    spans.sort(key=lambda s: (s.start, s.label_ != "lead"))  # a place that is both: lead
    return [(s.start_char, s.end_char, s.label_.upper()) for s in filter_spans(spans)]


def line_examples(nlp, doc, rng: random.Random, negatives: float = 0.25):
    """Examples of one document: its lines, with their unit mentions as entities."""
    from spacy.training import Example

    ents = unit_ents(doc)
    text = doc.text
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if len(line.strip()) < 3:
            continue
        here = [(s - start, e - start, label) for s, e, label in ents if s >= start and e <= end]
        if not here and rng.random() > negatives:
            continue
        ref = nlp.make_doc(line)
        spans = [ref.char_span(s, e, label=label) for s, e, label in here]
        ref.ents = [s for s in spans if s is not None]
        out.append(Example(nlp.make_doc(line), ref))
    return out


def train(examples, epochs: int, seed: int):
    import spacy
    from spacy.training import Example  # noqa: F401
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.Tokenizer.v1", "normalize": False}}})
    ner = nlp.add_pipe("ner")
    for label in ("LEAD", "SUPPORT"):
        ner.add_label(label)
    optimizer = nlp.initialize(lambda: examples[:500])
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        print(f"    epoch {epoch + 1}: loss {losses.get('ner', 0):.0f}", file=sys.stderr)
    return nlp


def fold(text: str) -> str:
    from kehoach.spacy_component.docbin import fold as _fold

    return " ".join(_fold(text).split())


def with_model(plan_json: dict, text: str, nlp) -> dict:
    """The plan with tasks the rules left without a lead (or supports) filled from the model."""
    plan = json.loads(json.dumps(plan_json))
    units = {u["id"]: u for u in plan["units"]}
    found: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for task in plan["tasks"]:
        if task["lead_units"] and task["support_units"]:
            continue
        s, e = task["span"]["start"], task["span"]["end"]
        key = (s, e)
        if key not in found:
            ents = []
            pos = text.rfind("\n", 0, s) + 1
            while pos < e:
                stop = text.find("\n", pos)
                stop = len(text) if stop < 0 else stop
                for ent in nlp(text[pos:stop]).ents:
                    a, b = pos + ent.start_char, pos + ent.end_char
                    if a >= s and b <= e:
                        ents.append((a, b, ent.label_))
                pos = stop + 1
            found[key] = ents
        for role, field in (("LEAD", "lead_units"), ("SUPPORT", "support_units")):
            if task[field]:
                continue
            for a, b, label in found[key]:
                if label != role:
                    continue
                name = text[a:b]
                uid = "model-" + re.sub(r"\W+", "-", fold(name)).strip("-")
                units.setdefault(uid, {"id": uid, "name": name, "aliases": [name]})
                if uid not in task[field]:
                    task[field].append(uid)
    plan["units"] = list(units.values())
    return plan


def score(score_py: Path, gold_dir: Path, pred_dir: Path) -> dict:
    out = subprocess.run([sys.executable, str(score_py), str(gold_dir), str(pred_dir), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out[: out.rindex("}") + 1])


def mention_scores(nlp, gold_docs) -> dict:
    tp = fp = fn = 0
    for doc in gold_docs:
        gold = set(unit_ents(doc))
        pred = set()
        pos = 0
        for line in doc.text.split("\n"):
            if line.strip():
                pred |= {(pos + e.start_char, pos + e.end_char, e.label_) for e in nlp(line).ents}
            pos += len(line) + 1
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--silver", type=Path, nargs="+", required=True)
    parser.add_argument("--score", type=Path, required=True, help="the evaluation kit's score.py")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--max-silver", type=int, default=None, help="documents per silver folder (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from kehoach.pipeline.export.json_export import plan_to_json
    from kehoach.spacy_component.docbin import doc_from_gold, doc_from_plan, make_doc

    import spacy

    tok = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "kehoach.Tokenizer.v1", "normalize": False}}})
    rng = random.Random(args.seed)
    started = time.perf_counter()
    silver = []
    for folder in args.silver:
        for path, plan, text in plans_of(folder, args.max_silver):
            silver += line_examples(tok, doc_from_plan(plan, text), rng)
    print(f"silver: {len(silver)} lines ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    dev = {}
    for gold_path in sorted(args.dev.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = args.dev / gold["file"]
        from kehoach.spacy_component import plan_and_text

        plan, text = plan_and_text(source)
        dev[gold_path.name[: -len(".gold.json")]] = (gold_path, plan, text, doc_from_gold(gold, text))
    halves = {"A": [k for k in dev if k.startswith(HALF_A)], "B": [k for k in dev if not k.startswith(HALF_A)]}

    result: dict = {"silver_lines": len(silver), "epochs": args.epochs, "folds": {}}
    for held, trained_on in (("A", "B"), ("B", "A")):
        print(f"fold: train on silver + gold half {trained_on}, test on half {held}", file=sys.stderr)
        examples = list(silver)
        for k in halves[trained_on]:
            examples += line_examples(tok, dev[k][3], rng, negatives=0.5)
        t = time.perf_counter()
        nlp = train(examples, args.epochs, args.seed)
        train_s = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            gold_dir, rules_dir, both_dir = tmp / "gold", tmp / "rules", tmp / "both"
            for d in (gold_dir, rules_dir, both_dir):
                d.mkdir()
            model_ms = []
            for k in halves[held]:
                gold_path, plan, text, _ = dev[k]
                shutil.copy(gold_path, gold_dir / gold_path.name)
                plan_json = json.loads(plan_to_json(plan))
                (rules_dir / f"{k}.json").write_text(json.dumps(plan_json, ensure_ascii=False), encoding="utf-8")
                t = time.perf_counter()
                both = with_model(plan_json, text, nlp)
                model_ms.append(1000 * (time.perf_counter() - t))
                (both_dir / f"{k}.json").write_text(json.dumps(both, ensure_ascii=False), encoding="utf-8")
            rules, combined = score(args.score, gold_dir, rules_dir), score(args.score, gold_dir, both_dir)
            nlp.to_disk(tmp / "model")
            size = sum(p.stat().st_size for p in (tmp / "model").rglob("*") if p.is_file())
        result["folds"][held] = {
            "documents": len(halves[held]), "train_lines": len(examples), "train_seconds": round(train_s),
            "model_bytes": size, "model_ms_per_document": round(statistics.median(model_ms), 1),
            "mentions": mention_scores(nlp, [dev[k][3] for k in halves[held]]),
            "rules": {k: rules[k] for k in ("lead", "assign")},
            "rules_plus_model": {k: combined[k] for k in ("lead", "assign")},
        }
        print(json.dumps(result["folds"][held], indent=1), file=sys.stderr)
    out = ROOT / "benchmarks" / "results" / "spacy-units.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| held-out half | system | lead P / R / F1 | assign P / R / F1 |\n|---|---|---|---|")
    for held, f in result["folds"].items():
        for name in ("rules", "rules_plus_model"):
            lead, assign = f[name]["lead"], f[name]["assign"]
            print(f"| {held} ({f['documents']} docs) | {name.replace('_', ' ')} | {lead['p']:.3f} / {lead['r']:.3f} / {lead['f1']:.3f} "
                  f"| {assign['p']:.3f} / {assign['r']:.3f} / {assign['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
