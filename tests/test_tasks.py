"""Tasks: every way a plan assigns work, with real phrasing from provincial plans."""
from __future__ import annotations

import pytest

from conftest import plan_of, surfaces


def only_tasks(body: str):
    return plan_of(body).tasks


# ---------------------------------------------------------------- field lines after an item
def test_field_lines_with_blank_lines_between():
    plan = plan_of(
        "II. CÁC NỘI DUNG TRIỂN KHAI\n"
        "b) Đổi mới nội dung, đa dạng hóa các hình thức, tăng cường lực lượng.\n"
        "Đơn vị chủ trì: Sở Thông tin và Truyền thông\n\n\n"
        "Đơn vị phối hợp: Ban Tuyên giáo, Công an tỉnh\n"
    )
    [task] = plan.tasks
    assert task.found_by == "fields"
    assert surfaces(plan, task, "lead") == ["Sở Thông tin và Truyền thông"]
    assert surfaces(plan, task, "support") == ["Ban Tuyên giáo", "Công an tỉnh"]


def test_unit_names_with_commas_stay_whole():
    plan = plan_of(
        "II. NỘI DUNG\n"
        "a) Tích cực, chủ động, kịp thời thông tin tuyên truyền chủ trương của Đảng.\n"
        "Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch,\n\n"
        "Đơn vị phối hợp: Sở Thông tin và Truyền thông; các Sở, ban, ngành liên quan, Ủy ban nhân dân cấp huyện, thành phố.\n"
    )
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert surfaces(plan, task, "support") == [
        "Sở Thông tin và Truyền thông", "các Sở, ban, ngành liên quan", "Ủy ban nhân dân cấp huyện, thành phố"]


def test_one_field_block_covers_the_bullets_above_it():
    plan = plan_of(
        "III. NHIỆM VỤ, GIẢI PHÁP\n"
        "4. Nâng cao phẩm chất, năng lực cho đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật\n\n"
        "- Tăng cường công tác giáo dục chính trị, tư tưởng, kỷ luật, kỷ cương.\n\n"
        "- Nâng cao nhận thức, ý thức trách nhiệm của đội ngũ cán bộ, công chức.\n\n"
        "Đơn vị thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã.\n\n"
        "Đơn vị phối hợp: Sở Tư pháp.\n\n"
        "Thời gian thực hiện: Thường xuyên.\n\n"
        "- Tổ chức tập huấn, bồi dưỡng kiến thức, kỹ năng xây dựng pháp luật.\n\n"
        "Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.\n\n"
        "Đơn vị phối hợp thực hiện: Các cơ quan, đơn vị, địa phương liên quan.\n\n"
        "Thời gian thực hiện: Theo kế hoạch công tác tư pháp hàng năm.\n"
    )
    assert [t.title[:20] for t in plan.tasks] == ["Tăng cường công tác ", "Nâng cao nhận thức, ", "Tổ chức tập huấn, bồ"]
    first, second, third = plan.tasks
    assert surfaces(plan, first, "lead") == surfaces(plan, second, "lead") == ["Các Sở, ngành, đơn vị", "UBND cấp xã"]
    assert surfaces(plan, third, "lead") == ["Sở Tư pháp"]
    assert first.deadline.ongoing and third.deadline.recurrence == "yearly"


def test_lettered_fields_of_a_block_apply_to_its_bullets():
    plan = plan_of(
        "II. NHIỆM VỤ\n1. Về dữ liệu\n1.2. Triển khai, phát triển dữ liệu:\n\na) Nhiệm vụ:\n\n"
        "- Triển khai rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị.\n\n"
        "- Phối hợp triển khai số hóa theo hướng dẫn của Bộ, ngành chuyên môn.\n\n"
        "b) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Các Sở, ban, ngành.\n\n"
        "- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND xã, phường.\n\n"
        "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n"
    )
    assert len(plan.tasks) == 2
    for task in plan.tasks:
        assert surfaces(plan, task, "lead") == ["Các Sở, ban, ngành"]
        assert surfaces(plan, task, "support") == ["Sở Khoa học và Công nghệ", "UBND xã, phường"]
        assert task.deadline.due == "2025-12-31"


