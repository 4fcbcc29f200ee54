"""Audit of a plan's legal references: the rules that need the whole plan, and `kehoach audit`.

The extractor (`kehoach.extractors.legal_refs`) already reports what one citation shows by itself
(type word vs type code, stated vs implied issuer, unknown codes, the year in the symbol vs the
date, impossible dates, one document cited with different dates, types or issuers, short forms
that fit no reference or several). This stage adds the rules that need more than the citation:

- `ref.dated_after_document` (error): a cited document dated after the plan itself;
- `ref.wrong_family_form` (warning): a party symbol written in the state form ("16/KL-TW" for
  16-KL/TW) or a state symbol in the party form ("215-QĐ/UBND");
- with a catalog (`--catalog FILE`, CSV or JSON): `ref.not_in_catalog` (info), `ref.expired` and
  `ref.replaced` (warning; info when the document was still in force on the plan's date), and
  `ref.catalog_mismatch` (warning) when the date or type word differs from the catalog's.

The catalog's columns: number_symbol, doc_type, date (ISO), issuer, title, status (in_force,
expired, replaced), replaced_by, until (ISO, optional: the last day in force), source.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kehoach.extractors.legal_refs import issuer_form, symbol_form
from kehoach.pipeline.errors import InputError, KehoachError
from kehoach.schemas import Finding, LegalRef, Plan

__all__ = ["Catalog", "CatalogEntry", "audit_findings", "load_catalog", "register", "main", "SEVERITIES"]

SEVERITIES = ("info", "warning", "error")
_STATUS_WORDS = {
    "in_force": "in_force", "in force": "in_force", "còn hiệu lực": "in_force",
    "expired": "expired", "hết hiệu lực": "expired",
    "replaced": "replaced", "bị thay thế": "replaced", "đã bị thay thế": "replaced",
}
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------------------------


def _symbol_key(symbol: str) -> str:
    """Return the lookup key of a symbol: NFC, no spaces, casefolded ('27/NQ- TW' → '27/nq-tw')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", symbol)).casefold()


@dataclass(frozen=True)
class CatalogEntry:
    """One known document: 'Luật số 80/2015/QH13 ngày 22/6/2015, replaced by 64/2025/QH15'."""

    number_symbol: str
    doc_type: Optional[str]
    date: Optional[str]
    issuer: Optional[str]
    title: Optional[str]
    status: str
    replaced_by: Optional[str]
    until: Optional[str]
    source: Optional[str]


@dataclass(frozen=True)
class Catalog:
    """Documents known to the auditor, by symbol."""

    path: str
    entries: dict[str, CatalogEntry]

    def get(self, symbol: str) -> Optional[CatalogEntry]:
        return self.entries.get(_symbol_key(symbol))


def load_catalog(path: str | Path) -> Catalog:
    """Return the catalog in a CSV or JSON file (a list of objects, or {"documents": [...]}).

    Ví dụ: load_catalog("extractors/data/catalog_example.csv").get("80/2015/QH13").replaced_by
    → "64/2025/QH15". A missing column, an unknown status or a date not written YYYY-MM-DD raises
    `InputError` naming the file, the row and what was expected.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the catalog ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "the catalog is not UTF-8 text") from None
    if path.suffix.casefold() == ".json" or raw.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"the catalog is not valid JSON ({exc.msg}, line {exc.lineno})") from None
        rows = data.get("documents") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError(str(path), 'expected a JSON list of objects, or {"documents": [...]}')
    else:
        rows = list(csv.DictReader(raw.splitlines()))
    entries: dict[str, CatalogEntry] = {}
    for number, row in enumerate(rows, start=1):
        entry = _entry(row, f"{path}: row {number}")
        entries[_symbol_key(entry.number_symbol)] = entry
    return Catalog(str(path), entries)


def _entry(row: dict, where: str) -> CatalogEntry:
    def cell(name: str) -> Optional[str]:
        value = row.get(name)
        value = str(value).strip() if value is not None else ""
        return unicodedata.normalize("NFC", value) or None

    symbol = cell("number_symbol")
    if not symbol:
        raise InputError(where, "number_symbol is empty; every row names a document by its symbol")
    status_text = (cell("status") or "").casefold()
    status = _STATUS_WORDS.get(status_text)
    if status is None:
        raise InputError(where, f"status {status_text!r} of {symbol} is not one of in_force, expired, replaced")
    for name in ("date", "until"):
        value = cell(name)
        if value and not _ISO_RE.match(value):
            raise InputError(where, f"{name} {value!r} of {symbol} is not written YYYY-MM-DD")
    return CatalogEntry(
        number_symbol=symbol, doc_type=cell("doc_type"), date=cell("date"), issuer=cell("issuer"), title=cell("title"),
        status=status, replaced_by=cell("replaced_by"), until=cell("until"), source=cell("source"),
    )


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def _finding(ref: LegalRef, code: str, severity: str, message: str, suggestion: Optional[str] = None) -> Finding:
    """Return a finding placed on the reference's first full mention."""
    full = [m for m in ref.mentions if m.resolved_to is None] or ref.mentions
    first = full[0] if full else None
    return Finding(
        code=code, severity=severity, message=message, suggestion=suggestion, ref_id=ref.id,  # type: ignore[arg-type]
        span=first.span if first else None, line=first.line if first else None,
    )


