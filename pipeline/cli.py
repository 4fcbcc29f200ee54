"""Command line: `kehoach extract FILE... -o DIR`.

Every input gives DIR/<stem>.json (the plan) and DIR/<stem>.checklist.md. A bad input prints one
line naming the file and the problem, the other inputs are still processed, and the exit status
is 1. Output files are written to a temporary file in DIR and renamed, so a file in DIR is always
whole.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from datetime import date
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from kehoach import __version__

EXAMPLES = """examples:
  kehoach extract                                  # the bundled samples → ./kehoach-output/
  kehoach extract plan.txt -o out/                 # out/plan.json and out/plan.checklist.md
  kehoach extract archive/ -o out/ --jobs 2        # a whole folder, recursively, resumable
  kehoach extract archive/ -o out/ --time-limit 60 # stop and report a file that takes over 60 s
  kehoach extract docs/*.txt -o out/ --format json # JSON only
  kehoach extract plan.docx -o out/ --format all   # JSON, Markdown, CSV, XLSX, iCalendar, GraphML, DOCX, SVG
  kehoach extract plan.txt -o out/ --per-unit      # plus one checklist per lead unit
  kehoach extract docs/ -o out/ --format json,spacy # plus a spaCy DocBin per document (training data)
  kehoach graph plan.txt --as-of 2026-01-01        # workloads, tasks with no lead, coordination
  kehoach diff du-thao.txt ban-ky.txt              # what changed between two versions
  kehoach audit plan.txt --fail-on warning         # inspect citations; non-zero exit on findings
  kehoach report plan.docx -o plan.html            # a review page that opens offline
  kehoach serve                                    # http://127.0.0.1:8000/
  kehoach index plans/ --db kehoach.db             # a collection; then kehoach tasks/cites/units/audit --db
  python -m kehoach schema > plan.schema.json      # the JSON Schema of the output
"""



COMMANDS = {
    "audit": ("kehoach.pipeline.audit", "check the legal references a document cites; exit 1 on findings"),
    "graph": ("kehoach.pipeline.graph", "the responsibility graph: workloads, missing leads, coordination"),
    "diff": ("kehoach.pipeline.diff", "what changed between two versions of a plan"),
    "report": ("kehoach.pipeline.report", "one self-contained HTML page to review a plan against its text"),
    "serve": ("kehoach.pipeline.serve", "a local web app: upload a document, review it, download every export"),
    "index": ("kehoach.collection.index", "add documents to a collection database (re-extracts only what changed)"),
    "tasks": ("kehoach.collection.tasks", "tasks across the plans of a collection: by unit, role, due date, words"),
    "cites": ("kehoach.collection.cites", "which plans of a collection cite a document, and where"),
    "units": ("kehoach.collection.units", "workload per unit across the plans of a collection"),
}
"""Commands that live in their own module, which adds them with `register(subparsers)`. A module is
imported only when its command is run (or its own --help asked for), so `kehoach --help` and
`kehoach extract` do not load networkx, matplotlib or openpyxl."""


def bundled_samples() -> list[Path]:
    """The sample documents shipped with kehoach."""
    root = resources.files("kehoach.samples")
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith((".txt", ".docx")))


def cmd_extract(args: argparse.Namespace) -> int:
    from kehoach.pipeline.batch import print_summary, run_batch
    from kehoach.pipeline.errors import KehoachError
    from kehoach.pipeline.export import EXPORTERS, SOURCE_EXPORTERS

    inputs = list(args.files) or [str(p) for p in bundled_samples()]
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    if formats == ["all"]:
        formats = [f for f in EXPORTERS if f != "csv-bom"]  # csv and csv-bom write the same files
    if args.per_unit and "md-units" not in formats:
        formats.append("md-units")
    unknown = [f for f in formats if f not in EXPORTERS and f not in SOURCE_EXPORTERS]
    if unknown:
        print(f"kehoach: error: unknown format {', '.join(unknown)}; choose from {', '.join([*EXPORTERS, *SOURCE_EXPORTERS])} "
              "or all", file=sys.stderr)
        return 2
    if "spacy" in formats and find_spec("spacy") is None:
        print("kehoach: error: --format spacy needs spaCy: pip install 'kehoach[spacy]'", file=sys.stderr)
        return 2
    if args.as_of == "today":
        args.as_of = date.today().isoformat()
    if args.as_of:
        try:
            date.fromisoformat(args.as_of)
        except ValueError:
            print(f"kehoach: error: --as-of {args.as_of}: expected a date YYYY-MM-DD", file=sys.stderr)
            return 2
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        print(f"kehoach: error: {out_dir}: output path exists and is not a directory", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print(f"kehoach: error: --jobs {args.jobs}: expected 1 or more worker processes", file=sys.stderr)
        return 2
    if args.time_limit < 0:
        print(f"kehoach: error: --time-limit {args.time_limit:g}: expected seconds, or 0 for no limit", file=sys.stderr)
        return 2
    try:
        summary = run_batch(inputs, out_dir, tuple(formats), jobs=args.jobs, force=args.force, as_of=args.as_of,
                            progress=not args.no_progress, quiet=args.quiet, encoding=args.encoding,
                            time_limit=args.time_limit, document=args.document, ocr=args.ocr)
    except KehoachError as exc:  # the output folder cannot be written: nothing was started
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print_summary(summary, out_dir)
    if summary.interrupted:
        print("kehoach: interrupted; finished files are whole, run again to continue", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # Everything is written and recorded. Leave now: a late KeyboardInterrupt while the
        # interpreter joins the worker pool's threads would otherwise end the process by SIGINT.
        os._exit(130)
    return 1 if summary.failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from kehoach.schemas.export import schema_json

    sys.stdout.write(schema_json())
    return 0


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Turn Vietnamese administrative plans (Kế hoạch, Chỉ thị, Quyết định …) into tasks, "
        "lead and supporting units, deadlines and legal references.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="extract plans from documents", epilog=EXAMPLES,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("files", nargs="*", metavar="FILE_OR_DIR",
                    help="documents (.txt, .docx, .doc, .pdf, scans as .png/.jpg/.tif) or folders to walk (default: the bundled samples)")
    ex.add_argument("-o", "--output", default="kehoach-output", metavar="DIR", help="output folder (default: %(default)s)")
    ex.add_argument("--format", default="json,md", help="comma-separated output formats, or all (default: %(default)s)")
    ex.add_argument("--per-unit", action="store_true", help="also one Markdown checklist per lead unit (format md-units)")
    ex.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: the number of cores)")
    ex.add_argument("--force", action="store_true", help="redo files whose outputs are up to date")
    ex.add_argument("--time-limit", type=float, default=300.0, metavar="SECONDS",  # = batch.TIME_LIMIT
                    help="stop and report a file that takes longer than this (default: %(default)g; 0: no limit)")
    ex.add_argument("--as-of", metavar="DATE",
                    help="check units against the reorganisation data at this date (YYYY-MM-DD or today); off by default, "
                         "so that the same input always gives the same output")
    ex.add_argument("--encoding", choices=["utf-8", "utf-16", "windows-1258", "tcvn3", "vni"],
                    help="force the text encoding of .txt files and PDF text layers (default: detect)")
    ex.add_argument("--document", action="store_true",
                    help="read every input as an administrative document, also an excerpt without its header block "
                         "(by default a text that does not read as one, such as a news or Q&A page, gives no tasks)")
    ex.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                    help="OCR (Tesseract, Vietnamese) for scans: auto reads a PDF by OCR when it has no usable text layer, "
                         "always ignores the text layer, never refuses scans (default: %(default)s); images are always OCR'd")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar")
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only (no warnings, progress or summary)")
    ex.set_defaults(func=cmd_extract)
    sc = sub.add_parser("schema", help="print the JSON Schema of the plan JSON")
    sc.set_defaults(func=cmd_schema)
    for name, (module, help_text) in COMMANDS.items():
        if argv and name in argv[:1]:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("kehoach: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
