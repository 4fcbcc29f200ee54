"""How Vietnamese administrative writing assigns duties beyond "Đơn vị chủ trì:" fields.

Each table holds real phrasings copied unchanged from documents of several provinces and kinds
(plans, decisions, công điện, thông báo kết luận, emulation plans, Nghị quyết); the comment over a
row names the kind of document it comes from. A rule is written from the language of such a table,
never from one file's layout (ARCHITECTURE.md, "How a new phrasing becomes a rule").
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import plan_of, surfaces
from kehoach.extractors import tasks as tasks_module
from kehoach.extractors.sections import part_role
from kehoach.extractors.units import UnitGrammar
from kehoach.pipeline.normalize import normalize
from kehoach.pipeline.run import extract_plan

FOOTER = "\n\nNơi nhận: - Như trên; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Bình\n"


def doc_of(doc_type: str, issuer: str, number: str, body: str):
    """A small document of another kind than the plan: its own header block, `body`, a footer."""
    text = (f"{issuer} ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
            f"Số: {number} | Hà Nội, ngày 20 tháng 11 năm 2025\n\n{doc_type}\n\nVỀ VIỆC THỬ NGHIỆM\n\n"
            + body.strip("\n") + FOOTER)
    return extract_plan(text, name="test.txt")


def by_title(plan, opening: str):
    found = [t for t in plan.tasks if t.text.startswith(opening)]
    assert found, f"no task opens with {opening!r}: {[t.text[:50] for t in plan.tasks]}"
    return found[0]


# ---------------------------------------------------------------- lead-ins naming the bodies
# A paragraph or heading that ends with ":" and whose subject is one or more bodies gives those
# bodies the items below it; "phối hợp với" in it gives the supporting bodies; "X chỉ đạo Y thực
# hiện …:" gives both X and Y.
LEAD_INS = [
    # emulation plan (kế hoạch thi đua), a lead-in after a fronted "Để …;" clause over numbered items
    ("II. NỘI DUNG ĐỢT THI ĐUA\n"
     "Để toàn dân đồng lòng, thi đua hành động, thực hiện thắng lợi các nhiệm vụ, hướng tới Đại hội lần thứ XIV "
     "của Đảng thành công; các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội, các xã, "
     "phường, các doanh nghiệp, tổ chức Hội (sau đây viết tắt là cơ quan, đơn vị) và mọi người dân triển khai Đợt thi "
     "đua với tinh thần “quyết tâm cao, hành động quyết liệt, hiệu quả thiết thực”, tập trung thi đua thực hiện các "
     "nội dung chủ yếu sau:\n"
     "1. Thi đua thực hiện tốt công tác chuẩn bị và tổ chức thành công Đại hội đại biểu toàn quốc lần thứ XIV của Đảng bảo đảm đúng quy định.\n",
     "Thi đua thực hiện tốt", ["các sở, ban, ngành", "Ủy ban Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"], []),
    # plan of a city, a "Căn cứ …," lead-in over dash items
    ("II. NỘI DUNG\n"
     "d) Các hoạt động chính\n"
     "Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các hoạt động sau:\n"
     "- Lồng ghép tổ chức Lễ phát động, các hoạt động hưởng ứng Tháng hành động với hình thức phù hợp.\n",
     "Lồng ghép tổ chức", ["các cơ quan, đơn vị, địa phương"], []),
    # decision issuing a plan: a heading that directs another body
    ("IV. TỔ CHỨC THỰC HIỆN\n"
     "1. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Biển đảo và Thủy sản thực hiện các nội dung sau:\n"
     "- Lập dự toán kinh phí báo cáo Sở Nông nghiệp và Môi trường trình cấp có thẩm quyền xem xét, phê duyệt.\n",
     "Lập dự toán", ["Sở Nông nghiệp và Môi trường", "Chi cục Biển đảo và Thủy sản"], []),
    # decision issuing a plan: a role heading that only announces the items below
    ("V. TỔ CHỨC THỰC HIỆN\n"
     "5. Sở Y tế chủ trì, phối hợp với Sở Nông nghiệp và Môi trường thực hiện các chương trình có liên quan như:\n"
     "- Nâng cao năng lực ứng phó thiên tai cho đối tượng là người khuyết tật, đối tượng bảo trợ xã hội và các đối tượng dễ bị tổn thương khác;\n",
     "Nâng cao năng lực", ["Sở Y tế"], ["Sở Nông nghiệp và Môi trường"]),
    # decision issuing a plan: a heading that is a duty of its own and a lead-in
    ("V. TỔ CHỨC THỰC HIỆN\n"
     "9. Ủy ban nhân dân các phường, xã, đặc khu chủ động bố trí kinh phí từ nguồn vốn ngân sách địa phương trong kế "
     "hoạch hàng năm để triển khai thực hiện các nội dung của Kế hoạch trên địa bàn, tập trung một số nhiệm vụ cụ thể sau:\n"
     "- Tổ chức xây dựng, phê duyệt và triển khai kế hoạch thực hiện Đề án của địa phương mình;\n",
     "Tổ chức xây dựng", ["Ủy ban nhân dân các phường, xã, đặc khu"], []),
    # decision issuing a plan (Sơn La): a sub-heading that gives the roles only, under the body's heading
    ("V. TỔ CHỨC THỰC HIỆN\n"
     "1. Sở Công Thương\n"
     "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường và cơ quan, đơn vị có liên quan\n"
     "- Tổ chức chương trình tập huấn kiến thức, tuyên truyền phổ biến các quy định về hội nhập kinh tế quốc tế.\n",
     "Tổ chức chương trình", ["Sở Công Thương"],
     ["các sở, ban, ngành", "UBND các xã, phường", "cơ quan, đơn vị có liên quan"]),
    # the same plan: the body supports under "b) Phối hợp với …", as in a sentence that says so
    ("V. TỔ CHỨC THỰC HIỆN\n"
     "1. Sở Công Thương\n"
     "b) Phối hợp với các sở, ngành, UBND các xã, phường\n"
     "- Hỗ trợ các nhà đầu tư, các tập đoàn lớn đến đầu tư phát triển hạ tầng thương mại, khu công nghiệp.\n",
     "Hỗ trợ các nhà đầu tư", ["Sở Công Thương"], ["các sở, ngành", "UBND các xã, phường"]),
    # the same plan: the roles as a paragraph with its colon, under the next body's heading
    ("V. TỔ CHỨC THỰC HIỆN\n"
     "4. Sở Khoa học và Công nghệ\n"
     "Chủ trì, phối hợp với các sở, ngành, UBND các xã, phường và các cơ quan, đơn vị có liên quan:\n"
     "- Triển khai thực hiện các chính sách khuyến khích doanh nghiệp, HTX đầu tư, áp dụng chuyển giao đổi mới công nghệ.\n",
     "Triển khai thực hiện các chính sách", ["Sở Khoa học và Công nghệ"],
     ["các sở, ngành", "UBND các xã, phường", "các cơ quan, đơn vị có liên quan"]),
]


@pytest.mark.parametrize("body, opening, lead, support", LEAD_INS, ids=[r[1] for r in LEAD_INS])
def test_a_lead_in_names_the_bodies_of_the_items_below_it(body, opening, lead, support):
    plan = plan_of(body)
    task = by_title(plan, opening)
    assert surfaces(plan, task, "lead")[:len(lead)] == lead
    assert surfaces(plan, task, "support") == support


@pytest.mark.parametrize("body", [LEAD_INS[2][0], LEAD_INS[3][0]], ids=["directs another body", "chủ trì, phối hợp"])
def test_a_lead_in_that_only_announces_its_items_is_no_task(body):
    plan = plan_of(body)
    heading = body.split("\n")[1].split(" ", 1)[1]  # its words after the number
    assert [t for t in plan.tasks if heading.startswith(t.text[:40])] == []


def test_a_role_heading_that_only_announces_is_no_task_and_a_duty_heading_is():
    plan = plan_of(LEAD_INS[3][0] + LEAD_INS[4][0].split("\n", 1)[1])
    openings = [t.text[:20] for t in plan.tasks]
    assert not any(o.startswith("Sở Y tế chủ trì") for o in openings)
    assert any(o.startswith("Ủy ban nhân dân các") for o in openings)


def test_an_issuer_that_decides_gives_no_lead_and_its_items_are_no_tasks():
    # Nghị quyết of the National Assembly Standing Committee arranging communes
    plan = doc_of("NGHỊ QUYẾT", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "1654/NQ-UBTVQH15", (
        "Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh An Giang\n"
        "Trên cơ sở Đề án số 395/ĐA-CP ngày 09 tháng 5 năm 2025 của Chính phủ về sắp xếp đơn vị hành chính cấp xã "
        "của tỉnh An Giang (mới) năm 2025, Ủy ban Thường vụ Quốc hội quyết định sắp xếp để thành lập các đơn vị hành "
        "chính cấp xã của tỉnh An Giang như sau:\n"
        "1. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn An Phú, xã Vĩnh Hội Đông thành xã mới có tên gọi là xã An Phú.\n"
        "2. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn Đa Phước, xã Vĩnh Trường thành xã mới có tên gọi là xã Vĩnh Hậu.\n"
        "Điều 2. Hiệu lực thi hành\n"
        "Nghị quyết này có hiệu lực thi hành kể từ ngày được thông qua.\n"
        "Điều 3. Tổ chức thực hiện\n"
        "Chính phủ, Hội đồng nhân dân, Ủy ban nhân dân tỉnh An Giang và các cơ quan, tổ chức có liên quan chịu trách nhiệm tổ chức thi hành Nghị quyết này.\n"))
    assert [t.text[:20] for t in plan.tasks] == ["Chính phủ, Hội đồng "]
    assert surfaces(plan, plan.tasks[0], "lead")[0] == "Chính phủ"


# ---------------------------------------------------------------- công điện
def test_cong_dien_bodies_named_per_ministry_and_by_a_range_of_provinces():
    plan = doc_of("CÔNG ĐIỆN", "THỦ TƯỚNG CHÍNH PHỦ", "217/CĐ-TTg", (
        "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa:\n"
        "a) Tổ chức theo dõi chặt chẽ, cập nhật đầy đủ, thông tin kịp thời về tình hình và dự báo diễn biến mưa lũ.\n"
        "5. Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị đóng trên địa bàn rà soát kịch bản, phương án.\n"
        "6. Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch theo chức năng, "
        "nhiệm vụ, thẩm quyền chủ động phối hợp với địa phương chỉ đạo các cơ quan chức năng triển khai công tác phòng, chống.\n"
        "7. Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia theo dõi sát diễn biến tình hình.\n"))
    assert surfaces(plan, by_title(plan, "Tổ chức theo dõi"), "lead") == [
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"]
    five = by_title(plan, "Các Bộ: Quốc phòng")
    assert surfaces(plan, five, "lead") == ["Quốc phòng", "Công an"]
    names = {u.id: u.name for u in plan.units}
    assert [names[i] for i in five.lead_units] == ["Bộ Quốc phòng", "Bộ Công an"]
    six = by_title(plan, "Các Bộ: Giáo dục")
    assert [names[i] for i in six.lead_units] == [
        "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch"]
    assert surfaces(plan, by_title(plan, "Văn phòng Ban"), "lead") == ["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"]


# ---------------------------------------------------------------- quyết định
def test_a_decision_states_cites_and_decides_but_its_execution_article_assigns():
    plan = doc_of("QUYẾT ĐỊNH", "THỦ TƯỚNG CHÍNH PHỦ", "44/2025/QĐ-TTg", (
        "Điều 1. Bãi bỏ toàn bộ một số văn bản quy phạm pháp luật của Thủ tướng Chính phủ\n"
        "1. Quyết định số 104/2000/QĐ-TTg ngày 25 tháng 8 năm 2000 của Thủ tướng Chính phủ về việc phê duyệt Chiến "
        "lược quốc gia về cấp nước sạch và vệ sinh nông thôn đến năm 2020.\n"
        "2. Chỉ thị số 33/2006/CT-TTg ngày 08 tháng 9 năm 2006 của Thủ tướng Chính phủ về chống tiêu cực và khắc phục "
        "bệnh thành tích trong giáo dục.\n"
        "Điều 2. Điều khoản thi hành\n"
        "1. Quyết định này có hiệu lực thi hành từ ngày 20 tháng 01 năm 2026.\n"
        "2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
        "các tỉnh, thành phố trực thuộc trung ương và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.\n"))
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [
        "Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các đơn vị có liên quan"]
    # the repealed documents are references, not duties
    assert {r.number_symbol for r in plan.legal_refs} >= {"104/2000/QĐ-TTg", "33/2006/CT-TTg"}


def test_a_decision_issuing_a_plan_is_no_task_itself():
    plan = doc_of("QUYẾT ĐỊNH", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "2853/QĐ-UBND", (
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thực hiện Đề án “Nâng cao nhận thức cộng đồng "
        "và Quản lý rủi ro thiên tai dựa vào cộng đồng, đến năm 2030” trên địa bàn Thành phố.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân Thành phố, Giám đốc Sở Nông nghiệp và Môi trường chịu trách nhiệm thi hành Quyết định này.\n"))
    assert [t.text[:9] for t in plan.tasks] == ["Chánh Văn"]


def test_a_decision_that_takes_effect_by_another_decision_assigns_nothing_there():
    plan = doc_of("QUYẾT ĐỊNH", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "1509/QĐ-UBND", (
        "Điều 1. Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính nội bộ.\n"
        "Điều 2. Sở Dân tộc và Tôn giáo có trách nhiệm phối hợp Văn phòng UBND tỉnh (Trung tâm Thông tin tỉnh) "
        "công khai Quyết định này trên Cổng Thông tin điện tử tỉnh.\n"
        "Điều 3. Quyết định có hiệu lực theo Quyết định số 800/QĐ-BDTTG ngày 07/11/2025 của Bộ trưởng Bộ Dân tộc và Tôn giáo.\n"))
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Sở Dân tộc và Tôn giáo"]
    assert surfaces(plan, task, "support") == ["Văn phòng UBND tỉnh"]



def test_a_duty_timed_by_a_law_taking_effect_is_still_a_duty():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "2. Giao Công an tỉnh chủ trì, phối hợp các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh thực hiện "
        "chức năng chủ quản Chương trình MTQG.\n"
        "Đồng thời, giao Công an tỉnh chủ trì, phối hợp với các Sở, ban, ngành liên quan thường xuyên rà soát, kịp "
        "thời tham mưu Ủy ban nhân dân tỉnh điều chỉnh, cập nhật các nội dung, nhiệm vụ của Kế hoạch này ngay sau "
        "khi Luật Phòng, chống ma túy (sửa đổi) được Quốc hội thông qua và có hiệu lực thi hành.\n")
    task = by_title(plan, "Đồng thời")
    assert surfaces(plan, task, "lead") == ["Công an tỉnh"]
    assert surfaces(plan, task, "support") == ["các Sở, ban, ngành liên quan"]


# ---------------------------------------------------------------- thông báo kết luận
def test_a_notice_is_for_the_bodies_its_closing_formula_names():
    plan = doc_of("THÔNG BÁO", "VĂN PHÒNG CHÍNH PHỦ", "636/TB-VPCP", (
        "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI\n"
        "1. Nhận diện đầy đủ, sâu sắc, toàn diện hơn nữa về tiềm năng khác biệt, cơ hội nổi trội, lợi thế cạnh tranh của địa phương.\n"
        "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "3. Về kiến nghị liên quan đến tổ chức bộ máy để bảo đảm vận hành hiệu quả chính quyền địa phương 02 cấp:\n"
        "Bộ Nội vụ theo chức năng nhiệm vụ được giao khẩn trương nghiên cứu, xử lý kiến nghị của tỉnh Phú Thọ.\n"
        "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan liên quan biết, thực hiện./.\n"))
    assert surfaces(plan, by_title(plan, "Nhận diện"), "lead") == ["Ủy ban nhân dân tỉnh Phú Thọ"]
    assert surfaces(plan, by_title(plan, "Bộ Nội vụ"), "lead") == ["Bộ Nội vụ"]
    assert not any(t.text.startswith("Văn phòng Chính phủ thông báo") for t in plan.tasks)


# ---------------------------------------------------------------- closing paragraphs
CLOSINGS = [
    # budget plan: the issuer reports; nobody is asked anything
    ("Trên đây là Kế hoạch tài chính - ngân sách nhà nước 03 năm 2026 - 2028 tỉnh Cà Mau, Ủy ban nhân dân tỉnh Cà Mau "
     "báo cáo Bộ Tài chính, Kiểm toán nhà nước khu vực V, Hội đồng nhân dân tỉnh theo quy định./.", []),
    # emulation plan: the request after ";"
    ("Trên đây là kế hoạch tổ chức phong trào thi đua thực hiện thành công cuộc bầu cử đại biểu Quốc hội khóa XVI; "
     "các cơ quan, đơn vị, địa phương, doanh nghiệp nghiêm túc tổ chức, triển khai thực hiện./.",
     [("các cơ quan, đơn vị", ["các cơ quan, đơn vị, địa phương, doanh nghiệp"])]),
    # plan of a province: two requests, the second asked of the bodies of the first
    ("Trên đây là Kế hoạch Chuyển đổi số trong hoạt động xây dựng và quản lý khai thác, bảo trì hệ thống kết cấu hạ "
     "tầng giao thông. Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện. Định kỳ hằng năm (trước ngày 30 "
     "tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng, để tổng hợp báo cáo Ủy ban nhân dân Tỉnh.",
     [("Đề nghị các cơ quan", ["các cơ quan, đơn vị"]), ("Định kỳ hằng năm", ["các cơ quan, đơn vị"])]),
    # plan of the capital: one request with ";" inside, and the standing "Trong quá trình …" sentence
    ("Ủy ban nhân dân Thành phố yêu cầu các Sở, ban, ngành Thành phố, UBND phường, xã và các doanh nghiệp viễn thông "
     "nghiêm túc triển khai thực hiện; định kỳ trước ngày 30 tháng 11 hàng năm báo cáo kết quả thực hiện về UBND Thành "
     "phố. Trong quá trình thực hiện, nếu có phát sinh, vướng mắc, kịp thời phản ánh về Sở Khoa học và Công nghệ./.",
     [("Ủy ban nhân dân Thành phố yêu cầu", ["các Sở, ban, ngành Thành phố", "UBND phường, xã", "các doanh nghiệp viễn thông"])]),
]


@pytest.mark.parametrize("closing, expected", CLOSINGS, ids=[c[:40] for c, _ in CLOSINGS])
def test_the_closing_paragraph_gives_one_task_per_request(closing, expected):
    plan = plan_of("II. NHIỆM VỤ\n1. Tăng cường công tác tuyên truyền.\n" + closing)
    closing_tasks = [t for t in plan.tasks if t.found_by == "closing"]
    assert [(t.text[:len(o)], surfaces(plan, t, "lead")) for t, (o, _) in zip(closing_tasks, expected)] == expected
    assert len(closing_tasks) == len(expected)


# ---------------------------------------------------------------- parts that hold no duties
PART_ROLES = [
    ("MỤC ĐÍCH, YÊU CẦU", "background"),
    ("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2025", "background"),
    ("DỰ BÁO CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 03 NĂM 2026 - 2028, CƠ CẤU THU, CHI VÀ KHUNG CÂN ĐỐI NGÂN SÁCH", "background"),
    ("DỰ BÁO NHỮNG TÁC ĐỘNG ĐẾN CÂN ĐỐI NSĐP VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN KẾ HOẠCH", None),
    ("ĐỐI TƯỢNG, NỘI DUNG THI ĐUA", None),
    ("Đối tượng thi đua", "background"),
    ("Nội dung thi đua", "action"),
    ("TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", "background"),
    ("SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG", "background"),
    ("THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN", None),
    ("NGUỒN VỐN THỰC HIỆN KẾ HOẠCH", "background"),
    ("MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI", "action"),
    ("Các hoạt động chính", "action"),
    ("II. CHỈ TIÊU, NHIỆM VỤ".split(". ", 1)[1], None),
    # long lower-case headings are duties: only their opening words could name a part
    ("Thực hiện công tác tuyên truyền, phổ biến về sự cần thiết, mục tiêu, nội dung của Chương trình", None),
    ("Đánh giá, tổng kết việc thực hiện Kế hoạch", None),
    # thông báo kết luận of a province: "Yêu cầu" here asks, it names no part
    ("Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương, các Chủ đầu tư theo chức năng, nhiệm vụ được giao nâng "
     "cao tính chủ động, khẩn trương rà soát; trong đó lưu ý:", None),
]


def test_a_part_heading_names_its_part_by_its_opening_word():
    plan = plan_of(
        "I. Đánh giá chung\n"
        "UBND tỉnh xác định các Chương trình mục tiêu quốc gia có ý nghĩa đặc biệt quan trọng.\n"
        "II. Nhiệm vụ cụ thể trong thời gian đến\n"
        "1. Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương, các Chủ đầu tư theo chức năng, nhiệm vụ được giao "
        "nâng cao tính chủ động, khẩn trương rà soát; trong đó lưu ý:\n"
        "a) Tăng cường kỷ luật, kỷ cương trong công tác lãnh đạo, chỉ đạo, điều hành.\n")
    [task] = plan.tasks
    assert task.text.startswith("Tăng cường kỷ luật")
    assert surfaces(plan, task, "lead")[0] == "Thủ trưởng các cơ quan, đơn vị, địa phương"


@pytest.mark.parametrize("heading, role", PART_ROLES, ids=[h[:40] for h, _ in PART_ROLES])
def test_what_a_heading_names(heading, role):
    assert part_role(heading) == role


def test_a_part_heading_names_both_and_its_sub_headings_decide():
    plan = plan_of(
        "III. DỰ BÁO NHỮNG TÁC ĐỘNG ĐẾN CÂN ĐỐI NSĐP VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN KẾ HOẠCH\n"
        "1. Dự báo những tác động đến thu, chi ngân sách\n"
        "- Nguồn thu từ đất chưa tương xứng với tiềm năng, chưa tạo được động lực thu hút đầu tư.\n"
        "2. Các giải pháp tổ chức thực hiện kế hoạch tài chính - NSNN 03 năm 2026 - 2028\n"
        "- Tăng cường công tác quản lý hoàn thuế, đảm bảo thực hiện hoàn thuế đúng đối tượng.\n")
    assert [t.text[:20] for t in plan.tasks] == ["Tăng cường công tác "]


# ---------------------------------------------------------------- activities, parts, specifications
def test_an_activity_heading_takes_its_content_as_the_duty():
    plan = plan_of(
        "III. NỘI DUNG HOẠT ĐỘNG\n"
        "1. Nâng cao nhận thức của chính quyền các cấp về chính sách, pháp luật.\n"
        "a) Hoạt động 1\n"
        "- Nội dung: Triển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12) và hưởng ứng “Ngày Quốc tế xóa bỏ mọi hình thức bạo lực đối với phụ nữ và trẻ em gái”.\n"
        "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu và các đơn vị có liên quan.\n"
        "b) Hoạt động 2\n"
        "- Nội dung:\n"
        "+ Tổng kết “Mô hình một cửa hỗ trợ phụ nữ và trẻ em trên địa bàn Thành phố Hồ Chí Minh”.\n"
        "+ Tập huấn nâng cao năng lực cho đội ngũ cán bộ, y bác sỹ, nhân viên và người lao động.\n"
        "- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố và các đơn vị có liên quan.\n")
    titles = [t.text[:12] for t in plan.tasks]
    assert "Hoạt động 1" not in titles and "Hoạt động 2" not in titles
    first = by_title(plan, "Triển khai Tháng")
    assert surfaces(plan, first, "lead") == ["Sở Nội vụ"]
    assert surfaces(plan, first, "support")[:2] == ["các sở, ban, ngành, đoàn thể Thành phố", "Ủy ban nhân dân phường, xã, đặc khu"]
    for opening in ("Tổng kết", "Tập huấn"):
        assert surfaces(plan, by_title(plan, opening), "lead") == ["Sở Y tế"]


def test_a_duty_whose_lead_in_announces_its_parts_is_one_task():
    plan = plan_of(
        "II. NỘI DUNG KẾ HOẠCH\n"
        "a) Nguồn nước cấp nuôi tôm nước lợ\n"
        "Điểm quan trắc: Thực hiện quan trắc tại 07 cửa sông cấp nước cho các vùng nuôi tôm nước lợ tập trung trên địa "
        "bàn tỉnh, lấy mẫu tại 15 vị trí như sau:\n"
        "- Cửa sông lạch Càn: Lấy mẫu 01 vị trí tại khu vực cấp nước chung cho vùng nuôi tôm Nga Tân và Nga Tiến - xã Tân Tiến.\n"
        "- Cửa sông lạch Sung: Lấy mẫu 01 vị trí tại khu vực nước cấp chung cho vùng nuôi tôm Nga Thủy - xã Nga Sơn.\n"
        "b) Thông tin tuyên truyền nâng cao nhận thức\n"
        "- Nội dung: Tuyên truyền các quy định, tiêu chuẩn, quy chuẩn quốc gia về chất lượng nước nuôi trồng thủy sản.\n"
        "- Số lượng: 5.000 cuốn.\n")
    [task, *_] = plan.tasks
    assert task.text.startswith("Điểm quan trắc: Thực hiện quan trắc") and "Cửa sông lạch Sung" in task.text
    assert not any(t.text.startswith(("Cửa sông", "Số lượng")) for t in plan.tasks)


# ---------------------------------------------------------------- the unit grammar
GRAMMAR = [
    ("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
     "tỉnh, thành phố trực thuộc trung ương và các đơn vị có liên quan chịu trách nhiệm thi hành",
     ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ",
      "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các đơn vị có liên quan"]),
    ("Hội đồng Thi đua - Khen thưởng các cấp phân công rõ trách nhiệm các thành viên",
     ["Hội đồng Thi đua - Khen thưởng các cấp"]),
    ("Hiệp hội Doanh nghiệp tỉnh vận động hội viên", ["Hiệp hội Doanh nghiệp tỉnh"]),
    ("Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội phát huy mạnh mẽ",
     ["Ủy ban Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị-xã hội"]),
    # the 2025 bodies: the provincial tax office, regional branches of central bodies
    ("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh, Tòa án nhân dân tỉnh, Thuế tỉnh, Kiểm toán nhà nước khu vực "
     "II, Kho bạc nhà nước khu vực XI, Ngân hàng nhà nước khu vực 8, Chi cục Hải quan khu vực XI tăng cường công tác",
     ["Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "Tòa án nhân dân tỉnh", "Thuế tỉnh",
      "Kiểm toán nhà nước khu vực II", "Kho bạc nhà nước khu vực XI", "Ngân hàng nhà nước khu vực 8",
      "Chi cục Hải quan khu vực XI"]),
    # the organisations of the Hội are a body of their own; "tổ chức hội nghị" is an event
    ("các sở, ban, ngành, các xã, phường, các doanh nghiệp, tổ chức Hội (sau đây viết tắt là cơ quan, đơn vị) triển khai",
     ["các sở, ban, ngành", "các xã, phường", "các doanh nghiệp", "tổ chức Hội"]),
    ("Các cơ quan Đảng trực thuộc Tỉnh ủy; các cơ quan Trung ương đóng trên địa bàn tỉnh xác định",
     ["Các cơ quan Đảng trực thuộc Tỉnh ủy", "các cơ quan Trung ương đóng trên địa bàn tỉnh"]),
    # the party committees are a body of their own
    ("các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: Phối hợp chặt chẽ",
     ["các cấp ủy Đảng", "Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội tỉnh"]),
    # a council's resolution: who oversee it (Bình Dương, Vĩnh Long, Hà Nội)
    ("Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu Hội đồng nhân dân tỉnh "
     "và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết",
     ["Thường trực Hội đồng nhân dân tỉnh", "các Ban của Hội đồng nhân dân tỉnh",
      "các Tổ đại biểu Hội đồng nhân dân tỉnh", "đại biểu Hội đồng nhân dân tỉnh"]),
    ("Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân, Tổ đại biểu Hội đồng nhân dân và đại biểu Hội đồng "
     "nhân dân thành phố trong phạm vi, nhiệm vụ, quyền hạn giám sát",
     ["Thường trực Hội đồng nhân dân", "các Ban Hội đồng nhân dân", "Tổ đại biểu Hội đồng nhân dân",
      "đại biểu Hội đồng nhân dân thành phố"]),
    # a ministry's execution article: the office chief of the ministry itself, its departments
    ("Chánh Văn phòng, Cục trưởng Cục Trồng trọt và Bảo vệ thực vật, Thủ trưởng các Vụ, Cục, đơn vị có liên quan "
     "chịu trách nhiệm thi hành",
     ["Chánh Văn phòng", "Cục trưởng Cục Trồng trọt và Bảo vệ thực vật", "Thủ trưởng các Vụ, Cục, đơn vị có liên quan"]),
    ("Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức - Biên chế, Thủ trưởng các đơn vị chịu trách nhiệm",
     ["Chánh Văn phòng Bộ", "Vụ trưởng Vụ Tổ chức - Biên chế", "Thủ trưởng các đơn vị"]),
    # the Prime Minister's decision: a title whose last word opens the body's name
    ("Trưởng Ban Chỉ đạo Nhà nước các chương trình chịu trách nhiệm thi hành",
     ["Trưởng Ban Chỉ đạo Nhà nước các chương trình"]),
    # a short name before its verb; a name that goes on past a verb-like word with a capital after it
    ("Ban Quản lý tổ chức đánh giá, thẩm định hồ sơ", ["Ban Quản lý"]),
    ("Ban Quản lý yêu cầu đơn vị bổ sung, giải trình", ["Ban Quản lý"]),
    ("Tổ công tác triển khai Đề án 06 chủ trì", ["Tổ công tác triển khai Đề án 06"]),
    # a công điện whose colon after the bodies addressed was lost: the duty is no place name
    ("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố Khẩn trương rà "
     "soát, sửa đổi các quy định", ["Bộ trưởng các Bộ", "Thủ trưởng cơ quan ngang bộ",
                                   "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]),
    ("Ủy ban nhân dân thành phố Cần Thơ chủ trì", ["Ủy ban nhân dân thành phố Cần Thơ"]),
    # "TP." for thành phố; a sector that is also a verb names the sector only where no object follows
    ("Bộ Khoa học và Công nghệ và Ủy ban nhân dân TP. Hà Nội chỉ đạo",
     ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân TP. Hà Nội"]),
    ("Sở Xây dựng, ngành xây dựng tỉnh tham gia", ["Sở Xây dựng", "ngành xây dựng tỉnh"]),
    ("các sở, ngành xây dựng kế hoạch thực hiện", ["các sở, ngành"]),
    # a notice of the Government Office addressing provinces and cities by name
    ("Tỉnh Thanh Hóa cần nỗ lực, phấn đấu hơn nữa", ["Tỉnh Thanh Hóa"]),
    ("Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ", ["Thành phố Hà Nội"]),
]


@pytest.mark.parametrize("phrase, units", GRAMMAR, ids=[p[:40] for p, _ in GRAMMAR])
def test_unit_lists_in_running_text(phrase, units):
    text, _ = normalize(phrase)
    found, _ = UnitGrammar().parse_list(text, 0, len(text))
    assert [u.text for u in found] == units


SUPPORTS = [
    # after "phối hợp với" come bodies, with or without "các"
    ("- Phối hợp với doanh nghiệp, viện nghiên cứu, trường đại học tổ chức đào tạo nhân lực.",
     ["doanh nghiệp, viện nghiên cứu", "trường đại học"]),  # a noun with its own qualifier closes a list
    ("- Phối hợp với sở, ban, ngành, đoàn thể Thành phố hướng dẫn chuyên môn cho các xã, phường, đặc khu.",
     ["sở, ban, ngành, đoàn thể Thành phố"]),
    ("- Phối hợp chặt chẽ Sở Khoa học và Công nghệ để hỗ trợ doanh nghiệp.", ["Sở Khoa học và Công nghệ"]),
    # a verb after the list ends it: "tổ chức" here organises, it is no body
    ("- Phối hợp với Ban Quản lý các khu công nghệ cao và khu công nghiệp tổ chức thực hiện kế hoạch.",
     ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"]),
    # after a bare "phối hợp", bodies too; a noun that is also a verb is the verb
    ("- Tăng cường năng lực phòng, chống ma túy. Phối hợp chặt chẽ lực lượng Công an và các lực lượng liên quan "
     "thực hiện các nội dung Chương trình.", ["lực lượng Công an", "các lực lượng liên quan"]),
    ("- Phối hợp cơ quan báo chí và hệ thống truyền thông thông tin kịp thời về tiến độ tiếp nhận.",
     ["cơ quan báo chí", "hệ thống truyền thông"]),
    ("- Phối hợp tổ chức hội nghị sơ kết việc thực hiện kế hoạch.", []),
]


@pytest.mark.parametrize("line, support", SUPPORTS, ids=[s[:40] for s, _ in SUPPORTS])
def test_supporting_bodies(line, support):
    plan = plan_of("V. TỔ CHỨC THỰC HIỆN\n1. Sở Giáo dục và Đào tạo\n" + line + "\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Sở Giáo dục và Đào tạo"]
    assert surfaces(plan, task, "support") == support


def test_a_topic_heading_is_no_duty_when_the_duties_on_it_follow():
    # thông báo kết luận of the Government Office: "Về …" names what the duties below are about
    plan = doc_of("THÔNG BÁO", "VĂN PHÒNG CHÍNH PHỦ", "636/TB-VPCP", (
        "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "2. Về việc xây dựng hệ thống dữ liệu quốc gia về thương mại quốc tế và hội nhập FTA:\n"
        "Giao Bộ Tài chính, Bộ Công Thương, Bộ Nông nghiệp và Môi trường theo chức năng, nhiệm vụ và thẩm quyền chủ trì, "
        "phối hợp với các Bộ, cơ quan liên quan nghiên cứu, xử lý kiến nghị của tỉnh.\n"
        "3. Về chính quyền địa phương 02 cấp:\n"
        "- Tiếp tục rà soát, hoàn thiện, ổn định tổ chức bộ máy, chủ động bám sát các quy định của Chính phủ.\n"))
    assert [t.text[:12] for t in plan.tasks] == ["Giao Bộ Tài ", "Tiếp tục rà "]
    assert surfaces(plan, plan.tasks[0], "lead") == ["Bộ Tài chính", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường"]
    assert surfaces(plan, plan.tasks[0], "support") == ["các Bộ, cơ quan liên quan"]


def test_a_notice_with_bracketed_items_and_a_request_after_an_adverbial():
    # thông báo kết luận of the Government Office saved from the portal
    plan = doc_of("THÔNG BÁO", "VĂN PHÒNG CHÍNH PHỦ", "631/TB-VPCP", (
        "3. Trong thời gian tới, yêu cầu các bộ, ngành tập trung thực hiện một số nhiệm vụ như sau:\n"
        "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Dân tộc và Tôn giáo, Bộ Tài chính và các cơ "
        "quan Quốc hội tiếp thu ý kiến của các Bộ, cơ quan.\n"
        "(3) Đề nghị Ủy ban Kinh tế và Tài chính của Quốc hội, Hội đồng dân tộc của Quốc hội và các Ủy ban của Quốc "
        "hội phối hợp chặt chẽ với các cơ quan Chính phủ để thẩm tra.\n"
        "(4) Sau khi được Quốc hội thông qua, các Bộ, cơ quan, địa phương tập trung tổ chức thực hiện có hiệu quả Chương trình.\n"))
    assert [s.id for s in plan.sections] == ["3", "3.1", "3.3", "3.4"]
    one = by_title(plan, "Giao Bộ Nông nghiệp")
    assert surfaces(plan, one, "lead") == ["Bộ Nông nghiệp và Môi trường"]
    assert surfaces(plan, one, "support") == ["Bộ Dân tộc và Tôn giáo", "Bộ Tài chính", "các cơ quan Quốc hội"]
    three = by_title(plan, "Đề nghị Ủy ban Kinh tế")
    assert surfaces(plan, three, "lead") == [
        "Ủy ban Kinh tế và Tài chính của Quốc hội", "Hội đồng dân tộc của Quốc hội", "các Ủy ban của Quốc hội"]
    assert surfaces(plan, three, "support") == ["các cơ quan Chính phủ"]
    assert surfaces(plan, by_title(plan, "Sau khi được"), "lead") == ["các Bộ, cơ quan, địa phương"]


# A time or a condition may stand before the subject of a duty; the bodies after it lead.
FRONTED = [
    # council resolutions (Hà Nội, Cần Thơ): a report due each year, a list drawn up before a date
    ("Định kỳ (trước ngày 31 tháng 10 hằng năm), Ủy ban nhân dân cấp xã có trách nhiệm báo cáo Ủy ban nhân dân "
     "Thành phố (qua Sở Tài chính) kết quả thực hiện.", ["Ủy ban nhân dân cấp xã"]),
    ("Trước ngày 20 tháng 12 hằng năm, Ủy ban nhân dân xã/phường lập danh sách người thuộc hộ gia đình cận nghèo.",
     ["Ủy ban nhân dân xã/phường"]),
    ("Hằng năm, Sở Tài chính tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.", ["Sở Tài chính"]),
    # a time that names no body: a target, not a duty of the communes it mentions
    ("Hằng năm, giảm số người nghiện ma túy, người sử dụng trái phép chất ma túy; phấn đấu đến năm 2030 đạt ít nhất "
     "70% xã, phường không có ma túy.", []),
    # a chỉ thị (Quảng Ngãi): a condition, then the request and the bodies asked
    ("Khi nhà đầu tư có những đề xuất, kiến nghị giải quyết khó khăn, vướng mắc trong hoạt động đầu tư, yêu cầu các "
     "sở, ngành, địa phương liên quan căn cứ chức năng, nhiệm vụ được giao có trách nhiệm trả lời.",
     ["các sở, ngành, địa phương liên quan"]),
]


@pytest.mark.parametrize("item, lead", FRONTED, ids=[i[:40] for i, _ in FRONTED])
def test_a_time_or_condition_before_the_subject(item, lead):
    plan = doc_of("KẾ HOẠCH", "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "12/KH-UBND", f"II. TỔ CHỨC THỰC HIỆN\n1. {item}\n")
    assert surfaces(plan, by_title(plan, item[:30]), "lead") == lead


def test_cong_dien_addressing_office_holders_of_named_provinces():
    plan = doc_of("CÔNG ĐIỆN", "THỦ TƯỚNG CHÍNH PHỦ", "223/CĐ-TTg", (
        "1. Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai và lãnh đạo các "
        "Bộ, ngành theo chức năng, nhiệm vụ, thẩm quyền tiếp tục tập trung, quyết liệt hơn nữa trong lãnh đạo, chỉ đạo.\n"))
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [
        "Bí thư tỉnh ủy", "Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai", "lãnh đạo các Bộ, ngành"]


SECTOR_AND_FORCES = [
    # plans after the 2025 floods and on drug prevention: generic bodies as supporting units
    ("- Phối hợp với ngành giáo dục để xử lý vệ sinh trường lớp.", ["ngành giáo dục"]),
    ("- Phối hợp với lực lượng quân đội, công an hỗ trợ vận chuyển nước sạch.", ["lực lượng quân đội"]),
    ("- Phối hợp chặt chẽ với các Ngân hàng thương mại mở tài khoản cho người hưởng trợ cấp.", ["các Ngân hàng thương mại"]),
    ("- Tổ chức hướng dẫn thực hiện phác đồ điều trị, phối hợp với cơ quan Công an quản lý người sau cai nghiện.", ["cơ quan Công an"]),
]


@pytest.mark.parametrize("line, support", SECTOR_AND_FORCES, ids=[s[:40] for s, _ in SECTOR_AND_FORCES])
def test_generic_supporting_bodies(line, support):
    plan = plan_of("V. TỔ CHỨC THỰC HIỆN\n3. Sở Y tế\n" + line + "\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "support")[:len(support)] == support


def test_an_item_that_asks_under_a_unit_heading_gives_those_it_asks():
    # directive of a province: the last item of the office's part asks the departments
    plan = doc_of("CHỈ THỊ", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "12/CT-UBND", (
        "4. Văn phòng Ủy ban nhân dân tỉnh\n"
        "a) Theo dõi, đôn đốc việc thực hiện Chỉ thị này.\n"
        "b) Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường nghiêm túc "
        "triển khai thực hiện Chỉ thị này.\n"))
    assert surfaces(plan, by_title(plan, "Theo dõi"), "lead") == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert surfaces(plan, by_title(plan, "Chủ tịch UBND tỉnh yêu cầu"), "lead") == [
        "Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường"]


def test_the_political_social_organisations_are_a_body_of_their_own():
    # a decision of the city and a plan of a province name them inside a list of departments
    for phrase, units in [
        ("Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể theo chức năng, nhiệm vụ được giao chủ động phối hợp",
         ["Các sở, ban, ngành, đơn vị", "tổ chức chính trị - xã hội", "hội, đoàn thể"]),
        ("Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường chịu trách nhiệm",
         ["Các sở, ban, ngành", "tổ chức chính trị - xã hội", "Ủy ban nhân dân các xã, phường"]),
    ]:
        text, _ = normalize(phrase)
        found, _ = UnitGrammar().parse_list(text, 0, len(text))
        assert [u.text for u in found] == units


def test_the_duty_after_the_bodies_asked_and_their_colon_is_the_task_text():
    # plan after the 2025 floods; công điện on flood insurance
    plan = plan_of(
        "IV. PHÂN CÔNG NHIỆM VỤ\n"
        "13. Đề nghị các doanh nghiệp viễn thông (VNPT, Viettel, MobiFone và doanh nghiệp khác): Đảm bảo thông tin "
        "liên lạc ổn định; bố trí nguồn điện dự phòng tại các trạm phát sóng.\n"
        "14. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Hà Tĩnh, Quảng Trị, Huế chủ động rà "
        "soát, thống kê thiệt hại.\n")
    first = by_title(plan, "Đảm bảo thông tin")
    assert surfaces(plan, first, "lead") == ["các doanh nghiệp viễn thông"]
    second = by_title(plan, "Chủ tịch Ủy ban")
    assert surfaces(plan, second, "lead") == [
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Hà Tĩnh, Quảng Trị, Huế"]


def test_a_nearer_lead_in_names_the_bodies_that_answer_for_the_items():
    # directive of a city on water resources: under an office-holders' heading, an item hands
    # duties to the bodies another body directs, "có trách nhiệm"
    plan = doc_of("CHỈ THỊ", "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "09/CT-UBND", (
        "8. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành\n"
        "a) Phối hợp Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường tuyên truyền, phổ biến quy định.\n"
        "d) Giao Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ chỉ đạo các đơn vị chức năng có trách nhiệm:\n"
        "- Vận động các doanh nghiệp thuộc khu vực quản lý thực hiện các giải pháp sản xuất tiết kiệm nước.\n"))
    assert surfaces(plan, by_title(plan, "Phối hợp Sở"), "lead") == ["Giám đốc Sở", "Thủ trưởng cơ quan, ban, ngành"]
    assert surfaces(plan, by_title(plan, "Vận động"), "lead") == ["các đơn vị chức năng"]



def test_a_reward_part_keeps_a_duty_written_after_its_label():
    # emulation plan of a province: in the part on the number of awards, the duty of a named body
    plan = plan_of(
        "IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG\n"
        "1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp với các cơ quan, đơn vị có liên quan tham mưu Chủ tịch "
        "UBND tỉnh xem xét, đề nghị khen thưởng cấp Nhà nước.\n"
        "2. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\n"
        "a) Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân;\n")
    [task] = plan.tasks
    assert task.text.startswith("Sở Nội vụ phối hợp") or task.text.startswith("Khen thưởng cấp Nhà nước")
    assert surfaces(plan, task, "lead") == ["Sở Nội vụ"]
    assert surfaces(plan, task, "support") == ["các cơ quan, đơn vị có liên quan"]


def test_a_reward_part_keeps_a_duty_of_bodies_listed_with_collectives_and_drops_who_it_covers():
    plan = plan_of(
        "III. ĐỐI TƯỢNG, TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG\n"
        "1. Đối tượng: Các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc và các tổ chức đoàn thể tỉnh, các địa phương, "
        "các đơn vị và doanh nghiệp, tổ chức, cá nhân và các tầng lớp Nhân dân trên địa bàn tỉnh.\n"
        "IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG\n"
        "3. Giấy khen của Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND xã, phường: Các Sở, ban, ngành, Mặt trận "
        "Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội, Ủy ban nhân dân xã, phường quy định số lượng "
        "khen thưởng theo thẩm quyền.\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == [
        "Các Sở, ban, ngành", "Mặt trận Tổ quốc Việt Nam tỉnh", "các đoàn thể chính trị - xã hội",
        "Ủy ban nhân dân xã, phường"]


def test_a_paragraph_of_a_reward_part_is_a_task_where_its_subject_takes_on_a_duty():
    plan = plan_of(
        "3. Hình thức và tiêu chuẩn khen thưởng\n"
        "b) Tiêu chuẩn khen thưởng\n"
        "Các cơ quan, đơn vị căn cứ thành tích trong tổ chức, thực hiện Đợt thi đua để bình xét khen thưởng và đề "
        "nghị khen thưởng cho các tập thể, cá nhân tiêu biểu, xuất sắc theo thẩm quyền.\n"
        "Ủy ban nhân dân tỉnh đã triển khai toàn diện nhiệm vụ quản lý nhà nước về thông tin đối ngoại.\n")
    [task] = plan.tasks
    assert task.text.startswith("Các cơ quan, đơn vị căn cứ")
    assert surfaces(plan, task, "lead") == ["Các cơ quan, đơn vị"]



def test_a_budget_part_keeps_the_duty_of_local_government_named_as_a_whole():
    plan = plan_of(
        "VI. KINH PHÍ THỰC HIỆN\n"
        "1. Các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu xây dựng dự toán kinh phí "
        "từ ngân sách theo phân cấp hiện hành.\n"
        "2. Nguồn tài trợ, viện trợ; nguồn hợp pháp khác (nếu có).\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Các sở, ban, ngành, đoàn thể Thành phố", "Ủy ban nhân dân phường, xã, đặc khu"]


def test_a_budget_part_keeps_a_duty_taken_in_so_many_words():
    # A 2025 plan on sea and island sovereignty: collectives "có trách nhiệm" in the budget part.
    plan = plan_of(
        "V. KINH PHÍ THỰC HIỆN\n"
        "1. Kinh phí bảo đảm thực hiện Kế hoạch này được bố trí từ nguồn ngân sách nhà nước theo phân cấp.\n"
        "2. Các sở, ngành, địa phương có liên quan có trách nhiệm chủ động cân đối trong nguồn ngân sách nhà nước "
        "được bố trí trong năm để triển khai thực hiện nhiệm vụ được giao trong Kế hoạch này.\n")
    [task] = plan.tasks
    assert surfaces(plan, task, "lead") == ["Các sở, ngành, địa phương có liên quan"]


def test_the_aims_of_a_plan_ask_bodies_for_results_and_give_no_task():
    plan = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "3. Các Sở, ban ngành và Ủy ban nhân dân các huyện, thành phố triển khai thực hiện tốt nhiệm vụ công tác "
        "thông tin đối ngoại trong năm 2017 và các năm tiếp theo.\n"
        "II. CÁC NỘI DUNG TRIỂN KHAI\n"
        "1. Sở Thông tin và Truyền thông chủ trì, phối hợp với các Sở, ban, ngành liên quan tổ chức tập huấn.\n")
    assert [surfaces(plan, t, "lead") for t in plan.tasks] == [["Sở Thông tin và Truyền thông"]]



def test_the_head_of_the_body_a_heading_names_answers_for_its_item():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "17. Ủy ban nhân dân xã, phường\n"
        "a) Xây dựng kế hoạch phòng, chống ma túy trên địa bàn.\n"
        "c) Chủ tịch Ủy ban nhân dân xã, phường chịu trách nhiệm trực tiếp trước Chủ tịch Ủy ban nhân dân thành phố "
        "về tình hình tội phạm, tệ nạn ma túy tại địa phương.\n")
    assert surfaces(plan, by_title(plan, "Xây dựng"), "lead") == ["Ủy ban nhân dân xã, phường"]
    assert surfaces(plan, by_title(plan, "Chủ tịch"), "lead") == ["Chủ tịch Ủy ban nhân dân xã, phường"]


def test_whom_an_emulation_covers_is_no_task():
    plan = plan_of(
        "II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA\n"
        "1. Đối tượng thi đua\n"
        "a) Tập thể: Các cơ quan Đảng trực thuộc Tỉnh ủy; các cơ quan Trung ương đóng trên địa bàn tỉnh; các Sở, "
        "ban, ngành, Mặt trận Tổ quốc Việt Nam; UBND các xã, phường; các tổ chức, doanh nghiệp liên quan đến việc "
        "thực hiện các nhiệm vụ công tác bầu cử.\n"
        "2. Nội dung thi đua\n"
        "a) Thi đua thực hiện tốt công tác chuẩn bị bầu cử.\n")
    assert [t.text[:8] for t in plan.tasks] == ["Thi đua "]


# ---------------------------------------------------------------- bullets under a duty
def test_bullets_under_a_duty_heading_go_on_with_its_body():
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Các cơ quan, đơn vị, địa phương, doanh nghiệp căn cứ chức năng, nhiệm vụ được giao xây dựng kế hoạch "
        "triển khai thực hiện đợt thi đua gắn với tình hình thực tế, nhiệm vụ chính trị trọng tâm của cơ quan, đơn vị.\n"
        "- Giới thiệu điển hình tiên tiến trong Đợt thi đua để tuyên truyền trên các phương tiện thông tin đại chúng.\n"
        "- Báo cáo Ủy ban nhân dân tỉnh về kết quả Đợt thi đua (qua Sở Nội vụ) khi tổng kết Đợt thi đua.\n"
        "- Sở Nội vụ tổng hợp kết quả, đề xuất khen thưởng.\n")
    assert surfaces(plan, by_title(plan, "Giới thiệu"), "lead") == ["Các cơ quan, đơn vị, địa phương, doanh nghiệp"]
    assert surfaces(plan, by_title(plan, "Báo cáo"), "lead") == ["Các cơ quan, đơn vị, địa phương, doanh nghiệp"]
    # a bullet that names its own body keeps it
    assert surfaces(plan, by_title(plan, "Sở Nội vụ"), "lead") == ["Sở Nội vụ"]


def test_bullets_under_a_short_heading_the_grammar_reads_in_part_take_no_body_from_it():
    # "Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp" is a body's name; the grammar
    # stops at "Các chủ đầu tư", so the heading must not lend that half-name to its bullets.
    plan = plan_of(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp\n"
        "- Tạo điều kiện về mặt bằng, các điều kiện cần thiết khác cho việc lắp đặt thiết bị 5G và IoT.\n")
    assert surfaces(plan, by_title(plan, "Tạo điều kiện"), "lead") == []


def test_every_clause_of_effect_says_hieu_luc():
    # tasks.py looks for "hiệu lực" before it tries the patterns of effect_clauses
    data = yaml.safe_load((Path(tasks_module.__file__).parent / "data" / "task_patterns.yaml").read_text(encoding="utf-8"))
    assert all("hiệu lực" in clause for clause in data["effect_clauses"])
