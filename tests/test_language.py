"""Is the decoded text Vietnamese (pipeline/language.py)? The share of valid Vietnamese syllables,
the `text.not_vietnamese` finding, and the one line the batch prints about it.

Regression: a Latin-1 file was decoded as Windows-1258 and gave a plan of mojibake, exit 0 and no
word about it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLES
from kehoach.pipeline.batch import WARNINGS_NAME
from kehoach.pipeline.cli import main
from kehoach.pipeline.language import CUT_SHARE, MIN_SHARE, piece_share, syllable_share
from kehoach.pipeline.run import extract_plan

# A French note about a class with Vietnamese pupils, saved in Latin-1 ("Mỹ", "Hồ" become "?"):
# read as Windows-1258, "Lý" turns into "Lư" and "Võ" into "Vơ".
LATIN1_NOTE = (
    "Liste des élèves: Hà, Tú, Mỹ, Lê, Lý, Vũ, Võ, Hồ.\n"
    "Réunion à la mairie, là-bas, à côté de l'école; café, thé, chè, trà à volonté.\n"
    "Le maire a dit que la fête aura lieu le mardi, à midi, dans la salle des fêtes.\n"
).encode("latin-1", errors="replace")
# An Italian notice in Latin-1: read as a legacy Vietnamese code (VNI).
LATIN1_ITALIAN = (
    "Il comune ha approvato il piano per l'anno prossimo. Là dove c'è un problema, il comitato deciderà; "
    "è già stato fatto, perché così è più facile. Sì, è vero: la città è bella e la qualità è alta.\n"
).encode("latin-1")


# --- (text, is it Vietnamese?) ---------------------------------------------------------------------
SHARES = [
    ("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và các sở, ban, ngành liên quan "
     "rà soát, tổng hợp nhu cầu kinh phí thực hiện Kế hoạch, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6/2025.", True),
    # Names and abbreviations in capitals are not counted against the text.
    ("Sở Thông tin và Truyền thông phối hợp với Viettel, VNPT, MobiFone và FPT triển khai hạ tầng 5G, IoT tại các "
     "khu công nghiệp; UBND các xã, phường cập nhật số liệu lên hệ thống LGSP của tỉnh hằng tháng.", True),
    ("The Government of Vietnam issued a decree on the management of telecommunications infrastructure, which "
     "requires the provinces to report to the ministry every quarter and to publish the results online.", False),
    # A TCVN3 file that was not converted: the letters are Latin-1 symbols.
    ("PHÇN THø NHÊT: KÕ ho¹ch tæng thÓ ph¸t triÓn CNTT tØnh L©m §ång giai ®o¹n 1998 - 2000. CH¦¥NG I: §¸nh gi¸ "
     "chung vÒ hÖ thèng – ph©n tÝch hiÖn tr¹ng øng dông CNTT vµ ®¸nh gi¸ hiÖu qu¶ ho¹t ®éng hiÖn hµnh", False),
    ("Hello world", True),  # too few words to judge
]


@pytest.mark.parametrize("text,vietnamese", SHARES)
def test_share_of_vietnamese_syllables(text: str, vietnamese: bool):
    reading = syllable_share(text)
    assert reading.vietnamese is vietnamese, reading


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_real_documents_score_far_above_the_threshold(sample: Path):
    reading = syllable_share(sample.read_text(encoding="utf-8"))
    assert reading.share >= MIN_SHARE + 0.25, reading
    assert not [f for f in extract_plan(sample).findings if f.code == "text.not_vietnamese"]


@pytest.mark.parametrize("content,read_as", [(LATIN1_NOTE, "windows-1258"), (LATIN1_ITALIAN, "vni")], ids=["note", "italian"])
def test_latin1_file_read_as_vietnamese_is_a_warning(tmp_path: Path, capsys, content: bytes, read_as: str):
    path = tmp_path / "in" / "ghi-chu.txt"
    path.parent.mkdir()
    path.write_bytes(content)
    out = tmp_path / "out"
    assert main(["extract", str(path), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("kehoach: warning:")]
    assert len(warnings) == 1, err
    assert warnings[0].startswith(f"kehoach: warning: {path}: Only ")
    assert f"read as {read_as}" in warnings[0] and "--encoding" in warnings[0]
    assert "not Vietnamese       │ 1" in err
    plan = json.loads((out / "ghi-chu.json").read_text(encoding="utf-8"))
    assert plan["source"]["encoding"] == read_as
    [finding] = [f for f in plan["findings"] if f["code"] == "text.not_vietnamese"]
    assert finding["severity"] == "warning" and "--encoding" in finding["suggestion"]
    listed = [json.loads(line) for line in (out / WARNINGS_NAME).read_text(encoding="utf-8").splitlines()]
    assert [(Path(w["file"]).name, w["code"]) for w in listed] == [("ghi-chu.txt", "text.not_vietnamese")]


def test_quiet_keeps_the_finding_but_prints_nothing(tmp_path: Path, capsys):
    path = tmp_path / "ghi-chu.txt"
    path.write_bytes(LATIN1_NOTE)
    assert main(["extract", str(path), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert capsys.readouterr().err == ""
    plan = json.loads((tmp_path / "out" / "ghi-chu.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in plan["findings"]][:1] == ["text.not_vietnamese"]


# --- words cut apart: pdftotext's copy of narrow columns ---------------------------------------------
# tests/fixtures/web/ke-hoach-980-two-pages.pdftotext: the first two pages of pdftotext's copy of a
# saved page (Kế hoạch 980/KH-UBND of Nghệ An) printed in table cells a few letters wide: "Ng" /
# "hị" / "địn" / "h". Two pages are too few to follow the page's row from page to page, so its words
# stay in pieces. The hard-wrapped copies that read well (a plan, a công điện page whose columns
# are as narrow but whose words are whole, whole pages whose cut words the reader makes whole
# again: tests/test_hardwrap.py) are not touched.
HARDWRAP = Path(__file__).parent / "fixtures" / "hardwrap"
WEB = Path(__file__).parent / "fixtures" / "web"


def test_hard_wrapped_text_of_cut_words_gives_a_warning_and_no_tasks(tmp_path: Path, capsys):
    path = WEB / "ke-hoach-980-two-pages.pdftotext"
    assert piece_share(path.read_text(encoding="utf-8")) > CUT_SHARE
    out = tmp_path / "out"
    assert main(["extract", str(path), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    [warning] = [line for line in err.splitlines() if line.startswith("kehoach: warning:")]
    assert warning.startswith(f"kehoach: warning: {path}: ") and "cut apart" in warning and "PDF" in warning
    plan = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert plan["tasks"] == []
    assert [f["code"] for f in plan["findings"] if f["code"].startswith("text.")] == ["text.cut_words"]
    listed = [json.loads(line) for line in (out / WARNINGS_NAME).read_text(encoding="utf-8").splitlines()]
    assert [w["code"] for w in listed] == ["text.cut_words"]


@pytest.mark.parametrize("path", [HARDWRAP / "ninh-thuan-2017-ttdn.pdftotext.txt", WEB / "cong-dien-228.pdftotext"],
                         ids=["plan", "cong-dien-page"])
def test_hard_wrapped_text_of_whole_words_keeps_its_tasks(path: Path):
    plan = extract_plan(path)
    assert "hard-wrap→paragraphs" in plan.source.conversions
    assert not [f for f in plan.findings if f.code == "text.cut_words"] and plan.tasks


def test_piece_share_counts_pieces_not_names():
    assert piece_share("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với Viettel, VNPT " * 5) == 0.0
    # Pieces of the bacninh page's columns: "Hiệ" / "u", "nướ" / "c", "DÂ" / "N", "Điề" / "u".
    assert piece_share("Hiệ u lực thi hành; nướ c; ỦY BAN NHÂN DÂ N; Điề u 1. Công bố kèm theo Quyết định "
                       "này danh mục thủ tục hành chính nội bộ; trưở ng ban; nhiệ m vụ; thẩ m quyền. " * 3) > CUT_SHARE


def test_a_decree_with_its_english_translation_has_no_cut_words():
    # A saved portal page of Thông tư 110/2025/TT-BTC: the Vietnamese text, its symbols, and the
    # English translation the portal prints beside it (words that are no Vietnamese syllables).
    text = ("Căn cứ Luật Phí và lệ phí số 97/2015/QH13; Căn cứ Nghị định số 120/2016/NĐ-CP của Chính phủ; "
            "Bộ trưởng Bộ Tài chính ban hành Thông tư quy định mức thu phí thẩm định cấp giấy phép kinh doanh "
            "karaoke, vũ trường. Pursuant to the Law on Fees and Charges No. 97/2015/QH13 dated November 25, "
            "2015; Pursuant to Decree No. 120/2016/ND-CP dated August 23, 2016 of the Government elaborating "
            "the Law on Fees and Charges; the Minister of Finance promulgates this Circular. ") * 4
    assert piece_share(text) < CUT_SHARE
    # A provincial decision on its web portal: abbreviations without a vowel are no pieces.
    portal = ("Trang TTĐT của các cơ quan, đơn vị cung cấp thông tin cho Cổng TTĐT tỉnh; Thường trực HĐND, "
              "Đoàn ĐBQH tỉnh; Quyết định số 80/2025/QĐ-UBND; Nghị định số 42/2022/NĐ-CP. ") * 8
    assert piece_share(portal) < CUT_SHARE
