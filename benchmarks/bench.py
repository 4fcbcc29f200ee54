"""kehoach's speed and memory, measured: `python benchmarks/bench.py [--corpus DIR] [--quick]`.

Writes benchmarks/results/latest.json and prints a Markdown table (pasted into the README).
Figures, in one process and one core unless said otherwise:
- latency of `extract_plan` per document (median, p95) for the samples and a corpus folder, .txt
  and, where a .docx of the same document exists, .docx;
- throughput in characters per second;
- the ratio against a baseline every Vietnamese pipeline pays, `underthesea.word_tokenize` over
  the same text, timed in the same process;
- a scaling series: one plan concatenated 1×, 4×, 16×, 64× (linear growth expected);
- peak memory (tracemalloc) for a document of about 1 MB;
- `kehoach extract --jobs 1` vs `--jobs 2` on a batch of 200 documents, as wall time of the CLI.
This is a measurement script, not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"),
                        help="a folder of .txt documents to time as well (default: ../shared/corpus/dev when present)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller batch")
    args = parser.parse_args()
    repeat = 5 if args.quick else 30

    t0 = time.perf_counter()
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document
    from kehoach.pipeline.run import extract_plan
    import_seconds = time.perf_counter() - t0

    docs = sorted((ROOT / "samples").glob("*.txt"))
    corpus = Path(args.corpus)
    if corpus.is_dir():
        docs += sorted(corpus.glob("*.txt"))
    for d in docs:  # warm-up: first call compiles the rule patterns and loads the tone table
        extract_plan(d)

    from underthesea import word_tokenize

    rows = []
    for d in docs:
        text = d.read_text(encoding="utf-8")
        ours = timed(lambda: extract_plan(d), repeat)
        base = timed(lambda: word_tokenize(text), max(3, repeat // 3))
        rows.append({
            "document": d.name, "format": "txt", "characters": len(text),
            "median_ms": statistics.median(ours) * 1000, "p95_ms": p95(ours) * 1000,
            "word_tokenize_ms": statistics.median(base) * 1000,
            "ratio_vs_word_tokenize": statistics.median(ours) / statistics.median(base),
        })
        docx = d.with_suffix(".docx")
        if docx.exists():
            t = timed(lambda: extract_plan(docx), repeat)
            rows.append({"document": docx.name, "format": "docx", "characters": len(text),
                         "median_ms": statistics.median(t) * 1000, "p95_ms": p95(t) * 1000})

    for d in sorted((ROOT / "samples").glob("*.docx")):
        extract_plan(d)
        plan = extract_plan(d)
        t = timed(lambda: extract_plan(d), repeat)
        rows.append({"document": d.name, "format": "docx", "characters": plan.source.characters,
                     "median_ms": statistics.median(t) * 1000, "p95_ms": p95(t) * 1000})

    txt_rows = [r for r in rows if r["format"] == "txt"]
    total_chars = sum(r["characters"] for r in txt_rows)
    total_seconds = sum(r["median_ms"] for r in txt_rows) / 1000
    sample = ROOT / "samples" / "ninh-thuan-2017-ttdn.txt"
    sample_row = next(r for r in rows if r["document"] == sample.name)

    # Scaling: the sample concatenated n times, as one document.
    base_text = sample.read_text(encoding="utf-8")
    scaling = []
    for n in (1, 4, 16, 64):
        big = "\n".join([base_text] * n)
        t = timed(lambda: extract_plan(big, name="big.txt"), 3 if n < 64 else 2)
        scaling.append({"copies": n, "characters": len(big), "seconds": min(t)})
    for s in scaling:
        s["ratio_to_1x"] = s["seconds"] / scaling[0]["seconds"]

    # Peak memory for about 1 MB of text.
    megabyte = "\n".join([base_text] * max(1, 1_000_000 // len(base_text)))
    tracemalloc.start()
    extract_plan(megabyte, name="1mb.txt")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The same in a fresh process, as the operating system counts it (resident set, peak).
    rss_script = (
        "import sys; from kehoach.pipeline.run import extract_plan; "
        "t = open(sys.argv[1], encoding='utf-8').read(); "
        "big = chr(10).join([t] * max(1, 1_000_000 // len(t))); extract_plan(big, name='1mb.txt'); "
        # VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child would report this (larger) process.
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    rss_kb = int(subprocess.run([sys.executable, "-c", rss_script, str(sample)], capture_output=True, text=True,
                                check=True).stdout.strip())

    # Batch: --jobs 1 vs --jobs 2 on 200 documents, wall time of the real CLI.
    batch = {}
    n_docs = 40 if args.quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i in range(n_docs):
            d = docs[i % len(docs)]
            (src / f"{i:03}-{d.name}").write_text(d.read_text(encoding="utf-8"), encoding="utf-8")
        for jobs in (1, 2):
            times = []
            for attempt in range(2):  # the better of two runs: the machine's other work adds noise
                out = Path(tmp) / f"out{jobs}-{attempt}"
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "kehoach", "extract", str(src), "-o", str(out), "--jobs", str(jobs),
                                "-q", "--format", "json"], check=True, cwd=tmp)
                times.append(time.perf_counter() - t)
            batch[f"jobs{jobs}_seconds"] = min(times)
    batch["documents"] = n_docs
    batch["speedup"] = batch["jobs1_seconds"] / batch["jobs2_seconds"]

    result = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "import_seconds": import_seconds,
        "documents": rows,
        "sample": {"document": sample.name, "characters": sample_row["characters"],
                   "median_ms": sample_row["median_ms"], "ratio_vs_word_tokenize": sample_row["ratio_vs_word_tokenize"]},
        "throughput_chars_per_second": total_chars / total_seconds,
        "median_ratio_vs_word_tokenize": statistics.median(r["ratio_vs_word_tokenize"] for r in txt_rows),
        "scaling": scaling,
        "peak_memory_mb_1mb_document": peak / 1e6,
        "peak_rss_mb_1mb_document": rss_kb / 1024,
        "one_mb_characters": len(megabyte),
        "batch": batch,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; import {import_seconds * 1000:.0f} ms\n")
    print("| document | format | characters | median ms | p95 ms | word_tokenize ms | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        wt = f"{r['word_tokenize_ms']:.1f}" if "word_tokenize_ms" in r else ""
        ratio = f"{r['ratio_vs_word_tokenize']:.2f}" if "ratio_vs_word_tokenize" in r else ""
        print(f"| {r['document']} | {r['format']} | {r['characters']:,} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {wt} | {ratio} |")
    print(f"\nthroughput: {result['throughput_chars_per_second']:,.0f} characters/s per core")
    print("scaling: " + ", ".join(f"{s['copies']}× {s['seconds'] * 1000:.0f} ms ({s['ratio_to_1x']:.1f}×)" for s in scaling))
    print(f"peak memory, {len(megabyte) / 1e6:.1f} M characters: {result['peak_memory_mb_1mb_document']:.0f} MB allocated "
          f"by Python (tracemalloc), {result['peak_rss_mb_1mb_document']:.0f} MB resident for the whole process")
    print(f"batch of {n_docs}: --jobs 1 {batch['jobs1_seconds']:.1f} s, --jobs 2 {batch['jobs2_seconds']:.1f} s, speed-up {batch['speedup']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
