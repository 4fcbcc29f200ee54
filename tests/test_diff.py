"""`kehoach diff` (issue 6): the sample against an edited copy made here; every change found and
nothing else."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kehoach.pipeline.diff import diff_plans, register, task_wording
from kehoach.pipeline.run import extract_plan

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ninh-thuan-2017-ttdn.txt"


def _edited(text: str) -> str:
    """The sample with five edits a drafting round could make.

    1. item e) of II.2 (Thông tư 22/2016/TT-BTTTT training) moved to the end of II as item 6;
    2. the lead unit of II.2.c changed from Sở Kế hoạch và Đầu tư to Sở Ngoại vụ;
    3. the reference of II.4 updated: Hướng dẫn 1310/HD-SNV of 16/5/2017 → 1420/HD-SNV of 20/6/2017;
    4. II.2.b reworded ("dự báo" → "dự báo, cảnh báo sớm");
    5. the deadline of II.3 moved on a year ("6 tháng cuối năm 2017" → "6 tháng đầu năm 2018").
    """
    start = text.index("e) Thực hiện nghiêm túc Điều 3")
    end = text.index("3. Trong 6 tháng cuối năm 2017")
    block = text[start:end]
    text = text[:start] + text[end:]
    text = text.replace("\nIII. NHIỆM VỤ, GIẢI PHÁP", "\n6. " + block[3:].rstrip() + "\n\nIII. NHIỆM VỤ, GIẢI PHÁP", 1)
    text = text.replace("Đơn vị chủ trì: Sở Kế hoạch và Đầu tư", "Đơn vị chủ trì: Sở Ngoại vụ")
    text = text.replace("Hướng dẫn số 1310/HD-SNV ngày 16/5/2017", "Hướng dẫn số 1420/HD-SNV ngày 20/6/2017")
    text = text.replace("Tăng cường công tác dự báo,", "Tăng cường công tác dự báo, cảnh báo sớm,")
    text = text.replace("3. Trong 6 tháng cuối năm 2017", "3. Trong 6 tháng đầu năm 2018")
    return text


@pytest.fixture(scope="module")
def versions():
    text = SAMPLE.read_text(encoding="utf-8")
    return extract_plan(text, name="du-thao.txt"), extract_plan(_edited(text), name="ban-ky.txt")


@pytest.fixture(scope="module")
def diff(versions):
    return diff_plans(*versions)


def test_same_plan_no_changes(versions):
    old, _ = versions
    d = diff_plans(old, old)
    assert d.empty and d.tasks_matched == len(old.tasks)


def test_move_found_and_nothing_else_moved(diff):
    assert [(m.old_id, m.new_id) for m in diff.tasks_moved] == [("T:B.II.2.e:1", "T:B.II.6:1")]
    assert diff.tasks_added == [] and diff.tasks_removed == []
    assert diff.tasks_matched == 19


def test_unit_change(diff):
    (r,) = diff.tasks_reassigned
    assert (r.old_id, r.lead_removed, r.lead_added) == ("T:B.II.2.c:1", ["so-ke-hoach-va-dau-tu"], ["so-ngoai-vu"])
    assert r.support_added == [] and r.support_removed == []
    assert [u.id for u in diff.units_added] == ["so-ngoai-vu"]
    assert [u.id for u in diff.units_removed] == ["so-ke-hoach-va-dau-tu"]


def test_reference_update(diff):
    assert [r.id for r in diff.refs_added] == ["ref:1420/HD-SNV"]
    assert [r.id for r in diff.refs_removed] == ["ref:1310/HD-SNV"]
    (c,) = diff.citations_changed
    assert (c.old_id, c.refs_removed, c.refs_added) == ("T:B.II.4:1", ["ref:1310/HD-SNV"], ["ref:1420/HD-SNV"])


def test_rewording_only_where_words_changed(diff):
    # the unit, reference and deadline edits are masked out of the wording: only II.2.b is reworded
    (w,) = diff.tasks_reworded
    assert w.old_id == "T:B.II.2.b:1"
    assert w.wording_changes == ["+ cảnh báo sớm"]
    assert 0.9 < w.similarity < 1


def test_deadline_change(diff):
    (d,) = diff.deadlines_changed
    assert d.old_id == "T:B.II.3:1"
    assert d.old_deadline == "Trong 6 tháng cuối năm 2017 (2017-12-31)"
    assert d.new_deadline.startswith("Trong 6 tháng đầu năm 2018")


def test_wording_masks_units_and_references(versions):
    old, _ = versions
    ii4 = next(t for t in old.tasks if t.id == "T:B.II.4:1")
    wording = task_wording(ii4, old)
    assert "1310" not in wording and "16" not in wording.split()  # the reference and its date
    assert wording.startswith("tổ chức có hiệu quả phong trào thi đua")


def _parser():
    parser = argparse.ArgumentParser(prog="kehoach")
    register(parser.add_subparsers())
    return parser


def test_cli_on_files(tmp_path, capsys):
    new = tmp_path / "ban-ky.txt"
    new.write_text(_edited(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    args = _parser().parse_args(["diff", str(SAMPLE), str(new), "--format", "json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["new_file"] == "ban-ky.txt"
    counts = {k: len(v) for k, v in out.items() if isinstance(v, list)}
    assert counts == {"tasks_added": 0, "tasks_removed": 0, "tasks_moved": 1, "tasks_reworded": 1,
                      "tasks_reassigned": 1, "deadlines_changed": 1, "citations_changed": 1,
                      "refs_added": 1, "refs_removed": 1, "units_added": 1, "units_removed": 1}
    args = _parser().parse_args(["diff", str(SAMPLE), str(new)])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "Sở Ngoại vụ" in text and "T:B.II.6:1" in text and "1420/HD-SNV" in text


def test_added_and_removed_tasks():
    base = """KẾ HOẠCH
Thử nghiệm

II. NHIỆM VỤ
1. Rà soát, thống kê các cơ sở dữ liệu chuyên ngành của tỉnh.
Đơn vị chủ trì: Sở Tài chính
2. Xây dựng cổng dữ liệu mở của tỉnh phục vụ người dân và doanh nghiệp.
Đơn vị chủ trì: Sở Nội vụ
"""
    newer = base.replace("""2. Xây dựng cổng dữ liệu mở của tỉnh phục vụ người dân và doanh nghiệp.
Đơn vị chủ trì: Sở Nội vụ
""", """2. Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.
Đơn vị chủ trì: Sở Nội vụ
""")
    d = diff_plans(extract_plan(base, name="a.txt"), extract_plan(newer, name="b.txt"))
    assert [t.title[:20] for t in d.tasks_removed] == ["Xây dựng cổng dữ liệ"]
    assert [t.title[:20] for t in d.tasks_added] == ["Tổ chức tập huấn kỹ "]
    assert d.tasks_matched == 1 and not d.tasks_reworded and not d.tasks_reassigned