# ---------------------------------------------------------------- unit headings in "Tổ chức thực hiện"
def test_unit_heading_leads_its_duties_and_phoi_hop_voi_supports():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Thông tin và Truyền thông\n\n"
        "Tham mưu Uỷ ban nhân dân tỉnh quản lý nhà nước về thông tin đối ngoại; Phối hợp với Ban Tuyên giáo tỉnh ủy, các cơ quan liên quan chỉ đạo, hướng dẫn.\n\n"
        "2. Sở Tài chính\nPhối hợp với Sở Thông tin và Truyền thông tham mưu Uỷ ban nhân dân tỉnh bố trí kinh phí.\n"
    )
    first, second = plan.tasks
    assert first.found_by == second.found_by == "unit_heading"
    assert surfaces(plan, first, "lead") == ["Sở Thông tin và Truyền thông"]
    assert surfaces(plan, first, "support")[0] == "Ban Tuyên giáo tỉnh ủy"
    assert surfaces(plan, second, "lead") == ["Sở Tài chính"]
    assert surfaces(plan, second, "support") == ["Sở Thông tin và Truyền thông"]


def test_giao_under_a_unit_heading_names_its_own_lead():
    plan = plan_of(
        "8. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành\n"
        "a) Phối hợp Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường tuyên truyền, phổ biến quy định.\n"
        "b) Giao Thanh tra thành phố tổ chức thanh tra việc chấp hành các quy định pháp luật về tài nguyên nước.\n"
        "c) Giao Công an thành phố kịp thời phát hiện và xử lý các tổ chức, cá nhân có hành vi vi phạm;\n"
    )
    a, b, c = plan.tasks
    assert surfaces(plan, a, "support") == ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân xã, phường"]
    assert surfaces(plan, b, "lead") == ["Thanh tra thành phố"]
    assert surfaces(plan, c, "lead") == ["Công an thành phố"]


def test_de_nghi_and_co_trach_nhiem_are_not_part_of_the_unit():
    plan = plan_of(
        "9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố\n\n"
        "Tăng cường công tác tuyên truyền, vận động đoàn viên, hội viên.\n\n"
        "11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm\n\n"
        "a) Tiếp tục đầu tư, đẩy nhanh tiến độ xây dựng mạng lưới cấp nước.\n"
    )
    first, second = plan.tasks
    assert surfaces(plan, first, "lead") == ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"]
    assert surfaces(plan, second, "lead") == ["Các đơn vị cấp nước sạch trên địa bàn thành phố"]


# ---------------------------------------------------------------- assigning sentences
SENTENCES = [
    # (item, expected lead as written, expected support as written)
    ("2. Sở Tài chính chủ trì, phối hợp với các Sở, ban, ngành, đơn vị và UBND cấp xã bố trí kinh phí chi thường xuyên.",
     ["Sở Tài chính"], ["các Sở, ban, ngành, đơn vị", "UBND cấp xã"]),
    ("6. Giao Sở Tư pháp theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế hoạch này.",
     ["Sở Tư pháp"], []),
    ("1. Sở Khoa học và Công nghệ có trách nhiệm giúp Chủ tịch Ủy ban nhân dân tỉnh theo dõi, kiểm tra, đôn đốc.",
     ["Sở Khoa học và Công nghệ"], []),
    ("5. UBND các xã, phường tăng cường công tác lãnh đạo công tác xây dựng và thực thi pháp luật.",
     ["UBND các xã, phường"], []),
    ("2. Căn cứ nội dung Kế hoạch và tình hình thực tiễn, các sở, ngành và Ủy ban nhân dân các xã, phường được phân công chủ trì có trách nhiệm xây dựng kế hoạch chi tiết.",
     ["các sở, ngành", "Ủy ban nhân dân các xã, phường"], []),
    ("1. Các cơ quan quản lý nhà nước, tổ chức, cá nhân liên quan có trách nhiệm tổ chức, thực hiện hiệu quả quy định của Luật Tài nguyên nước.",
     ["Các cơ quan quản lý nhà nước", "tổ chức, cá nhân liên quan"], []),
    ("8. Các sở, cơ quan trực thuộc Sở và các cơ quan liên quan trong phạm vi chức năng, nhiệm vụ của mình tổ chức triển khai thực hiện Kế hoạch.",
     ["Các sở, cơ quan trực thuộc Sở", "các cơ quan liên quan"], []),
    ("2. Kết hợp hoặc luân phiên khai thác nước mặt với khai thác nước dưới đất, nước mưa.", [], []),
]