def _dated_after(ref: LegalRef, doc_date: Optional[str]) -> list[Finding]:
    """A cited document cannot be newer than the citing one: 'ngày 22/10/2025' in a plan of 17/11/2025 is fine."""
    if not doc_date:
        return []
    if ref.date and ref.date > doc_date:
        return [_finding(ref, "ref.dated_after_document", "error",
                         f"{ref.number_symbol or ref.id} is dated {ref.date}, after the document itself ({doc_date})",
                         "check the date of the citation and of the document")]
    if not ref.date and ref.year and ref.family != "standard" and ref.year > int(doc_date[:4]):
        return [_finding(ref, "ref.dated_after_document", "error",
                         f"{ref.number_symbol or ref.id} carries the year {ref.year}, after the document itself ({doc_date})",
                         "check the number and symbol of the citation")]
    return []


def _wrong_form(ref: LegalRef) -> list[Finding]:
    """Party documents are numbered 16-KL/TW, state ones 587/QĐ-TTg; flag a symbol in the other form."""
    if not ref.number_symbol or not ref.type_code or not ref.issuer_code:
        return []
    written, expected = symbol_form(ref.number_symbol), issuer_form(ref.issuer_code)
    if written is None or expected in (None, "either") or written == expected:
        return []
    if expected == "party":
        right = f"{ref.number}-{ref.type_code}/{ref.issuer_code}"
        why = f"{ref.issuer_code} is a party body, whose documents are numbered number-TYPE/ISSUER"
    else:
        year = f"/{ref.year}" if ref.year else ""
        right = f"{ref.number}{year}/{ref.type_code}-{ref.issuer_code}"
        why = f"{ref.issuer_code} is a state body, whose documents are numbered number/TYPE-ISSUER"
    return [_finding(ref, "ref.wrong_family_form", "warning", f"{ref.number_symbol} is written in the {written} form, but {why}", right)]


def _against_catalog(ref: LegalRef, catalog: Catalog, doc_date: Optional[str]) -> list[Finding]:
    """Compare a numbered reference with the catalog: unknown, expired, replaced, or different."""
    if not ref.number_symbol or ref.family == "standard":
        return []
    entry = catalog.get(ref.number_symbol)
    if entry is None:
        return [_finding(ref, "ref.not_in_catalog", "info", f"{ref.number_symbol} is not in the catalog {Path(catalog.path).name}",
                         "check the symbol, or add the document to the catalog")]
    out: list[Finding] = []
    if entry.status in ("expired", "replaced"):
        # A document that stopped being in force after the plan was issued was rightly cited then.
        then_in_force = bool(entry.until and doc_date and doc_date < entry.until)
        severity = "info" if then_in_force else "warning"
        since = f" since {entry.until}" if entry.until else ""
        if entry.status == "replaced":
            by = f" by {entry.replaced_by}" if entry.replaced_by else ""
            out.append(_finding(ref, "ref.replaced", severity, f"{ref.number_symbol} has been replaced{by}{since} (catalog)",
                                entry.replaced_by and f"cite {entry.replaced_by} instead"))
        else:
            out.append(_finding(ref, "ref.expired", severity, f"{ref.number_symbol} is no longer in force{since} (catalog)",
                                "check which document now governs this matter"))
    different = []
    if entry.date and ref.date and entry.date != ref.date:
        different.append(f"dated {ref.date} here, {entry.date} in the catalog")
    if entry.doc_type and ref.doc_type and entry.doc_type.casefold() != ref.doc_type.casefold():
        different.append(f"called a {ref.doc_type} here, a {entry.doc_type} in the catalog")
    if different:
        out.append(_finding(ref, "ref.catalog_mismatch", "warning", f"{ref.number_symbol} is {'; '.join(different)}",
                            " ".join(x for x in (entry.doc_type, entry.number_symbol, entry.date and f"ngày {entry.date}") if x)))
    return out


def audit_findings(plan: Plan, catalog: Optional[Catalog] = None) -> list[Finding]:
    """Return the findings on the plan's references that need the whole plan, or a catalog.

    Ví dụ: a plan dated 2017-07-10 that cites "Nghị quyết số 27/NQ-TW ngày 09/11/2022" gets
    `ref.dated_after_document` (error) and `ref.wrong_family_form` (warning, suggestion 27-NQ/TW).
    """
    doc_date = plan.document.date
    out: list[Finding] = []
    for ref in plan.legal_refs:
        out.extend(_dated_after(ref, doc_date))
        out.extend(_wrong_form(ref))
        if catalog is not None:
            out.extend(_against_catalog(ref, catalog, doc_date))
    return out


# ---------------------------------------------------------------------------------------------
# Command line: kehoach audit FILE... [--format table|json] [--fail-on LEVEL] [--catalog FILE]
# ---------------------------------------------------------------------------------------------

