"""Audit across documents: one cited document given different dates, issuers, types or titles by
different plans of the collection (`kehoach audit --db FILE`).

References are grouped by their normalised số ký hiệu (`db.symbol_key`: "72/2015/NĐ-CP" and
"72/2015/ND-CP" are one document). For each attribute the plans disagree on, a finding names the
form most plans give (the majority, with its count) and every other form with the file and line
where it is written. The single-document checks (a date that contradicts the symbol's year, an
issuer code that contradicts the stated issuer …) stay in each plan's own findings.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from kehoach.collection.db import CollectionError, connect_readonly, fold_text

ATTRIBUTES = {
    # attribute: (finding code, severity, what it is called in a message)
    "doc_type": ("collection.ref_type_differs", "warning", "type"),
    "date": ("collection.ref_date_differs", "warning", "date"),
    "issuer": ("collection.ref_issuer_differs", "warning", "issuer"),
    "title": ("collection.ref_title_differs", "info", "title"),
}
SEVERITIES = ("info", "warning", "error")


def _norm(attribute: str, value: str) -> str:
    """The form compared: dates as written (ISO), words folded without diacritics, punctuation or
    case; issuers with their abbreviations expanded ("UBND tỉnh" = "Ủy ban nhân dân tỉnh")."""
    if attribute == "date":
        return value
    if attribute == "issuer":
        from kehoach.extractors.units import canonical_form

        value = canonical_form(value)
    return " ".join(re.sub(r"[^\w]+", " ", fold_text(value)).split())


def cross_findings(con: sqlite3.Connection, symbol: str | None = None) -> list[dict]:
    """The findings about documents cited differently across plans, ordered by symbol and attribute."""
    from kehoach.collection.db import symbol_key

    where, params = "r.symbol_key IS NOT NULL", []
    if symbol:
        where += " AND r.symbol_key = ?"
        params.append(symbol_key(symbol))
    rows = con.execute(
        "SELECT r.symbol_key, r.number_symbol, r.doc_type, r.date, r.issuer, r.title, d.id AS plan_id, d.path, "
        "(SELECT min(m.line) FROM ref_mentions m WHERE m.ref = r.id) AS line "
        f"FROM legal_refs r JOIN documents d ON d.id = r.doc_id WHERE {where} ORDER BY r.symbol_key, d.path, line",
        params).fetchall()
    groups: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        groups[r["symbol_key"]].append(r)
    findings = []
    for key, refs in groups.items():
        if len({r["plan_id"] for r in refs}) < 2:
            continue  # cited by one plan only: its own audit covers it
        for attribute, (code, severity, label) in ATTRIBUTES.items():
            forms: dict[str, list[sqlite3.Row]] = defaultdict(list)
            shown: dict[str, str] = {}
            values = sorted({_norm(attribute, r[attribute]) for r in refs if r[attribute]}, key=lambda n: (-len(n), n))
            same: dict[str, str] = {}
            for n in values:
                # A title cut short by one plan ("… chuyển đổi số" for "… chuyển đổi số quốc gia") is the same title.
                longer = next((m for m in same.values() if attribute == "title" and m.startswith(n)), None)
                same[n] = longer or n
            for r in refs:
                if r[attribute]:
                    n = same[_norm(attribute, r[attribute])]
                    forms[n].append(r)
                    shown.setdefault(n, r[attribute])
            if len(forms) < 2:
                continue
            ranked = sorted(forms, key=lambda n: (-len({r["plan_id"] for r in forms[n]}), n))
            top = ranked[0]
            top_plans = len({r["plan_id"] for r in forms[top]})
            tie = top_plans == len({r["plan_id"] for r in forms[ranked[1]]})
            outliers = [{"value": r[attribute], "file": r["path"], "line": r["line"], "plan_id": r["plan_id"]}
                        for n in ranked[1:] for r in forms[n]]
            symbol_shown = refs[0]["number_symbol"]
            message = (f"{symbol_shown} is cited with {len(forms)} different {label}s: {shown[top]!s} in {top_plans} "
                       f"plan{'s' if top_plans != 1 else ''}{' (a tie)' if tie else ''}; "
                       + "; ".join(f"{o['value']} in {o['file']} line {o['line']}" for o in outliers))
            findings.append({"code": code, "severity": severity, "symbol": symbol_shown, "key": key, "attribute": attribute,
                             "majority": {"value": shown[top], "plans": top_plans, "tie": tie,
                                          "files": sorted({r["path"] for r in forms[top]})},
                             "outliers": outliers, "message": message})
    return findings


def cmd_audit_db(args: argparse.Namespace) -> int:
    from kehoach.collection.query import stdout_closed_quietly

    return stdout_closed_quietly(_audit_db)(args)


def _audit_db(args: argparse.Namespace) -> int:
    """`kehoach audit --db FILE [--symbol S] [--format] [--fail-on]`: exit 1 on a finding at --fail-on."""
    try:
        con = connect_readonly(Path(args.db))
    except CollectionError as exc:
        print(f"kehoach: error: {exc}", file=sys.stderr)
        return 2
    try:
        findings = cross_findings(con, getattr(args, "symbol", None))
        plans = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    if args.select:
        findings = [f for f in findings if f["code"].startswith(tuple(args.select))]
    if args.format == "json":
        from kehoach.collection.query import without_ids

        print(json.dumps(without_ids(findings), ensure_ascii=False, indent=2))
    else:
        counts = {s: sum(f["severity"] == s for f in findings) for s in SEVERITIES}
        print(f"{args.db}: {plans} plans, {len(findings)} findings across documents "
              f"({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info)")
        for f in findings:
            print(f"{f['severity']:<8}  {f['code']:<30}  {f['symbol']}: {f['attribute']} {f['majority']['value']} "
                  f"in {f['majority']['plans']} plan{'s' if f['majority']['plans'] != 1 else ''}"
                  + (" (a tie)" if f["majority"]["tie"] else ""))
            for o in f["outliers"]:
                print(f"{'':<8}  {'':<30}    outlier {o['value']}: {o['file']}:{o['line']}")
    if args.fail_on == "never":
        return 0
    floor = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(f["severity"]) >= floor for f in findings) else 0
