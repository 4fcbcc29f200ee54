"""kehoach as a spaCy component: spans agree with the plan JSON on every dev-corpus document."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spacy is in the test extra")  # installed by CI (pip install .[test])

from kehoach.pipeline.normalize import normalize  # noqa: E402
from kehoach.pipeline.read import read_document  # noqa: E402
from kehoach.pipeline.run import extract_plan  # noqa: E402
from kehoach.spacy_component import SPAN_KEYS, UNIT_LABELS, doc_from_file, load, normalised_text  # noqa: E402
from conftest import FIXTURES, ROOT  # noqa: E402

DEV = sorted((FIXTURES / "dev").glob("*.txt"))


def expected_spans(plan_json: dict) -> dict[str, set[tuple[int, int, str, str]]]:
    """What each span group must hold, read straight from the plan JSON."""
    out: dict[str, set] = {key: set() for key in SPAN_KEYS}
    assigned = set()
    for t in plan_json["tasks"]:
        out["kehoach_tasks"].add((t["span"]["start"], t["span"]["end"], "task", t["id"]))
        for a in t["assignments"]:
            out["kehoach_units"].add((a["span"]["start"], a["span"]["end"], a["role"], a["unit_id"]))
            assigned.add((a["span"]["start"], a["span"]["end"], a["unit_id"]))
        if t["deadline"] and t["deadline"]["span"]:
            out["kehoach_deadlines"].add((t["deadline"]["span"]["start"], t["deadline"]["span"]["end"], "deadline"))
    for u in plan_json["units"]:
        for m in u["mentions"]:
            if (m["start"], m["end"], u["id"]) not in assigned:
                out["kehoach_units"].add((m["start"], m["end"], "mention", u["id"]))
    for r in plan_json["legal_refs"]:
        for m in r["mentions"]:
            out["kehoach_refs"].add((m["span"]["start"], m["span"]["end"], "reference", r["id"]))
    for s in plan_json["sections"]:
        out["kehoach_sections"].add((s["span"]["start"], s["span"]["end"], "section", s["id"]))
    return out


def got_spans(doc) -> dict[str, set]:
    got = {}
    for key in SPAN_KEYS:
        spans = list(doc.spans[key])
        items = [(s.start_char, s.end_char, s.label_) if key == "kehoach_deadlines" else
                 (s.start_char, s.end_char, s.label_, s.kb_id_) for s in spans]
        assert len(items) == len(set(items)), f"{key}: an item twice"
        got[key] = set(items)
    return got


@pytest.fixture(scope="module")
def nlp():
    return load()


def test_dev_fixtures_are_the_whole_dev_corpus():
    assert len(DEV) == 36


@pytest.mark.parametrize("path", DEV, ids=lambda p: p.stem[:40])
def test_every_span_is_the_json_offsets(nlp, path: Path):
    """The doc of the raw file text: doc.text is the normalised text the JSON indexes, and every
    span group holds exactly the JSON's items, character for character."""
    raw = path.read_text(encoding="utf-8")
    doc = nlp(raw)
    text, _ = normalize(read_document(path).text)
    assert doc.text == text
    plan_json = json.loads(extract_plan(path).model_dump_json())  # what `kehoach extract` writes
    expected = expected_spans(plan_json)
    got = got_spans(doc)
    for key in SPAN_KEYS:
        assert got[key] == expected[key], key
        for span in doc.spans[key]:
            assert span.text == text[span.start_char:span.end_char]
    assert doc._.kehoach_plan.source.characters == len(text)


def test_the_corpus_uses_every_kind_of_span(nlp):
    labels: dict[str, set[str]] = {key: set() for key in SPAN_KEYS}
    for path in DEV[::3]:
        doc = nlp(path.read_text(encoding="utf-8"))
        for key in SPAN_KEYS:
            labels[key] |= {s.label_ for s in doc.spans[key]}
    assert {"lead", "support"} <= labels["kehoach_units"] <= set(UNIT_LABELS)
    assert labels["kehoach_refs"] == {"reference"} and labels["kehoach_deadlines"] == {"deadline"}
    assert labels["kehoach_tasks"] == {"task"} and labels["kehoach_sections"] == {"section"}