@pytest.mark.parametrize("item,lead,support", SENTENCES)
def test_assigning_sentences(item, lead, support):
    plan = plan_of("V. TỔ CHỨC THỰC HIỆN\n" + item)
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == lead
    assert surfaces(plan, task, "support") == support


# ---------------------------------------------------------------- closing requests and what is not a task
def test_closing_request_with_yearly_deadline():
    plan = plan_of(
        "I. NHIỆM VỤ\n1. Tổ chức tập huấn nghiệp vụ.\n"
        "Trên đây là Kế hoạch triển khai Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông; "
        "yêu cầu các cơ quan, đơn vị báo cáo kết quả thực hiện Kế hoạch về Sở Thông tin và Truyền thông trước ngày 30/11 hằng năm để tổng hợp./."
    )
    closing = plan.tasks[-1]
    assert closing.found_by == "closing" and closing.section_id is None
    assert closing.text.startswith("yêu cầu các cơ quan, đơn vị")
    assert surfaces(plan, closing, "lead") == ["các cơ quan, đơn vị"]
    assert surfaces(plan, closing, "report_to") == ["Sở Thông tin và Truyền thông"]
    assert closing.deadline.recurrence == "yearly" and closing.deadline.day_month == "30/11"


def test_background_parts_give_no_tasks():
    plan = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Triển khai thực hiện kịp thời, đồng bộ, hiệu quả Kế hoạch số 14-KH/TU.\n"
        "II. MỤC TIÊU\n1. 100% các Sở, ngành bố trí công chức làm công tác pháp chế.\n"
        "III. KINH PHÍ THỰC HIỆN\n1. Nguồn ngân sách nhà nước theo quy định phân cấp ngân sách.\n"
        "3. Sở Tài chính, trên cơ sở đề xuất của các cơ quan, đơn vị, địa phương, chủ trì tổng hợp trình cấp có thẩm quyền bố trí kinh phí.\n"
    )
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Sở Tài chính"]


def test_parent_with_children_and_title_with_bullets_are_not_tasks():
    plan = plan_of(
        "III. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện cơ chế, chính sách phát triển giáo dục mầm non\n"
        "a) Rà soát, kịp thời quy định chi tiết văn bản quy phạm pháp luật.\n"
        "2. Đa dạng hóa hình thức hướng dẫn nâng cao năng lực\n"
        "- Tổ chức tập huấn, bồi dưỡng chuyên môn, nghiệp vụ hàng năm.\n"
        "3. Tổ chức triển khai thực hiện Chiến lược tiêu chuẩn quốc gia\n\n"
        "Thời gian thực hiện sau khi Chiến lược tiêu chuẩn quốc gia được ban hành.\n"
        "4. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc kịp thời phản ánh về Sở Tư pháp.\n"
    )
    assert [t.title for t in plan.tasks] == [
        "Rà soát, kịp thời quy định chi tiết văn bản quy phạm pháp luật",
        "Tổ chức tập huấn, bồi dưỡng chuyên môn, nghiệp vụ hàng năm",
        "Tổ chức triển khai thực hiện Chiến lược tiêu chuẩn quốc gia",
    ]
    assert plan.tasks[1].deadline.recurrence == "yearly"
    assert plan.tasks[2].deadline.text.startswith("sau khi Chiến lược")


