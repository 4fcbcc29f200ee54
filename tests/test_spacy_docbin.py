"""Training data out: `kehoach extract --format spacy` and the DocBin script, on real documents."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spacy is in the test extra")  # installed by CI (pip install .[test])

from kehoach.pipeline import cli  # noqa: E402
from kehoach.pipeline.normalize import normalize  # noqa: E402
from kehoach.pipeline.read import read_document  # noqa: E402
from kehoach.spacy_component import SPAN_KEYS  # noqa: E402
from kehoach.spacy_component.docbin import fold, main as docbin_main, read_docbin  # noqa: E402
from conftest import FIXTURES, ROOT, SAMPLES  # noqa: E402
from test_spacy_component import expected_spans, got_spans  # noqa: E402

DEV = FIXTURES / "dev"
GOLD = FIXTURES / "gold"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("spacy-out")
    code = cli.main(["extract", str(DEV), "-o", str(out), "--format", "json,spacy", "-j", "2", "-q"])
    assert code == 0
    return out


def test_extract_writes_a_docbin_per_document_and_it_round_trips(extracted: Path):
    """Every dev document: the .spacy file reads back as one doc whose text is the normalised text
    and whose span groups are exactly the items of the plan JSON written beside it."""
    sources = sorted(DEV.glob("*.txt"))
    assert sorted(p.stem for p in extracted.glob("*.spacy")) == [p.stem for p in sources]
    for source in sources:
        docs = read_docbin(extracted / f"{source.stem}.spacy")
        assert len(docs) == 1
        doc = docs[0]
        assert doc.text == normalize(read_document(source).text)[0]
        plan_json = json.loads((extracted / f"{source.stem}.json").read_text(encoding="utf-8"))
        assert got_spans(doc) == expected_spans(plan_json), source.name
        assert doc.user_data["kehoach_file"] == source.name


def test_docbin_is_byte_identical_across_runs(extracted: Path, tmp_path: Path):
    """Another process (another string-hash seed) writes the same bytes."""
    names = ["cantho-09-ct-ubnd-2025-tai-nguyen-nuoc", "vpcp-631-tb-vpcp-2025-ket-luan-web"]
    out = subprocess.run(
        [sys.executable, "-m", "kehoach", "extract", *(str(DEV / f"{n}.txt") for n in names), "-o", str(tmp_path),
         "--format", "spacy", "-q"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "123"}, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    for n in names:
        assert (tmp_path / f"{n}.spacy").read_bytes() == (extracted / f"{n}.spacy").read_bytes()


def test_extract_without_spacy_format_does_not_import_spacy(tmp_path: Path):
    code = (
        "import sys\n"
        "from kehoach.pipeline.cli import main\n"
        "assert main(['extract', sys.argv[1], '-o', sys.argv[2], '--format', 'all', '-j', '1', '-q']) == 0\n"
        "print('spacy' in sys.modules, any(m.startswith('kehoach.spacy_component') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "ninh-thuan-2017-ttdn.txt"), str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
    assert (tmp_path / "ninh-thuan-2017-ttdn.json").exists() and not list(tmp_path.glob("*.spacy"))


def test_spacy_format_without_spacy_installed_says_so(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "find_spec", lambda name: None if name == "spacy" else object())
    code = cli.main(["extract", str(SAMPLES / "ninh-thuan-2017-ttdn.txt"), "-o", str(tmp_path), "--format", "json,spacy"])
    assert code == 2
    assert "--format spacy needs spaCy" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- the script: gold annotations and plan JSON ------------------------------------------------------


def test_gold_annotations_become_spans_on_the_words_the_gold_names(tmp_path: Path, capsys):
    golds = sorted(GOLD.glob("*.gold.json"))
    txt_golds = [g for g in golds if (GOLD / json.loads(g.read_text(encoding="utf-8"))["file"]).suffix == ".txt"]
    assert len(txt_golds) >= 2
    out = tmp_path / "gold.spacy"
    assert docbin_main([*map(str, txt_golds), "-o", str(out)]) == 0
    assert "documents →" in capsys.readouterr().err
    docs = read_docbin(out)
    assert len(docs) == len(txt_golds)
    for gold_path, doc in zip(txt_golds, docs):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        assert doc.user_data["kehoach_file"] == gold["file"]
        tasks = list(doc.spans["kehoach_tasks"])
        assert len(tasks) == len(gold["tasks"])
        by_id = {s.kb_id_: s for s in tasks}
        for i, task in enumerate(gold["tasks"], 1):
            opening = " ".join(fold(task["text"]).split())[:50]
            assert " ".join(fold(by_id[f"gold:{i}"].text).split()).startswith(opening), task["text"]
        units = {(s.label_, " ".join(fold(s.text).split())) for s in doc.spans["kehoach_units"]}
        named = {(role, " ".join(fold(n).split())) for t in gold["tasks"] for role in ("lead", "support") for n in t.get(role, [])}
        # every span is a unit the gold names in that role (up to "các" and UBND ↔ Ủy ban nhân dân)
        for role, text in units:
            assert any(text == n or text.endswith(" " + n) or n.endswith(" " + text) or
                       text.replace("uy ban nhan dan", "ubnd") == n.replace("uy ban nhan dan", "ubnd").removeprefix("cac ")
                       for r, n in named if r == role), (role, text)
        assert {label for label, _ in units} == {"lead", "support"}
        refs = {s.text for s in doc.spans["kehoach_refs"]}
        for ref in gold["legal_refs"]:
            if ref.get("number_symbol"):
                assert ref["number_symbol"] in refs


def test_plan_json_becomes_the_same_spans(extracted: Path, tmp_path: Path):
    plans = [extracted / "cantho-09-ct-ubnd-2025-tai-nguyen-nuoc.json", extracted / "ttg-223-cd-ttg-2025-lu-web.json"]
    out = tmp_path / "plans.spacy"
    assert docbin_main([*map(str, plans), "--text-dir", str(DEV), "-o", str(out), "-q"]) == 0
    docs = read_docbin(out)
    for plan_path, doc in zip(plans, docs):
        assert got_spans(doc) == expected_spans(json.loads(plan_path.read_text(encoding="utf-8")))
    assert [d.user_data["kehoach_file"] for d in docs] == [p.stem + ".txt" for p in plans]


def test_a_plan_whose_document_differs_is_refused(extracted: Path, tmp_path: Path, capsys):
    plan = extracted / "cantho-09-ct-ubnd-2025-tai-nguyen-nuoc.json"
    other = tmp_path / "docs"
    other.mkdir()
    shutil.copy(DEV / "cantho-153-kh-ubnd-2025-du-an-ma-tuy.txt", other / "cantho-09-ct-ubnd-2025-tai-nguyen-nuoc.txt")
    out = tmp_path / "x.spacy"
    assert docbin_main([str(plan), "--text-dir", str(other), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"kehoach: error: {plan}: ") and "SHA-256 differs" in err[0]
    assert not out.exists() and list(tmp_path.glob(".*.tmp")) == []


def test_bad_json_is_refused_with_its_name(tmp_path: Path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    assert docbin_main([str(bad), "-o", str(tmp_path / "x.spacy")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"kehoach: error: {bad}: not JSON") and "\n" not in err
    assert not (tmp_path / "x.spacy").exists()


def test_a_word_file_round_trips_too(tmp_path: Path):
    """A .docx: the DocBin's text is the normalised text of what the Word reader gives."""
    source = SAMPLES / "lamdong-kh-chuong-trinh-pcmt-2030.docx"
    assert cli.main(["extract", str(source), "-o", str(tmp_path), "--format", "json,spacy", "-j", "1", "-q"]) == 0
    (doc,) = read_docbin(tmp_path / f"{source.stem}.spacy")
    assert doc.text == normalize(read_document(source).text)[0]
    plan_json = json.loads((tmp_path / f"{source.stem}.json").read_text(encoding="utf-8"))
    assert got_spans(doc) == expected_spans(plan_json)
    assert any(s.label_ == "lead" for s in doc.spans["kehoach_units"])
