"""Fidelity across formats: the same plan as .txt, as a .docx with Word auto-numbering, and as
the PDF LibreOffice prints from that .docx, gives the same extraction (issue 5).

The .docx is built here from each sample's text: Roman and Arabic heading numbers become Word
list numbering (numbering.xml, a two-level list whose second level restarts under each Roman
part), lettered items keep their typed letters (Word's letter lists have no "đ"), and every
" | " line becomes a table row. The PDF is printed from that .docx by LibreOffice.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from conftest import SAMPLES
from ooxml import W_NS, write_docx
from kehoach.pipeline.run import extract_plan

# numId 1: I. / 1. (the second level restarts under each Roman part); numId 2: 1. alone.
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)
ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(?=\S)")
ARABIC = re.compile(r"^\d{1,2}\.\s+(?=\S)")


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'


def _para(text: str, num: tuple[int, int] | None = None) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{ppr}{_run(text) if text else ''}</w:p>"


def _table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    grid = "<w:tblGrid>" + f'<w:gridCol w:w="{9600 // width}"/>' * width + "</w:tblGrid>"
    body = ""
    for r in rows:
        cells = r + [""] * (width - len(r))
        body += "<w:tr>" + "".join(f"<w:tc>{_para(c.strip())}</w:tc>" for c in cells) + "</w:tr>"
    # The header block and the signature (two columns) are borderless, as in real documents;
    # assignment tables are ruled.
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "" if width <= 2 else "<w:tblBorders>" + "".join(f'<w:{b} w:val="single"/>' for b in sides) + "</w:tblBorders>"
    return f"<w:tbl><w:tblPr>{borders}</w:tblPr>{grid}{body}</w:tbl>"


def build_docx(text: str, path: Path) -> Path:
    """A .docx of a plan's text with Word auto-numbering in place of typed Roman/Arabic numbers."""
    lines = text.split("\n")
    uses_roman = any(ROMAN.match(ln) for ln in lines)
    body, table_rows = [], []
    for line in lines:
        if " | " in line:
            table_rows.append(line.split(" | "))
            continue
        if table_rows:
            body.append(_table(table_rows))
            table_rows = []
        if ROMAN.match(line):
            body.append(_para(ROMAN.sub("", line), (1, 0)))
        elif ARABIC.match(line) and not re.match(r"^\d+\.\d", line):
            body.append(_para(ARABIC.sub("", line), (1, 1) if uses_roman else (2, 0)))
        else:
            body.append(_para(line))
    if table_rows:
        body.append(_table(table_rows))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
                f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>")
    return write_docx(path, document, numbering=NUMBERING)


def summary(plan) -> dict:
    names = {u.id: u.name for u in plan.units}
    return {
        "sections": [(s.id, s.heading[:30]) for s in plan.sections],
        "tasks": [(t.title[:40], tuple(sorted(names[i] for i in t.lead_units)),
                   tuple(sorted(names[i] for i in t.support_units))) for t in plan.tasks],
        "refs": sorted(r.number_symbol or r.title or "" for r in plan.legal_refs),
        "header": (plan.document.doc_type, plan.document.number_symbol, plan.document.date, plan.document.signer),
    }


SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice is needed to print the PDF: apt-get install libreoffice-writer-nogui")
    return exe


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_docx_with_auto_numbering_reads_like_the_text(sample: Path, tmp_path: Path):
    txt = extract_plan(sample)
    docx = build_docx(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.docx")
    word = extract_plan(docx)
    assert word.source.format == "docx"
    assert summary(word) == summary(txt)
    # Items keep where they stand in the Word file.
    assert all(s.location is not None and s.location.paragraph is not None for s in word.sections)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_pdf_printed_from_the_docx_reads_like_the_text(sample: Path, tmp_path: Path, soffice: str):
    txt = extract_plan(sample)
    docx = build_docx(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = extract_plan(tmp_path / f"{sample.stem}.pdf")
    assert pdf.source.format == "pdf"
    got, want = summary(pdf), summary(txt)
    assert got["header"] == want["header"]
    assert got["refs"] == want["refs"]
    assert [s[0] for s in got["sections"]] == [s[0] for s in want["sections"]]
    same = sum(1 for a, b in zip(got["tasks"], want["tasks"]) if a == b)
    # A PDF wraps lines by page width; the task list may differ by a rejoined line, not more.
    assert len(got["tasks"]) == len(want["tasks"]) and same >= len(want["tasks"]) - 1
    assert all(t.location is not None and t.location.page for t in pdf.tasks)