def test_assignment_table_rows_are_tasks():
    plan = plan_of(
        "I. NHIỆM VỤ\n1. Tổ chức thực hiện các nhiệm vụ tại Phụ lục.\n\n"
        "TT | Nội dung/nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện\n"
        "1 | Tổ chức điều chỉnh, bổ sung quy hoạch hạ tầng viễn thông | Ban Quản lý các khu công nghệ cao và khu công nghiệp | Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã | Quý III Năm 2026\n"
        "2 | Khảo sát, đánh giá thực trạng hạ tầng viễn thông | Ban Quản lý các khu công nghệ cao và khu công nghiệp | Sở Khoa học và Công nghệ, Sở Công Thương | Quý IV/2025- Quý II/2026\n"
    )
    rows = [t for t in plan.tasks if t.found_by == "table"]
    assert len(rows) == 2
    assert surfaces(plan, rows[0], "lead") == ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"]
    assert surfaces(plan, rows[0], "support") == ["Sở Khoa học và Công nghệ", "Sở Công Thương", "UBND các phường, xã"]
    assert (rows[0].deadline.start, rows[0].deadline.due) == ("2026-07-01", "2026-09-30")
    assert (rows[1].deadline.start, rows[1].deadline.due) == ("2025-10-01", "2026-06-30")


def test_task_spans_slice_back_to_their_text(sample_plan, sample_path):
    from kehoach.pipeline.normalize import normalize

    text, _ = normalize(sample_path.read_text(encoding="utf-8"))
    for task in sample_plan.tasks:
        assert " ".join(text[task.span.start:task.span.end].split()).startswith(task.text[:40])
        for a in task.assignments:
            assert text[a.span.start:a.span.end] == a.text or " ".join(text[a.span.start:a.span.end].split()) == a.text


def test_giao_after_a_fronted_clause_and_in_a_lead_in():
    plan = plan_of(
        "3. Về nội dung dự thảo Kế hoạch nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh, giao Sở Tài chính:\n"
        "- Chủ trì, phối hợp với các sở, ngành liên quan rà soát nội dung thỏa thuận hợp tác.\n"
        "- Sau khi VCCI tổ chức công bố kết quả PCI năm 2025, giao Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan tham mưu.\n"
        "4. Đối với tiến độ thu hút các dự án đầu tư\n"
        "Thống nhất tổ chức Hội nghị gặp mặt doanh nghiệp. Giao Sở Xây dựng:\n"
        "- Nghiên cứu về nội dung, tên gọi Hội nghị, thành phần, thời gian địa điểm cụ thể.\n"
    )
    first, second, third = plan.tasks
    assert surfaces(plan, first, "lead") == ["Sở Tài chính"]
    assert surfaces(plan, first, "support") == ["các sở, ngành liên quan"]
    assert surfaces(plan, second, "lead") == ["Sở Công Thương"]
    assert surfaces(plan, third, "lead") == ["Sở Xây dựng"]


def test_background_item_with_assignment_fields_is_a_task():
    plan = plan_of(
        "II. NHIỆM VỤ\n4. Về nguồn lực\n4.1. Kinh phí thực hiện\n"
        "a) Nhiệm vụ: Các đơn vị được giao thực hiện các nhiệm vụ thuộc Kế hoạch lập dự toán kinh phí.\n"
        "b) Cơ quan thực hiện:\n- Đơn vị chủ trì: Các Sở, ban, ngành.\n- Đơn vị phối hợp: Sở Khoa học và Công nghệ, Sở Tài chính.\n"
        "III. TỔ CHỨC THỰC HIỆN\n2. Kinh phí thực hiện\nKinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước.\n"
    )
    [task] = plan.tasks
    assert task.title.startswith("Các đơn vị được giao") and surfaces(plan, task, "lead") == ["Các Sở, ban, ngành"]


