"""Command line: `kehoach extract FILE... -o DIR`.

Every input gives DIR/<stem>.json (the plan) and DIR/<stem>.checklist.md. A bad input prints one
line naming the file and the problem, the other inputs are still processed, and the exit status
is 1. Output files are written to a temporary file in DIR and renamed, so a file in DIR is always
whole.
"""
from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from kehoach import __version__
from kehoach.pipeline.errors import InputError, KehoachError, OutputError

EXAMPLES = """examples:
  kehoach extract                                  # the bundled sample → ./kehoach-output/
  kehoach extract plan.txt -o out/                 # out/plan.json and out/plan.checklist.md
  kehoach extract docs/*.txt -o out/ --format json # JSON only
  python -m kehoach schema > plan.schema.json      # the JSON Schema of the output
"""



def bundled_samples() -> list[Path]:
    """The sample documents shipped with kehoach."""
    root = resources.files("kehoach.samples")
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith(".txt"))


def _extract_one(path: Path, out_dir: Path, formats: list[str]) -> None:
    from kehoach.pipeline.export import exporter
    from kehoach.pipeline.run import extract_plan

    plan = extract_plan(path)
    for name in formats:
        try:
            exporter(name)(plan, out_dir, path.stem)
        except OSError as exc:
            raise OutputError(f"{out_dir}: cannot write {name} output ({exc.strerror or exc})") from None


def cmd_extract(args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files] or bundled_samples()
    from kehoach.pipeline.export import EXPORTERS

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    if formats == ["all"]:
        formats = list(EXPORTERS)
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        print(f"kehoach: error: unknown format {', '.join(unknown)}; choose from {', '.join(EXPORTERS)} or all", file=sys.stderr)
        return 2
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        print(f"kehoach: error: {out_dir}: output path exists and is not a directory", file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        try:
            _extract_one(path, out_dir, formats)
            if not args.quiet:
                print(f"{path} → {out_dir / path.stem}.*", file=sys.stderr)
        except KehoachError as exc:
            failed += 1
            print(f"kehoach: error: {exc}", file=sys.stderr)
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from kehoach.schemas.export import schema_json

    sys.stdout.write(schema_json())
    return 0


def build_parser() -> argparse.ArgumentParser:
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
    ex.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 .txt documents (default: the bundled sample)")
    ex.add_argument("-o", "--output", default="kehoach-output", metavar="DIR", help="output folder (default: %(default)s)")
    ex.add_argument("--format", default="json,md", help="comma-separated output formats, or all (default: %(default)s)")
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    ex.set_defaults(func=cmd_extract)
    sc = sub.add_parser("schema", help="print the JSON Schema of the plan JSON")
    sc.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
