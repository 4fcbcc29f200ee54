"""OCR speed: pages per second with 1 and 2 pages read at once (`kehoach extract --jobs N`).

    python benchmarks/ocr.py SCAN.pdf ... [--jobs 1 2] [--save benchmarks/results/ocr.json]

Each run OCRs every page of the given scans from scratch (no cache): rendering, Tesseract, the
ruling lines and the second look at empty table cells, as `kehoach extract` does in its OCR stage;
then lays the text out and extracts the plans (timed apart, from the cached OCR). Reported per
run: wall time, pages per second, the CPU time of the Tesseract processes and of the rendering
(this process), and the load average
of the machine around the run (the machine may be shared: a busy one only adds time).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kehoach import ocr  # noqa: E402
from kehoach.ocr import engine  # noqa: E402


def run(files: list[Path], jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-bench-") as tmp:
        cache = Path(tmp)
        load_before = os.getloadavg()[0]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        pages = 0
        for f in files:
            pages += len(engine.ocr_file(f, jobs=jobs, cache_dir=cache).pages)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        # The rest of the way, from the cached OCR: layout, repairs, extraction.
        from kehoach.pipeline.run import extract_plan

        t = time.perf_counter()
        with ocr.settings(cache_dir=cache, jobs=jobs):
            tasks = sum(len(extract_plan(f).tasks) for f in files)
        rest = time.perf_counter() - t
    return {
        "jobs": jobs, "files": len(files), "pages": pages, "wall_seconds": round(wall, 2),
        "pages_per_second": round(pages / wall, 3), "seconds_per_page": round(wall / pages, 2),
        "tesseract_cpu_seconds": round((after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime), 1),
        "render_and_rules_cpu_seconds": round((own_after.ru_utime + own_after.ru_stime) - (own.ru_utime + own.ru_stime), 1),
        "cpu_seconds_per_page": round(((after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
                                       + (own_after.ru_utime + own_after.ru_stime) - (own.ru_utime + own.ru_stime)) / pages, 2),
        "layout_and_extraction_seconds": round(rest, 2), "tasks": tasks,
        "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--save", type=Path)
    args = parser.parse_args(argv)
    if not engine.available():
        print(f"benchmarks/ocr.py: {engine.INSTALL}", file=sys.stderr)
        return 2
    results = []
    for jobs in args.jobs:
        r = run(args.files, jobs)
        results.append(r)
        print(f"--jobs {jobs}: {r['pages']} pages in {r['wall_seconds']} s = {r['pages_per_second']} pages/s "
              f"({r['seconds_per_page']} s/page; CPU {r['cpu_seconds_per_page']} s/page: Tesseract {r['tesseract_cpu_seconds']} s, "
              f"rendering and rules {r['render_and_rules_cpu_seconds']} s; layout and extraction "
              f"{r['layout_and_extraction_seconds']} s; load {r['load_before']} → {r['load_after']})", flush=True)
    if args.save:
        data = {"tesseract": engine.tesseract_version(), "language": engine.LANGUAGE, "cores": os.cpu_count(),
                "python": platform.python_version(), "files": [f.name for f in args.files], "runs": results}
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