def test_line_broken_in_two_is_one_task():
    plan = plan_of(
        "II. NHIỆM VỤ\nb) Quan tâm bố trí đủ nguồn lực, kinh phí để các cơ quan, đơn vị\n"
        "hoàn thành nhiệm vụ được giao trong công tác cải cách hành chính.\n"
    )
    [task] = plan.tasks
    assert task.text.endswith("công tác cải cách hành chính.")


def test_office_holders_as_subject():
    plan = plan_of(
        "II. NHIỆM VỤ\nc) Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu "
        "trực tiếp lãnh đạo, chỉ đạo tổ chức triển khai thực hiện.\n"
    )
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Thủ trưởng các sở, ban, ngành", "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu"]


def test_one_responsibility_column_holds_both_roles():
    plan = plan_of(
        "I. NHIỆM VỤ\n1. Các hoạt động tuyên truyền năm 2026\n\n"
        "TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026)\n"
        "1 | Giải đáp những vướng mắc, kiến nghị về công tác CCHC | Lãnh đạo Sở Công Thương | Tháng 1\n"
        "2 | Tổ chức cuộc thi tìm hiểu về cải cách hành chính | Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp | Quý II/2026\n"
        "3 | Xây dựng chuyên mục cải cách hành chính | Chủ trì: Sở Văn hóa, Thể thao và Du lịch; Phối hợp: các cơ quan báo chí | Thường xuyên\n"
    )
    first, second, third = [t for t in plan.tasks if t.found_by == "table"]
    assert surfaces(plan, first, "lead") == ["Lãnh đạo Sở Công Thương"]
    assert (surfaces(plan, second, "lead"), surfaces(plan, second, "support")) == (["Sở Nội vụ"], ["Sở Tư pháp"])
    assert surfaces(plan, third, "lead") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert surfaces(plan, third, "support") == ["các cơ quan báo chí"]
    assert second.deadline.due == "2026-06-30" and third.deadline.ongoing


# ---------------------------------------------------------------- unit as a label before its duty
def test_unit_label_before_its_duty_leads_the_task():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Xây dựng: Tiếp tục duy trì, nâng cao hiệu quả công tác kiểm tra trật tự xây dựng.\n"
        "2. Chi cục Hải quan khu vực XIII: Chủ trì, phối hợp với Công an tỉnh kiểm soát hàng hóa qua biên giới.\n"
    )
    first, second = plan.tasks
    assert surfaces(plan, first, "lead") == ["Sở Xây dựng"]
    assert first.title == "Tiếp tục duy trì, nâng cao hiệu quả công tác kiểm tra trật tự xây dựng"
    # The label is the assignment (its span is the lead's); the task's text and span are the duty.
    assert first.text.startswith("Tiếp tục duy trì")
    assert first.assignments[0].span.end < first.span.start
    assert surfaces(plan, second, "lead") == ["Chi cục Hải quan khu vực XIII"]
    assert surfaces(plan, second, "support") == ["Công an tỉnh"]


def test_a_unit_line_ending_in_a_colon_alone_is_not_a_subject():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Tư pháp:\n"
        "- Hướng dẫn các cơ quan rà soát văn bản quy phạm pháp luật.\n"
    )
    [task] = plan.tasks
    assert task.title.startswith("Hướng dẫn")
    assert surfaces(plan, task, "lead") == ["Sở Tư pháp"]


# ---------------------------------------------------------------- closing formulas of a notice
@pytest.mark.parametrize("line", [
    "Văn phòng UBND tỉnh trân trọng thông báo để các cơ quan, đơn vị biết, thực hiện.",
    "Trân trọng thông báo kết luận của đồng chí Phó Chủ tịch để các cơ quan biết.",
    "Đầu mối liên hệ: đồng chí Nguyễn Văn A, chuyên viên Sở Nội vụ.",
])
def test_notice_formulas_are_not_tasks(line):
    plan = plan_of(
        "II. NHIỆM VỤ\n"
        "1. Sở Nội vụ chủ trì tổng hợp kết quả thực hiện, báo cáo UBND tỉnh.\n"
        f"{line}\n"
    )
    assert [t.title[:7] for t in plan.tasks] == ["Sở Nội "]


