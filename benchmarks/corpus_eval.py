"""Where extraction stands on the evaluation corpus: `python benchmarks/corpus_eval.py [--shared DIR]`.

Runs the installed `kehoach` on the dev corpus, then `eval/score.py` on the whole corpus and on
the two halves of the held-out protocol (below), then `eval/coverage.py` on `corpus/unlabeled`
and on `corpus/files` (whose originals are Word, PDF and legacy-encoded files: their normalised
text is written beside the plans so that the gold-free counts read the same lines as the tasks).

The halves: the dev documents are split once, by kind of document (plan, emulation plan,
decision, directive, công điện, thông báo kết luận, saved web page) and evenly within each kind.
Rules are written from one half while the other is only scored, then the halves swap. The split
is fixed here so that every figure reported for "half A" or "half B" means the same documents.

With `--save NAME` the summary is written to `benchmarks/results/corpus-NAME.json`, so that two
runs can be compared line by line (`--compare OLD.json`). A measurement script: it asserts
nothing.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

HALF_A = (
    "camau-0204", "dongthap-552", "thanhhoa-235", "nghean-987", "hcm-174", "dongthap-597",
    "daklak-0125", "nghean-982", "ttg-44", "hcm-2853", "ttg-223", "ttg-217", "vpcp-631",
    "vpcp-636", "ninh-thuan", "hanoi-310", "hatinh-624", "quangtri-06",
)
"""Name prefixes of half A; every other dev document is in half B."""


_F1 = {"tasks_f1", "assign_f1", "lead_f1", "refs_f1", "sections_f1"}


def half_of(stem: str) -> str:
    return "A" if stem.startswith(HALF_A) else "B"


def score(score_py: Path, gold: Path, pred: Path) -> tuple[dict, dict]:
    out = subprocess.run([sys.executable, str(score_py), str(gold), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    per_doc = {}
    summary = {}
    for line in out.splitlines():
        if line.startswith("docs="):
            summary = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
        elif ": " in line:
            name, rest = line.split(": ", 1)
            figs = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", rest)}
            # per-document lines say "tasks=", the summary "tasks_f1=": one naming for both
            per_doc[name] = {(f"{k}_f1" if f"{k}_f1" in _F1 else k): v for k, v in figs.items()}
    return summary, per_doc


def coverage(coverage_py: Path, docs: Path, pred: Path) -> tuple[dict, dict]:
    out = subprocess.run([sys.executable, str(coverage_py), str(docs), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    per_doc = {}
    for line in lines[:-1]:
        name, rest = line.split(": ", 1)
        per_doc[name] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest.split(" missed lines")[0])}
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", lines[-1])}, per_doc


def link_half(dev: Path, half: str, into: Path) -> None:
    into.mkdir()
    for gold in dev.glob("*.gold.json"):
        stem = gold.name[: -len(".gold.json")]
        if half_of(stem) == half:
            (into / gold.name).symlink_to(gold.resolve())


def normalised_texts(files: Path, into: Path) -> None:
    """Write each readable file of `files` as NAME.txt (the text the extractor saw)."""
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document

    for f in sorted(files.iterdir()):
        if f.suffix.lower() not in {".txt", ".docx", ".doc", ".pdf"}:
            continue
        try:
            raw = read_document(f)
        except Exception:  # noqa: BLE001 - a file the reader refuses has no text to count
            continue
        (into / f"{f.stem}.txt").write_text(normalize(raw.text)[0], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the evaluation kit (default: ../shared)")
    parser.add_argument("--save", metavar="NAME", help="write benchmarks/results/corpus-NAME.json")
    parser.add_argument("--compare", metavar="JSON", help="print the documents whose figures moved since that run")
    parser.add_argument("--per-doc", action="store_true", help="print every document's figures")
    args = parser.parse_args()
    shared = Path(args.shared)
    dev, score_py, coverage_py = shared / "corpus" / "dev", shared / "eval" / "score.py", shared / "eval" / "coverage.py"
    kehoach = [sys.executable, "-m", "kehoach"]
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pred = tmp / "dev"
        inputs = sorted(str(p) for p in dev.glob("*.txt")) + sorted(str(p) for p in dev.glob("*.docx"))
        subprocess.run([*kehoach, "extract", *inputs, "-o", str(pred), "-q", "--format", "json"], check=False)
        result["all"], result["per_doc"] = score(score_py, dev, pred)
        for half in "AB":
            link_half(dev, half, tmp / f"gold{half}")
            result[f"half_{half}"], _ = score(score_py, tmp / f"gold{half}", pred)
        unl = shared / "corpus" / "unlabeled"
        subprocess.run([*kehoach, "extract", str(unl), "-o", str(tmp / "unl"), "-q", "--format", "json"], check=False)
        result["unlabeled"], result["unlabeled_per_doc"] = coverage(coverage_py, unl, tmp / "unl")
        files = shared / "corpus" / "files"
        (tmp / "files-text").mkdir()
        normalised_texts(files, tmp / "files-text")
        subprocess.run([*kehoach, "extract", str(files), "-o", str(tmp / "files"), "-q", "--format", "json"],
                       check=False, stderr=subprocess.DEVNULL)
        result["files"], result["files_per_doc"] = coverage(coverage_py, tmp / "files-text", tmp / "files")

    keys = ("tasks_f1", "assign_f1", "lead_f1", "refs_f1", "sections_f1", "tree", "header")
    print("set      " + " ".join(f"{k:>11}" for k in keys))
    for name in ("half_A", "half_B", "all"):
        print(f"{name:<8} " + " ".join(f"{result[name].get(k, 0):>11.3f}" for k in keys))
    for name in ("unlabeled", "files"):
        print(f"{name}: " + " ".join(f"{k}={v}" for k, v in result[name].items()))
    if args.per_doc:
        for doc, figs in sorted(result["per_doc"].items()):
            print(f"[{half_of(doc)}] {doc}: " + " ".join(f"{k}={figs.get(k, 0):.2f}" for k in keys))
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        for doc, figs in sorted(result["per_doc"].items()):
            before = old.get("per_doc", {}).get(doc, {})
            moved = [f"{k} {before.get(k, 0):.2f}→{figs.get(k, 0):.2f}" for k in keys
                     if abs(before.get(k, 0) - figs.get(k, 0)) >= 0.005]
            if moved:
                print(f"moved [{half_of(doc)}] {doc}: " + ", ".join(moved))
        for part in ("unlabeled", "files"):
            before = old.get(f"{part}_per_doc", {})
            for doc, row in sorted(result[f"{part}_per_doc"].items()):
                was = before.get(doc)
                if was and any(was.get(k) != row.get(k) for k in ("no_lead", "missed")) or (was and bool(was.get("tasks")) != bool(row.get("tasks"))):
                    print(f"moved {part} {doc}: " + ", ".join(f"{k} {was.get(k)}→{row.get(k)}" for k in ("tasks", "no_lead", "missed") if was.get(k) != row.get(k)))
    if args.save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"corpus-{args.save}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
