"""Tests of the reference audit (issue 3): every rule with a real-looking trigger and a near miss,
the catalog loader, and `kehoach audit` through its own parser.

Phrases are written like the "Căn cứ"/"Thực hiện" lines of published plans, in canonical form.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kehoach.extractors.legal_refs import extract_legal_refs
from kehoach.pipeline.audit import audit_findings, load_catalog, main
from kehoach.pipeline.errors import InputError
from kehoach.pipeline.run import extract_plan

CATALOG = Path(__file__).resolve().parents[1] / "extractors" / "data" / "catalog_example.csv"

HEADER = (
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Số: 141/KH-UBND | Bắc Ninh, ngày {date}\n\n"
    "KẾ HOẠCH\n\nNâng cao năng lực xây dựng pháp luật\n\n"
)


# --- tiny factories -------------------------------------------------------------------------


def plan_of(body: str, date: str = "20 tháng 11 năm 2025"):
    return extract_plan(HEADER.format(date=date) + body + "\n", name="test.txt")


def codes_in_plan(body: str, date: str = "20 tháng 11 năm 2025", catalog=None) -> list[tuple[str, str]]:
    plan = plan_of(body, date)
    found = audit_findings(plan, catalog) if catalog is not None else [f for f in plan.findings if f.code.startswith("ref.")]
    return [(f.code, f.ref_id or "") for f in found]


def extractor_codes(text: str) -> list[str]:
    return [f.code for f in extract_legal_refs(text)[1]]


# --- plan-wide rules: (code, trigger, ref id, near misses) ---------------------------------------

PLAN_RULES = [
    (
        "ref.dated_after_document",
        "Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/12/2025 của Chính phủ quy định về kết nối, chia sẻ dữ liệu;",
        "ref:278/2025/NĐ-CP",
        [
            "Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/10/2025 của Chính phủ quy định về kết nối, chia sẻ dữ liệu;",
            # the same day as the plan is not after it
            "Căn cứ Quyết định số 2270/QĐ-TTg ngày 20/11/2025 của Thủ tướng Chính phủ;",
        ],
    ),
    (
        "ref.dated_after_document",
        "Thực hiện Nghị quyết số 12/2026/NQ-HĐND của Hội đồng nhân dân tỉnh;",
        "ref:12/2026/NQ-HĐND",
        ["Thực hiện Nghị quyết số 12/2025/NQ-HĐND của Hội đồng nhân dân tỉnh;"],
    ),
    (
        "ref.wrong_family_form",
        "Thực hiện Kết luận số 16/KL-TW ngày 14/02/2012 của Bộ Chính trị về Chiến lược phát triển thông tin đối ngoại;",
        "ref:16/KL-TW",
        [
            "Thực hiện Kết luận số 16-KL/TW ngày 14/02/2012 của Bộ Chính trị về Chiến lược phát triển thông tin đối ngoại;",
            # the Đoàn Thanh niên numbers its plans in the party form: no finding
            "Thực hiện Kế hoạch số 120-KH/ĐTN ngày 03/3/2025 của Tỉnh đoàn;",
            "Thực hiện Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh;",
        ],
    ),
    (
        "ref.wrong_family_form",
        "Thực hiện Quyết định số 215-QĐ/UBND ngày 13/4/2016 của UBND tỉnh;",
        "ref:215-QĐ/UBND",
        ["Thực hiện Quyết định số 215-QĐ/TU ngày 13/4/2016 của Tỉnh ủy;"],
    ),
]


@pytest.mark.parametrize("code,trigger,ref_id,near_misses", PLAN_RULES, ids=[f"{r[0]}:{r[2]}" for r in PLAN_RULES])
def test_plan_rules(code, trigger, ref_id, near_misses):
    assert (code, ref_id) in codes_in_plan(trigger)
    for text in near_misses:
        assert code not in [c for c, _ in codes_in_plan(text)], text


def test_dated_after_document_is_an_error_on_the_first_mention():
    plan = plan_of("Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/12/2025 của Chính phủ;")
    (f,) = [f for f in plan.findings if f.code == "ref.dated_after_document"]
    assert f.severity == "error" and "2025-12-22" in f.message and "2025-11-20" in f.message
    text = plan_of("Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/12/2025 của Chính phủ;")
    assert f.line == 8 and f.span is not None and text.legal_refs[0].mentions[0].span == f.span


def test_wrong_family_form_suggests_the_right_symbol():
    plan = plan_of("quán triệt Nghị quyết số 27/NQ- TW ngày 09/11/2022 của Ban Chấp hành Trung ương đảng khóa XIII;")
    (f,) = [f for f in plan.findings if f.code == "ref.wrong_family_form"]
    assert f.suggestion == "27-NQ/TW" and f.severity == "warning"


def test_no_document_date_no_date_rule():
    plan = extract_plan("Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/12/2025 của Chính phủ;\n", name="t.txt")
    assert plan.document.date is None
    assert not [f for f in plan.findings if f.code == "ref.dated_after_document"]


# --- rules the extractor applies, one per code: (code, trigger, near misses) -----------------------

EXTRACTOR_RULES = [
    (
        "ref.impossible_date",
        "Căn cứ Quyết định số 36/QĐ-TTg ngày 31/02/2024 của Thủ tướng Chính phủ;",
        ["Căn cứ Quyết định số 36/QĐ-TTg ngày 29/02/2024 của Thủ tướng Chính phủ;"],  # 2024 is a leap year
    ),
    (
        "ref.impossible_date",
        "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 13 năm 2020 của Chính phủ về công tác văn thư;",
        ["Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"],
    ),
    (
        "ref.unknown_type_code",
        "Căn cứ Quyết định số 1229/QD-UBND ngày 28/02/2025 của UBND Thành phố;",
        [
            "Căn cứ Quyết định số 1229/QĐ-UBND ngày 28/02/2025 của UBND Thành phố;",
            # a letter's first code is its issuer, not a type: BTTT is an unknown issuer instead
            "Công văn số 105/BTTT-VP ngày 03/3/2020 của Bộ Thông tin và Truyền thông;",
        ],
    ),
    (
        "ref.inconsistent_date",
        "Căn cứ Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng Chính phủ.\nTriển khai Quyết định số 142/QĐ-TTg ngày 03/02/2024.",
        ["Căn cứ Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng Chính phủ.\nTriển khai Quyết định số 142/QĐ-TTg ngày 02/02/2024."],
    ),
    (
        "ref.inconsistent_type",
        "Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị; thực hiện nghiêm Quyết định số 178-QĐ/TW.",
        ["Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị; thực hiện nghiêm Quy định số 178-QĐ/TW."],
    ),
    (
        "ref.inconsistent_issuer",
        "Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh; Kế hoạch số 24/KH-UBND ngày 14/8/2025 của Sở Tư pháp.",
        [
            "Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh; Kế hoạch số 24/KH-UBND ngày 14/8/2025 của Ủy ban nhân dân tỉnh.",
            # Bộ Chính trị and Ban Chấp hành Trung ương both issue under TW
            "Nghị quyết số 57-NQ/TW của Bộ Chính trị; Nghị quyết số 57-NQ/TW của Ban Chấp hành Trung ương.",
        ],
    ),
    (
        "ref.short_form_unresolved",
        "Các sở, ngành quán triệt Chỉ thị số 26 về thi đua.",
        [
            "Thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông; quán triệt Chỉ thị số 26 về thi đua.",
            "gắn với triển khai Đề án 06 theo quy định; Kế hoạch 5 năm 2021-2025.",
            "Các cơ quan, đơn vị triển khai thực hiện Kế hoạch này; Quyết định này có hiệu lực từ ngày ký.",
        ],
    ),
    (
        "ref.short_form_ambiguous",
        "Nghị định số 15/2020/NĐ-CP và Nghị định số 14/2022/NĐ-CP của Chính phủ; tuân thủ Nghị định nêu trên.",
        [
            "Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ; tuân thủ Nghị định nêu trên.",
            "Quyết định số 142/QĐ-TTg của Thủ tướng Chính phủ; Quyết định 142.",
        ],
    ),
]


@pytest.mark.parametrize("code,trigger,near_misses", EXTRACTOR_RULES, ids=[f"{r[0]}:{i}" for i, r in enumerate(EXTRACTOR_RULES)])
def test_extractor_rules(code, trigger, near_misses):
    assert extractor_codes(trigger).count(code) == 1, extractor_codes(trigger)
    for text in near_misses:
        assert code not in extractor_codes(text), text


def test_impossible_date_is_an_error_and_the_date_is_dropped():
    refs, findings = extract_legal_refs("Căn cứ Quyết định số 36/QĐ-TTg ngày 31/02/2024 của Thủ tướng Chính phủ;")
    (f,) = findings
    assert (f.code, f.severity) == ("ref.impossible_date", "error") and "31/02/2024" in f.message
    assert refs[0].date is None and refs[0].issuer == "Thủ tướng Chính phủ"


def test_unknown_type_code_suggests_the_nearest_code():
    (f,) = extract_legal_refs("Căn cứ Quyết định số 1229/QD-UBND ngày 28/02/2025 của UBND Thành phố;")[1]
    assert f.suggestion == "QĐ" and "Quyết định" in f.message


def test_short_form_findings_leave_no_mention():
    refs, findings = extract_legal_refs("Nghị định số 15/2020/NĐ-CP và Nghị định số 14/2022/NĐ-CP của Chính phủ; tuân thủ Nghị định nêu trên.")
    assert all(m.resolved_to is None for r in refs for m in r.mentions)
    (f,) = findings
    assert "15/2020/NĐ-CP" in f.message and "14/2022/NĐ-CP" in f.message and f.ref_id is None


# --- catalog ---------------------------------------------------------------------------------------


def test_example_catalog_loads_and_every_row_has_a_source():
    catalog = load_catalog(CATALOG)
    assert len(catalog.entries) >= 8
    for entry in catalog.entries.values():
        assert entry.source and entry.status in ("in_force", "expired", "replaced") and entry.date
        if entry.status == "replaced":
            assert entry.replaced_by and catalog.get(entry.replaced_by), entry.number_symbol


CATALOG_RULES = [
    ("ref.replaced", "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;", "ref:80/2015/QH13",
     ["Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19/02/2025;"]),
    ("ref.not_in_catalog", "Thực hiện Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh;", "ref:24/KH-UBND",
     ["Thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị;", "Thực hiện Luật Ngân sách nhà nước;"]),
    ("ref.catalog_mismatch", "Thực hiện Nghị quyết số 66-NQ/TW ngày 30/5/2025 của Bộ Chính trị;", "ref:66-NQ/TW",
     ["Thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm 2025 của Bộ Chính trị;"]),
]


@pytest.mark.parametrize("code,trigger,ref_id,near_misses", CATALOG_RULES, ids=[r[0] for r in CATALOG_RULES])
def test_catalog_rules(code, trigger, ref_id, near_misses):
    catalog = load_catalog(CATALOG)
    assert (code, ref_id) in codes_in_plan(trigger, catalog=catalog)
    for text in near_misses:
        assert code not in [c for c, _ in codes_in_plan(text, catalog=catalog)], text


def test_replaced_after_the_plan_was_issued_is_only_information():
    catalog = load_catalog(CATALOG)
    text = "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;"
    (late,) = [f for f in audit_findings(plan_of(text, "10 tháng 7 năm 2017"), catalog) if f.code == "ref.replaced"]
    (now,) = [f for f in audit_findings(plan_of(text), catalog) if f.code == "ref.replaced"]
    assert (late.severity, now.severity) == ("info", "warning")
    assert now.suggestion == "cite 64/2025/QH15 instead"


def test_catalog_in_json_and_its_errors(tmp_path):
    good = tmp_path / "c.json"
    good.write_text(json.dumps({"documents": [{"number_symbol": "16-KL/TW", "status": "expired", "source": "x"}]}), encoding="utf-8")
    assert load_catalog(good).get("16-KL/TW").status == "expired"
    bad = tmp_path / "bad.csv"
    bad.write_text("number_symbol,status\n16-KL/TW,sometimes\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1.*sometimes"):
        load_catalog(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_catalog(tmp_path / "missing.csv")


# --- the command -----------------------------------------------------------------------------------


def _write(tmp_path, body: str, date: str = "20 tháng 11 năm 2025") -> str:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(HEADER.format(date=date) + body + "\n", encoding="utf-8")
    return str(path)


def test_command_table_and_exit_status(tmp_path, capsys):
    path = _write(tmp_path, "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 7/9/2015 của Thủ tướng Chính phủ về quản lý hoạt động thông tin đối ngoại;")
    assert main([path, "--select", "ref."]) == 0  # a warning does not reach the default --fail-on error
    out = capsys.readouterr().out
    assert "SEVERITY" in out and "ref.issuer_mismatch" in out and "Chính phủ" in out
    assert main([path, "--fail-on", "warning"]) == 1
    assert main([path, "--fail-on", "never"]) == 0


def test_command_fails_on_an_error_and_prints_json(tmp_path, capsys):
    path = _write(tmp_path, "Căn cứ Nghị định số 278/2025/NĐ-CP ngày 22/12/2025 của Chính phủ;")
    assert main([path, "--format", "json", "--select", "ref."]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in result["findings"]] == ["ref.dated_after_document"]
    assert result["findings"][0]["severity"] == "error" and result["findings"][0]["line"] == 8


def test_command_with_catalog_and_bad_inputs(tmp_path, capsys):
    path = _write(tmp_path, "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;")
    assert main([path, "--catalog", str(CATALOG), "--fail-on", "warning", "--select", "ref."]) == 1
    assert "64/2025/QH15" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert main([path, "--catalog", str(tmp_path / "missing.csv")]) == 2


def test_register_adds_the_subcommand_to_a_parser():
    import argparse

    from kehoach.pipeline.audit import register

    parser = argparse.ArgumentParser(prog="kehoach")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["audit", "a.txt", "b.txt", "--format", "json", "--fail-on", "info", "--catalog", "c.csv"])
    assert (args.files, args.format, args.fail_on, args.catalog) == (["a.txt", "b.txt"], "json", "info", "c.csv")
    with pytest.raises(SystemExit):
        parser.parse_args(["audit", "a.txt", "--fail-on", "sometimes"])