# ---------------------------------------------------------------- a heading that gives both roles
ROLE_HEADING = (
    "III. NHIỆM VỤ, GIẢI PHÁP\n"
    "8. Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí cho việc thực hiện Chương trình\n"
    "8.1. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành\n"
    "- Tham mưu Ủy ban nhân dân tỉnh xây dựng, trình Hội đồng nhân dân tỉnh quyết định:\n"
    "+ Phương án phân bổ vốn kế hoạch đầu tư công trung hạn giai đoạn 2026-2030;\n"
    "+ Mức vốn đối ứng từ ngân sách địa phương (nếu có).\n"
    "- Chủ trì, phối hợp với các sở, ngành liên quan xây dựng, ban hành hướng dẫn về quản lý nguồn vốn.\n"
    "- Chịu trách nhiệm về việc phân bổ, sử dụng kinh phí của Chương trình đúng mục tiêu.\n"
    "8.2. Các sở, ban, ngành, địa phương\n"
    "- Huy động tối đa nguồn lực của đơn vị, địa phương để tổ chức triển khai Chương trình.\n"
)


def test_role_heading_gives_lead_and_support_to_each_item_below():
    plan = plan_of(ROLE_HEADING)
    advise, guide, answer, mobilise = plan.tasks
    assert advise.text.startswith("Tham mưu") and "Mức vốn đối ứng" in advise.text  # "+" lines are its parts
    for task in (advise, guide, answer):
        assert task.section_id == "III.8.1" and surfaces(plan, task, "lead") == ["Sở Tài chính"]
    assert surfaces(plan, advise, "support") == surfaces(plan, answer, "support") == ["các sở, ban, ngành"]
    assert surfaces(plan, guide, "support") == ["các sở, ngành liên quan"]  # its own words win
    assert surfaces(plan, mobilise, "lead") == ["Các sở, ban, ngành, địa phương"]


def test_role_heading_with_more_than_units_after_it_is_a_task():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "3. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị, địa phương thực hiện kịp thời các nhiệm vụ.\n"
    )
    [task] = plan.tasks
    assert task.section_id == "IV.3" and surfaces(plan, task, "lead") == ["Sở Nội vụ"]


def test_lead_in_under_a_heading_task_stays_part_of_it():
    plan = plan_of(
        "II. NHIỆM VỤ\n"
        "5. Tổ chức các nội dung hỗ trợ thi hành Luật theo quy định pháp luật\n"
        "- Các nội dung hỗ trợ thi hành Luật bao gồm:\n"
        "+ Hướng dẫn áp dụng các văn bản quy phạm pháp luật quy định chi tiết thi hành Luật;\n"
        "+ Tổ chức rà soát, đánh giá và cập nhật hệ thống cơ sở dữ liệu liên quan.\n"
        "- Cơ quan thực hiện: Các sở, ngành có liên quan.\n"
    )
    [task] = plan.tasks
    assert task.title.startswith("Tổ chức các nội dung") and "cập nhật hệ thống" in task.text


