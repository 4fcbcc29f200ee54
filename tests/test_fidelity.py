"""Fidelity across formats: the same plan as .txt, as a .docx with Word auto-numbering, and as
the PDF LibreOffice prints from that .docx, gives the same extraction (issue 5).

The .docx is built here from each sample's text: Roman and Arabic heading numbers become Word
list numbering (numbering.xml, a two-level list whose second level restarts under each Roman
part), lettered items keep their typed letters (Word's letter lists have no "đ"), every " | " line
becomes a table row, and an appendix (PHỤ LỤC) starts a new page, as printed documents do. The
PDF is printed from that .docx by LibreOffice.

Fonts: where a PDF breaks its lines and pages depends on the font, and LibreOffice takes whatever
fonts the machine has, so the same test gave other tasks and another header on machines with other
fonts. The .docx names DejaVu Sans, and LibreOffice is shown that font and nothing else (a
fontconfig file of its own, over the files of fonts-dejavu-core, which .ci/run installs): the PDF,
and so the result, is the same on every machine whatever other fonts it has.

The PDF reader is not yet robust to every line break another font gives (a wrapped line that
starts with a number such as "72/2015/NĐ-CP" becomes a new item; a heading that fills its line
takes the next list item in), so a second font set, e.g. Liberation Serif (Times New Roman
metrics, fonts-liberation2), is one line in FONT_SETS once it is.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pdfplumber
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


def _para(text: str, num: tuple[int, int] | None = None, *, new_page: bool = False) -> str:
    props = ("<w:pageBreakBefore/>" if new_page else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{_run(text) if text else ''}</w:p>"


def _styles(font: str) -> str:
    """styles.xml whose document defaults name `font` (the size stays Word's default)."""
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
            f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}</w:rPr></w:rPrDefault></w:docDefaults></w:styles>")


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


def build_docx(text: str, path: Path, font: str | None = None) -> Path:
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
            body.append(_para(line, new_page=line.strip().startswith("PHỤ LỤC")))
    if table_rows:
        body.append(_table(table_rows))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
                f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>")
    return write_docx(path, document, numbering=NUMBERING, styles=_styles(font) if font else None)


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


FONT_SETS = {
    # name: (font named in the .docx, the font files LibreOffice may use, the package that has them)
    "dejavu-sans": ("DejaVu Sans", ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), "fonts-dejavu-core"),
}


@pytest.fixture(scope="module")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice is needed to print the PDF: apt-get install libreoffice-writer-nogui")
    return exe


def pinned_fonts(name: str, folder: Path) -> dict[str, str]:
    """Environment for LibreOffice that shows it the fonts of set `name` only (a fontconfig file)."""
    _, files, package = FONT_SETS[name]
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fc-list (fontconfig) is needed to find the pinned fonts")
    installed = subprocess.run([fc_list, "--format", "%{file}\n"], capture_output=True, text=True, check=True).stdout.split()
    by_name = {Path(f).name: f for f in installed}
    missing = [f for f in files if f not in by_name]
    if missing:
        pytest.fail(f"fonts {', '.join(missing)} are needed to print the PDF: apt-get install {package}")
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for f in files:
        (fonts / f).symlink_to(by_name[f])
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{escape(str(fonts))}</dir>'
                    f"<cachedir>{escape(str(folder / 'cache'))}</cachedir></fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module", params=sorted(FONT_SETS))
def printed(request, soffice: str, tmp_path_factory) -> dict[str, Path]:
    """The PDF of every sample, printed by LibreOffice under one pinned font set."""
    name = request.param
    folder = tmp_path_factory.mktemp(f"pdf-{name}")
    env = pinned_fonts(name, folder)
    docs = [build_docx(s.read_text(encoding="utf-8"), folder / f"{s.stem}.docx", font=FONT_SETS[name][0])
            for s in SAMPLE_FILES]
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, docs)], check=True, capture_output=True, timeout=300, env=env)
    pdfs = {s.stem: folder / f"{s.stem}.pdf" for s in SAMPLE_FILES}
    with pdfplumber.open(pdfs[SAMPLE_FILES[0].stem]) as pdf:  # the pin held: no other font was used
        used = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    family = FONT_SETS[name][1][0].split("-")[0].split(".")[0]  # LiberationSerif, DejaVuSans
    assert used and all(f.startswith(family) for f in used), used
    return pdfs


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
def test_pdf_printed_from_the_docx_reads_like_the_text(sample: Path, printed: dict[str, Path]):
    txt = extract_plan(sample)
    pdf = extract_plan(printed[sample.stem])
    assert pdf.source.format == "pdf"
    got, want = summary(pdf), summary(txt)
    assert got["header"] == want["header"]
    assert got["refs"] == want["refs"]
    assert [s[0] for s in got["sections"]] == [s[0] for s in want["sections"]]
    # A PDF wraps lines by page width: the task list may differ by one task, where a wrapped line
    # was not rejoined (an extra task) or two lines were joined (one task fewer), not more.
    ops = difflib.SequenceMatcher(a=want["tasks"], b=got["tasks"], autojunk=False).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    assert changed <= 1, [(tag, want["tasks"][i1:i2], got["tasks"][j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    assert all(t.location is not None and t.location.page for t in pdf.tasks)
