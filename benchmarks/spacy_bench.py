"""What the spaCy integration costs: `python benchmarks/spacy_bench.py CORPUS_DIR [--baseline CHECKOUT]`.

Prints a Markdown table (pasted into the README) and writes benchmarks/results/spacy.json:
- `kehoach extract CORPUS -j 1 --format json,md` wall time (the fastest of --repeat runs), this checkout; with `--baseline`, the
  same command run from another checkout (e.g. `git archive <commit>` unpacked) in alternation,
  so both see the same machine load: batch speed without `--format spacy` must not change;
- the same batch with `--format json,md,spacy` (the DocBin written per document);
- per document: `extract_plan(text)` alone vs `nlp(text)` through the kehoach component (median);
- whether `kehoach extract` loaded spaCy (it must not without `--format spacy`).
This is a measurement script, not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def batch_seconds(checkout: Path, corpus: Path, formats: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, PYTHONPATH=str(checkout))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kehoach", "extract", str(corpus), "-o", out, "-j", "1", "-q",
                        "--format", formats], check=True, cwd=checkout, env=env)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of documents (the dev corpus)")
    parser.add_argument("--baseline", type=Path, help="another checkout of kehoach to compare the batch against")
    parser.add_argument("--checkout", type=Path, default=ROOT,
                        help="the checkout to measure (default: this one; give an unpacked `git archive HEAD` on the "
                             "same file system as --baseline, so both import from the same kind of disk)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    args.corpus = args.corpus.resolve()
    args.baseline = args.baseline.resolve() if args.baseline else None
    args.checkout = args.checkout.resolve()

    runs: dict[str, list[float]] = {"batch": [], "batch_baseline": [], "batch_spacy": []}
    for _ in range(args.repeat):
        runs["batch"].append(batch_seconds(args.checkout, args.corpus, "json,md"))
        if args.baseline:
            runs["batch_baseline"].append(batch_seconds(args.baseline, args.corpus, "json,md"))
        runs["batch_spacy"].append(batch_seconds(args.checkout, args.corpus, "json,md,spacy"))

    probe = ("import sys; from kehoach.pipeline.cli import main; "
             f"main(['extract', {str(args.corpus)!r}, '-o', sys.argv[1], '-j', '1', '-q', '--format', 'json,md']); "
             "print('spacy' in sys.modules)")
    with tempfile.TemporaryDirectory() as out:
        loaded = subprocess.run([sys.executable, "-c", probe, out], capture_output=True, text=True, cwd=ROOT,
                                check=True).stdout.strip() == "True"

    from kehoach.pipeline.run import extract_plan
    from kehoach.spacy_component import load

    nlp = load()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    plain, through = [], []
    for text in texts:
        t = time.perf_counter()
        extract_plan(text, name="x.txt")
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        nlp(text)
        through.append(time.perf_counter() - t)

    # the fastest of the alternating runs: on a shared machine the others measure the neighbours' load
    med = {k: min(v) for k, v in runs.items() if v}
    result = {
        "documents": len(texts),
        "batch_json_md_s": med["batch"],
        "batch_json_md_baseline_s": med.get("batch_baseline"),
        "batch_json_md_spacy_s": med["batch_spacy"],
        "runs": runs,
        "extract_plan_median_ms": 1000 * statistics.median(plain),
        "component_median_ms": 1000 * statistics.median(through),
        "spacy_loaded_without_format_spacy": loaded,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "spacy.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| figure ({len(texts)} documents, one worker) | seconds / ms |\n|---|---|")
    print(f"| `kehoach extract -j 1 --format json,md`, this branch | {med['batch']:.2f} s |")
    if "batch_baseline" in med:
        print(f"| the same, baseline checkout | {med['batch_baseline']:.2f} s |")
    print(f"| `--format json,md,spacy` | {med['batch_spacy']:.2f} s |")
    print(f"| `extract_plan(text)` per document, median | {result['extract_plan_median_ms']:.1f} ms |")
    print(f"| `nlp(text)` (kehoach component) per document, median | {result['component_median_ms']:.1f} ms |")
    print(f"| spaCy imported by `kehoach extract` without `--format spacy` | {'yes' if loaded else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