def test_doc_from_file_keeps_the_files_plan(nlp):
    path = next(p for p in DEV if p.name.endswith("-web.txt"))  # a saved web page, rebuilt
    doc = doc_from_file(nlp, path)
    plan = extract_plan(path)
    assert doc._.kehoach_plan == plan
    assert len(doc.text) == plan.source.characters
    leads = [s for s in doc.spans["kehoach_units"] if s.label_ == "lead"]
    assert leads and all(s.text == doc.text[s.start_char:s.end_char] for s in leads)


BODY = (
    "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
    "Số: 125/KH-UBND | Ninh Thuận, ngày 12 tháng 5 năm 2020\n\nKẾ HOẠCH\n\nTriển khai thực hiện nhiệm vụ năm 2020\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Tổ chức tuyên truyền Luật Phòng, chống ma túy.\n"
    "Đơn vị chủ trì: Sở Tư pháp.\n"
    "Đơn vị phối hợp: Công an tỉnh, Sở Y tế.\n"
    "Thời gian thực hiện: trước ngày 30/6/2020.\n"
    "\nNơi nhận: - Các Sở, ban, ngành; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Bình\n"
)


def test_spacy_vietnamese_tokenizer_spans_are_split_exactly():
    """spaCy's own Vietnamese tokenizer (no pyvi) splits on spaces only: "pháp." is one token. The
    component splits such tokens at the span's edge, so the span is still exact."""
    plain = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    plain.add_pipe("kehoach")
    doc = plain(BODY)
    assert doc.text == BODY == normalised_text(BODY)
    units = {(s.text, s.label_) for s in doc.spans["kehoach_units"]}
    assert {("Sở Tư pháp", "lead"), ("Công an tỉnh", "support"), ("Sở Y tế", "support")} <= units
    assert "pháp." in BODY.split() and "pháp" in [t.text for t in doc]
    assert [s.text for s in doc.spans["kehoach_deadlines"]] == [d.text for d in [extract_plan(BODY).tasks[0].deadline]]


def test_text_that_is_not_normalised_gets_spans_on_the_same_words():
    """Double spaces and a decomposed letter: doc.text is the text as given, and each span covers
    the same words the JSON's offsets cover in the normalised text."""
    messy = BODY.replace("trì: Sở Tư pháp", "trì:  Sở  Tư   pháp").replace("Công an tỉnh", "Công an ti\u0309nh")
    plain = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    plain.add_pipe("kehoach")
    doc = plain(messy)
    assert doc.text == messy
    units = {(s.text, s.label_) for s in doc.spans["kehoach_units"]}
    assert ("Sở  Tư   pháp", "lead") in units and ("Công an ti\u0309nh", "support") in units


def test_a_saved_web_page_needs_the_kehoach_tokenizer(nlp):
    page = next(p for p in DEV if p.name.endswith("-web.txt")).read_text(encoding="utf-8")
    plain = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    plain.add_pipe("kehoach")
    with pytest.raises(ValueError, match="kehoach tokenizer"):
        plain(page)
    assert nlp(page).spans["kehoach_units"]  # the kehoach tokenizer rebuilds it first


def test_factory_and_tokenizer_come_from_entry_points():
    """In a fresh interpreter that never imported kehoach.spacy_component, spaCy finds both by name."""
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'@tokenizers': 'kehoach.Tokenizer.v1'}}})\n"
        "nlp.add_pipe('kehoach')\n"
        "doc = nlp(sys.stdin.read())\n"
        "print(sorted({s.label_ for s in doc.spans['kehoach_units']}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], input=BODY, capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['lead', 'support']"


def test_tokenizer_is_character_aligned(nlp):
    doc = nlp.make_doc("Sở Tư pháp (chủ trì),  Công an\ttỉnh\n\nKế hoạch 125/KH-UBND")
    assert doc.text == "Sở Tư pháp (chủ trì), Công an tỉnh\n\nKế hoạch 125/KH-UBND"
    assert [t.text for t in doc] == ["Sở", "Tư", "pháp", "(", "chủ", "trì", ")", ",", "Công", "an", "tỉnh", "\n\n",
                                     "Kế", "hoạch", "125", "/", "KH", "-", "UBND"]


def test_a_one_line_text_naming_a_file_is_read_as_text(nlp, tmp_path: Path):
    """extract_plan takes a one-line string that names a file as that file; the component means the text."""
    target = tmp_path / "plan.txt"
    target.write_text(BODY, encoding="utf-8")
    doc = nlp(str(target))
    assert doc.text == str(target)
    assert doc._.kehoach_plan.source.characters == len(str(target))
    assert not doc._.kehoach_plan.tasks and not list(doc.spans["kehoach_units"])