EXAMPLES = """examples:
  kehoach audit plan.txt                              # table of findings; exit 1 on any error
  kehoach audit docs/*.txt --fail-on warning          # gate a review: warnings fail too
  kehoach audit plan.txt --catalog catalog.csv        # also check against known documents
  kehoach audit plan.txt --format json --fail-on never
  kehoach audit plan.txt --select ref.                # references only, not task findings
exit status: 0 no finding reaches --fail-on, 1 some finding does, 2 an input or catalog cannot be read
"""
_COLUMNS = (("SEVERITY", 8), ("CODE", 26), ("LINE", 5), ("MESSAGE", 64), ("SUGGESTION", 30))


def format_table(name: str, findings: list[Finding]) -> str:
    """Return the findings of one file as a fixed-width table, long cells wrapped."""
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    counts = ", ".join(f"{n} {s if n == 1 else plural[s]}" for s in reversed(SEVERITIES) for n in [sum(f.severity == s for f in findings)])
    lines = [f"{name}: {len(findings)} finding{'s' if len(findings) != 1 else ''} ({counts})"]
    if not findings:
        return lines[0]
    lines.append("  ".join(title.ljust(width) for title, width in _COLUMNS).rstrip())
    for f in findings:
        cells = [f.severity, f.code, str(f.line or ""), f.message, f.suggestion or ""]
        wrapped = [textwrap.wrap(cell, width) or [""] if i >= 3 else [cell] for i, (cell, (_, width)) in enumerate(zip(cells, _COLUMNS))]
        for row in itertools.zip_longest(*wrapped, fillvalue=""):
            lines.append("  ".join((cell or "").ljust(width) for cell, (_, width) in zip(row, _COLUMNS)).rstrip())
    return "\n".join(lines)


def _reaches(findings: list[Finding], level: str) -> bool:
    if level == "never":
        return False
    floor = SEVERITIES.index(level)
    return any(SEVERITIES.index(f.severity) >= floor for f in findings)


def cmd_audit(args: argparse.Namespace) -> int:
    """Run the audit over every file; return the exit status (0, 1 on a finding at --fail-on, 2 on bad input)."""
    from kehoach.pipeline.run import extract_plan

    if args.db:  # across the documents of a collection
        from kehoach.collection.audit import cmd_audit_db

        return cmd_audit_db(args)
    if not args.files:
        print("kehoach: error: audit: give FILE... or --db FILE", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(args.catalog) if args.catalog else None
    except KehoachError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    results, broken = [], False
    for name in args.files:
        try:
            plan = extract_plan(Path(name))
        except KehoachError as exc:
            print(f"kehoach: error: {exc}", file=sys.stderr)
            broken = True
            continue
        findings = list(plan.findings)
        if catalog is not None:
            findings.extend(_catalog_only(plan, catalog))
        if args.select:
            findings = [f for f in findings if f.code.startswith(tuple(args.select))]
        findings.sort(key=lambda f: (f.line or 0, f.code, f.message))
        results.append((name, findings))
    if args.format == "json":
        payload = [{"file": name, "findings": [f.model_dump(exclude_none=True) for f in findings]} for name, findings in results]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_table(name, findings) for name, findings in results))
    if broken:
        return 2
    return 1 if any(_reaches(findings, args.fail_on) for _, findings in results) else 0


def _catalog_only(plan: Plan, catalog: Catalog) -> list[Finding]:
    """The catalog rules alone (the plan's findings already hold the others)."""
    doc_date = plan.document.date
    return [f for ref in plan.legal_refs for f in _against_catalog(ref, catalog, doc_date)]


def register(subparsers) -> argparse.ArgumentParser:
    """Add `kehoach audit` to the CLI's subparsers; return its parser.

    Ví dụ: sub = parser.add_subparsers(); register(sub); parser.parse_args(["audit", "plan.txt"]).
    """
    au = subparsers.add_parser(
        "audit", help="check what documents cite: symbols, dates, issuers, short forms (and a catalog)",
        description="Print the findings on each document's legal references (and other findings of the plan) "
        "as a table or JSON; exit 1 when a finding reaches --fail-on.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    au.add_argument("files", nargs="*", metavar="FILE", help="documents to audit (.txt, .docx, .pdf)")
    au.add_argument("--db", metavar="FILE", help="audit a collection instead: the same document cited with different "
                    "dates, issuers, types or titles across its plans (see kehoach index)")
    au.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    au.add_argument("--fail-on", choices=(*reversed(SEVERITIES), "never"), default="error",
                    help="exit 1 when a finding is at least this severe (default: %(default)s)")
    au.add_argument("--catalog", metavar="FILE", help="CSV or JSON of known documents (number_symbol, doc_type, date, issuer, "
                    "title, status, replaced_by, until, source)")
    au.add_argument("--select", action="append", metavar="PREFIX",
                    help="only findings whose code starts with PREFIX, e.g. 'ref.' (repeatable; default: all)")
    au.set_defaults(func=cmd_audit)
    return au


def main(argv: list[str] | None = None) -> int:
    """Run `kehoach audit` alone: main(["plan.txt", "--fail-on", "warning"]) → exit status."""
    parser = argparse.ArgumentParser(prog="kehoach")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["audit", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