# ---------------------------------------------------------------- an inspection plan's parts
INSPECTION = (
    "II. THÀNH PHẦN THAM GIA\n"
    "1. Sở GDĐT tỉnh Đồng Tháp\n"
    "- Đại diện lãnh đạo Phòng Kế hoạch - Tài chính.\n"
    "III. NỘI DUNG KIỂM TRA\n"
    "Đánh giá thực trạng sử dụng phòng học bộ môn, thiết bị dạy học trong trường phổ thông.\n"
    "IV. THỜI GIAN VÀ ĐỊA ĐIỂM\n"
    "- Địa điểm: Tại Trường Trung học cơ sở An Thạnh, phường Hồng Ngự.\n"
    "V. PHÂN CÔNG CHUẨN BỊ, ĐÓN TIẾP VÀ LÀM VIỆC VỚI ĐOÀN KIỂM TRA\n"
    "1. Phòng Giáo dục Phổ thông\n"
    "- Báo cáo theo đề cương mà Đoàn kiểm tra yêu cầu.\n"
    "2. Đối với Ủy ban nhân dân cấp xã, các trường phổ thông\n"
    "- Cử đại diện lãnh đạo Phòng Văn hóa - Xã hội tiếp đón và làm việc với Đoàn kiểm tra.\n"
)


def test_inspection_plan_lists_duties_not_its_members_contents_or_place():
    plan = plan_of(INSPECTION)
    assert [t.title[:12] for t in plan.tasks] == ["Báo cáo theo", "Cử đại diện "]
    report, welcome = plan.tasks
    assert surfaces(plan, report, "lead") == ["Phòng Giáo dục Phổ thông"]
    assert surfaces(plan, welcome, "lead") == ["Ủy ban nhân dân cấp xã", "các trường phổ thông"]


def test_a_request_heading_leaves_each_item_its_own_subject():
    # A công điện: "Văn phòng Chính phủ trân trọng đề nghị:" asks the bodies named in each item.
    plan = plan_of(
        "III. Địa điểm: Trụ sở Chính phủ và Trụ sở Ủy ban nhân dân các tỉnh, thành phố.\n"
        "1. Điểm cầu Trụ sở Chính phủ\n"
        "- Các Phó Thủ tướng Chính phủ;\n"
        "IV. Văn phòng Chính phủ trân trọng đề nghị:\n"
        "1. Bộ Công an báo cáo kết quả thực hiện và một số nội dung trọng tâm về dữ liệu.\n"
        "2. Báo và Đài Phát thanh, Truyền hình Lâm Đồng tăng cường công tác tuyên truyền.\n"
    )
    police, press = plan.tasks
    assert surfaces(plan, police, "lead") == ["Bộ Công an"]
    assert surfaces(plan, press, "lead") == ["Báo và Đài Phát thanh, Truyền hình Lâm Đồng"]


def test_project_board_heading_keeps_its_whole_name_and_leads_the_items_below():
    plan = plan_of(
        "II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI\n"
        "4. Ban Quản lý dự án đầu tư xây dựng số 1\n"
        "- Chịu trách nhiệm chính trong việc rà soát hồ sơ điều chỉnh chủ trương đầu tư.\n"
        "- Chủ động phối hợp với Nhà đầu tư và các đơn vị liên quan trong việc xác định ranh giới.\n"
        "5. Sở Xây dựng: Phối hợp Ban Quản lý dự án đầu tư xây dựng số 1, Trung tâm Phát triển quỹ đất tỉnh rà soát hồ sơ.\n"
    )
    review, cooperate, housing = plan.tasks
    assert surfaces(plan, review, "lead") == surfaces(plan, cooperate, "lead") == ["Ban Quản lý dự án đầu tư xây dựng số 1"]
    assert surfaces(plan, housing, "support") == ["Ban Quản lý dự án đầu tư xây dựng số 1", "Trung tâm Phát triển quỹ đất tỉnh"]


def test_a_short_label_before_the_subject_does_not_hide_the_lead():
    plan = plan_of(
        "III. NHỮNG TỒN TẠI, HẠN CHẾ VÀ GIẢI PHÁP KHẮC PHỤC\n"
        "2. Công tác kiểm tra văn bản\n"
        "- Giải pháp khắc phục: Sở Tư pháp tập trung triển khai thực hiện Kế hoạch kiểm tra văn bản năm 2026.\n"
    )
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Sở Tư pháp"]
    assert task.title.startswith("Sở Tư pháp tập trung triển khai")
