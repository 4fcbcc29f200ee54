"""Sections: heading markers, levels from the order of marker kinds, ids as dotted label paths."""
from __future__ import annotations

import pytest

from conftest import plan_of


def ids(body: str) -> list[tuple[str, str | None]]:
    return [(s.id, s.parent_id) for s in plan_of(body).sections]


# (body lines, expected (id, parent_id) pairs). Real headings from provincial plans.
HIERARCHIES = [
    # Roman part, numbered items, lettered items; "b." after "a)" stays a sibling.
    ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Thuận lợi:\nb. Các khó khăn, vướng mắc khi triển khai.\n2. Yêu cầu",
     [("I", None), ("I.1", "I"), ("I.1.a", "I.1"), ("I.1.b", "I.1"), ("I.2", "I")]),
    # Capital-letter parts above Roman parts.
    ("A. TÌNH HÌNH THỰC HIỆN\nB. CÔNG TÁC TRIỂN KHAI\nI. MỤC ĐÍCH, YÊU CẦU\nII. CÁC NỘI DUNG TRIỂN KHAI\n1. Tiếp tục quán triệt thực hiện chiến lược.",
     [("A", None), ("B", None), ("B.I", "B"), ("B.II", "B"), ("B.II.1", "B.II")]),
    # Dotted numbers are children of the plain number; the id keeps only the last part.
    ("II. NHIỆM VỤ\n1. Về dữ liệu\n1.1. Xây dựng các Chiến lược triển khai:\na) Nhiệm vụ: Tham mưu UBND Thành phố.\n1.2. Triển khai, phát triển dữ liệu:\n2. Về các nền tảng số",
     [("II", None), ("II.1", "II"), ("II.1.1", "II.1"), ("II.1.1.a", "II.1.1"), ("II.1.2", "II.1"), ("II.2", "II")]),
    # Ordinals "Thứ nhất, …" are numbered children of their part.
    ("III. NHIỆM VỤ, GIẢI PHÁP\nThứ nhất, tiếp tục kiện toàn tổ chức.\nThứ hai, Công tác tuyên truyền luôn được chú trọng.\nIV. TỔ CHỨC THỰC HIỆN",
     [("III", None), ("III.1", "III"), ("III.2", "III"), ("IV", None)]),
    # "V." after "IV." is a Roman numeral, not the letter V.
    ("IV. TỔ CHỨC THỰC HIỆN\nV. KINH PHÍ THỰC HIỆN\n1. Nguồn ngân sách nhà nước.",
     [("IV", None), ("V", None), ("V.1", "V")]),
    # Letters run a, b, c, d, đ, e.
    ("4. Sở Nông nghiệp và Môi trường\nd) Duy trì các hoạt động quan trắc.\nđ) Tham mưu thẩm định hồ sơ.\ne) Chủ động theo dõi thời tiết.",
     [("4", None), ("4.d", "4"), ("4.đ", "4"), ("4.e", "4")]),
]


@pytest.mark.parametrize("body,expected", HIERARCHIES)
def test_hierarchy(body, expected):
    assert ids(body) == expected


# Lines that are items or prose, never headings.
NOT_HEADINGS = [
    "- Hình thức: Lồng ghép vào nội dung sinh hoạt của cơ quan, đơn vị.",
    "+ Hướng dẫn áp dụng các văn bản quy phạm pháp luật;",
    "100% đội ngũ cán bộ có trình độ đại học Luật.",
    "1 | Tổ chức điều chỉnh quy hoạch | Ban Quản lý | Sở Công Thương | Quý III Năm 2026",
    "V/v triển khai nhiệm vụ trọng tâm",
    "2025 là năm bản lề.",
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_not_headings(line):
    assert plan_of("I. NHIỆM VỤ\n" + line).sections[1:] == []


def test_heading_text_is_first_sentence_where_it_runs_on():
    plan = plan_of("I. MỤC ĐÍCH\n1. Tổ chức triển khai đạt hiệu quả Chỉ thị trên địa bàn tỉnh Ninh Thuận. Nâng cao nhận thức về công tác.")
    assert plan.sections[1].heading == "Tổ chức triển khai đạt hiệu quả Chỉ thị trên địa bàn tỉnh Ninh Thuận."


def test_heading_keeps_span_and_line():
    from kehoach.pipeline.normalize import normalize
    from conftest import FOOTER, HEADER

    body = "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích"
    plan = plan_of(body)
    text, _ = normalize(HEADER + body + FOOTER)
    s = plan.sections[1]
    assert s.line == HEADER.count("\n") + 3
    assert text[s.span.start:s.span.end] == "1. Mục đích"
    assert s.label == "1" and s.marker == "arabic" and s.level == 2


def test_appendix_after_signature_is_a_section():
    body = "I. NHIỆM VỤ\n1. Tổ chức tập huấn.\n" + "\n\nNơi nhận: - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Bình\n\nPHỤ LỤC\n\nNHIỆM VỤ CHỦ YẾU"
    plan = plan_of(body)
    assert [s.id for s in plan.sections][-1] == "PL"


def test_roles_come_from_the_nearest_part_that_says():
    from kehoach.extractors.sections import section_roles

    plan = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Nâng cao nhận thức của cán bộ.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n1. KẾT QUẢ CẦN ĐẠT\n2. Tăng cường tuyên truyền.\n"
        "III. KINH PHÍ THỰC HIỆN\n1. Nguồn ngân sách tỉnh.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\n"
    )
    roles = section_roles(plan.sections)
    assert roles == {
        "I": "background", "I.1": "background", "I.1.a": "background",
        "II": "action", "II.1": "background", "II.2": "action",
        "III": "background", "III.1": "background",
        "IV": "action", "IV.1": "action",
    }
