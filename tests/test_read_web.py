"""Saved web pages of a legal portal and crawler copies (pipeline/read/web.py).

The pages are real excerpts in tests/fixtures/web/ (see its README): the reader must find the
document inside the page, split the glued text back into one paragraph a line, drop the page's
furniture, keep its metadata as header evidence, and say for every line where it stands in the
file. Plain documents must come through untouched.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from kehoach.extractors.header import header_from_metadata
from kehoach.pipeline.export.json_export import plan_to_json
from kehoach.pipeline.read import read_document
from kehoach.pipeline.read.web import CONVERSION, REPAIRED, rebuild, split_paragraphs
from kehoach.pipeline.run import extract_plan
from kehoach.schemas import DocumentInfo
from conftest import FIXTURES, HEADER, SAMPLES

PAGES = FIXTURES / "web"
PAGE_FILES = sorted(PAGES.glob("*.txt"))


def page(name: str) -> Path:
    return PAGES / f"{name}.txt"


@lru_cache(maxsize=None)
def rebuilt(name: str):
    result = rebuild(page(name).read_text(encoding="utf-8"))
    assert result is not None, f"{name} was not read as a saved page"
    return result


def lines_of(name: str) -> list[str]:
    return rebuilt(name).text.split("\n")


def file_lines(path: Path) -> list[str]:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split("\n")


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --- detection: every saved page, and no plain document ------------------------------------------

@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_saved_page_is_read_as_the_document_inside(path):
    raw = read_document(path)
    assert raw.conversions[-1] == CONVERSION
    assert raw.metadata, "the page's metadata table is kept"
    assert len(raw.locations) == len(raw.text.split("\n"))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_plain_sample_is_not_touched(path):
    text = path.read_text(encoding="utf-8")
    assert rebuild(text) is None
    raw = read_document(path)
    assert CONVERSION not in raw.conversions and raw.metadata == ()


# Plain text that shares a word or two with a page, but is no page.
PLAIN = [
    HEADER + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n",
    HEADER + "Số hiệu văn bản: | 125/KH-UBND\n\nI. MỤC ĐÍCH\n",  # one label alone is no metadata table
    "Đang tải văn bản...\n\nKẾ HOẠCH\n",  # the loading mark without a metadata table
]


@pytest.mark.parametrize("text", PLAIN)
def test_no_false_positive_on_plain_text(text):
    assert rebuild(text) is None


# --- the page's metadata ---------------------------------------------------------------------------

# (page, label, value as the table prints it); placeholders such as "Đã biết" are no values.
METADATA = [
    ("cong-dien-223", "Số hiệu", "223/CĐ-TTg"),
    ("cong-dien-223", "Loại văn bản", "Công điện"),
    ("cong-dien-223", "Nơi ban hành", "Thủ tướng Chính phủ"),
    ("cong-dien-223", "Người ký", "Hồ Quốc Dũng"),
    ("cong-dien-223", "Ngày ban hành", "20/11/2025"),
    ("thong-bao-631", "Người ký", "Phạm Mạnh Cường"),
    ("quyet-dinh-2702", "Nơi ban hành", "Tỉnh Quảng Trị"),
    ("nghi-quyet-72", "Số hiệu", "72/2025/NQ-HĐND"),
]


@pytest.mark.parametrize("name,label,value", METADATA)
def test_metadata_table_is_read(name, label, value):
    assert dict(rebuilt(name).metadata)[label] == value


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_placeholders_are_no_values(path):
    values = {v for _, v in rebuilt(path.stem).metadata}
    assert not values & {"Đã biết", "Đang cập nhật"}


# --- the furniture is dropped ---------------------------------------------------------------------

FURNITURE = ["Đang tải văn bản", "Số hiệu:", "Loại văn bản:", "Tình trạng:", "THƯ VIỆN PHÁP LUẬT",
             "Văn bản này chưa cập nhật", "Văn bản liên quan", "NỘI DUNG SỬA ĐỔI", "Thưa Quý khách",
             "TP. HCM, ngày 31/05/2021"]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_page_furniture_is_dropped(path):
    text = rebuilt(path.stem).text
    for words in FURNITURE:
        assert words not in text, words


# The portal's own title of the document, after the signature, is furniture too.
PORTAL_TITLES = [
    ("cong-dien-223", "Công điện 223/CĐ-TTg năm 2025"),
    ("thong-bao-631", "Thông báo 631/TB-VPCP năm 2025"),
    ("nghi-quyet-72", "Nghị quyết 72/2025/NQ-HĐND quy định"),
    ("quyet-dinh-2629", "Quyết định 2629/QĐ-TTg năm 2025"),
]


@pytest.mark.parametrize("name,title", PORTAL_TITLES)
def test_portal_title_after_the_signature_is_dropped(name, title):
    assert title in page(name).read_text(encoding="utf-8")
    assert title not in rebuilt(name).text


# --- the document split back into its lines --------------------------------------------------------

# (page, a whole line of the rebuilt document)
WHOLE_LINES = [
    # the header block, the type line, the speaker
    ("cong-dien-223", "Số: 223/CĐ-TTg | Hà Nội, ngày 20 tháng 11 năm 2025"),
    ("cong-dien-223", "CÔNG ĐIỆN"),
    ("cong-dien-223", "V/V TẬP TRUNG ỨNG PHÓ LŨ ĐẶC BIỆT LỚN TẠI KHÁNH HÒA, ĐẮK LẮK VÀ GIA LAI"),
    ("cong-dien-223", "THỦ TƯỚNG CHÍNH PHỦ điện:"),
    ("cong-dien-223", "2. Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai:"),
    ("thong-bao-631", "THÔNG BÁO"),
    ("thong-bao-631", "2. Về những nội dung còn có ý kiến khác nhau:"),
    ("quyet-dinh-2702", "QUYẾT ĐỊNH"),
    ("quyet-dinh-2702", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"),
    ("quyet-dinh-2702", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;"),
    ("quyet-dinh-2702", "QUYẾT ĐỊNH:"),
    ("quyet-dinh-2702", "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký."),
    ("quyet-dinh-2702", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Nam"),
    ("quyet-dinh-2702", "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH NỘI BỘ"),
    ("quyet-dinh-2702", "1. Trình tự thực hiện"),
    ("quyet-dinh-2702", "3.1. Thành phần Hồ sơ:"),
    ("quyet-dinh-2702", "(1) Văn bản đề nghị thẩm định của tổ chức;"),
    ("quyet-dinh-2702", "- Luật Đo đạc và bản đồ năm 2018;"),
    ("quyet-dinh-2629", "THỦ TƯỚNG CHÍNH PHỦ"),
    ("quyet-dinh-2629", "II. MỤC TIÊU ĐẾN NĂM 2030"),
    ("quyet-dinh-2629", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("quyet-dinh-2629", "1. Hoàn thiện thể chế"),
    ("quyet-dinh-2629", "- Giai đoạn 2025-2027"),
    ("nghi-quyet-72", "NGHỊ QUYẾT"),
    ("nghi-quyet-72", "1. Chủ tịch, phó chủ tịch chuyên trách trong độ tuổi lao động;"),
    ("nghi-quyet-72", "Điều 6. Tổ chức thực hiện"),
    ("cong-dien-220", "- Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ;"),
    ("cong-dien-220", "I. VỀ HOÀN THIỆN THỂ CHẾ"),
    ("cong-dien-220", "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"),
    ("cong-dien-220", "III. TỔ CHỨC THỰC HIỆN"),
    ("thong-bao-648", "I. ĐÁNH GIÁ CHUNG"),
    ("thong-bao-648", "II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH"),
]


@pytest.mark.parametrize("name,line", WHOLE_LINES)
def test_line_of_the_rebuilt_document(name, line):
    assert line in lines_of(name)


# (page, how a line of the rebuilt document starts): items glued in running text start their line.
LINE_STARTS = [
    ("cong-dien-223", "1. Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh"),
    ("cong-dien-223", "- Chịu trách nhiệm toàn diện trước Chính phủ"),
    ("cong-dien-223", "- Tiếp tục huy động tối đa các lực lượng"),
    ("cong-dien-223", "- Cung ứng, tiếp tế kịp thời lương thực"),
    ("cong-dien-223", "8. Các Bộ: Quốc phòng, Tài chính kịp thời xuất cấp"),
    ("cong-dien-223", "Lũ trên các sông ở Khánh Hòa"),
    ("thong-bao-631", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG THƯỜNG TRỰC CHÍNH PHỦ"),
    ("thong-bao-631", "Ngày 18 tháng 11 năm 2025, tại trụ sở Chính phủ"),
    ("thong-bao-631", "1. Việc hợp nhất 03 Chương trình"),
    ("thong-bao-631", "Thứ nhất, vùng lõi nghèo hiện nay"),
    ("thong-bao-631", "Thứ hai, việc xây dựng nông thôn mới"),
    ("thong-bao-631", "(1) Về việc phê duyệt Chương trình:"),
    ("thong-bao-631", "(2) Về triển khai Chương trình:"),
    ("quyet-dinh-2702", "Căn cứ Quyết định số 1085/QĐ-TTg"),
    ("quyet-dinh-2702", "Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường"),
    ("quyet-dinh-2702", "Điều 1. Công bố kèm theo Quyết định này"),
    ("quyet-dinh-2702", "Điều 3. Chánh Văn phòng UBND tỉnh"),
    ("quyet-dinh-2702", "PHỤ LỤC THỦ TỤC HÀNH CHÍNH NỘI BỘ"),
    ("quyet-dinh-2702", "(Kèm theo Quyết định số 2702/QĐ-UBND"),
    ("quyet-dinh-2702", "Bước 2: Cơ quan chuyên môn được giao chủ trì thẩm định"),
    ("nghi-quyet-72", "Điều 4. Chính sách, chế độ"),
    ("nghi-quyet-72", "a) Đối với người làm việc tại hội từ 05 năm trở lên"),
    ("nghi-quyet-72", "1. Giao Ủy ban nhân dân Thành phố"),
    ("quyet-dinh-2629", "- Nghiên cứu, xây dựng Luật Chuyển đổi số"),
    ("quyet-dinh-2629", "+ 100% dịch vụ công trực tuyến toàn trình"),
    ("cong-dien-220", "a) Tập trung triển khai các nhiệm vụ"),
    ("cong-dien-220", "PHỤ LỤC I TỔNG HỢP KẾT QUẢ"),
    ("cong-dien-220", "(Kèm theo Công điện số 220/CĐ-TTg"),
    ("thong-bao-648", "Thay mặt Thủ tướng Chính phủ, biểu dương"),
    ("nghi-quyet-79", "(Kèm theo Nghị quyết số 79/2025/NQ-HĐND"),
]


@pytest.mark.parametrize("name,start", LINE_STARTS)
def test_glued_item_starts_its_line(name, start):
    assert any(line.startswith(start) for line in lines_of(name)), start


# "Nơi nhận" and the signature: one row, as the portal's plain text prints them.
SIGNATURE_ROWS = [
    ("cong-dien-223", "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Hồ Quốc Dũng"),
    ("thong-bao-631", "KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Phạm Mạnh Cường"),
    ("nghi-quyet-72", "CHỦ TỊCH Phùng Thị Hồng Hà"),
    ("nghi-quyet-79", "CHỦ TỊCH Phùng Thị Hồng Hà"),
    ("quyet-dinh-2629", "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Chí Dũng"),
]


@pytest.mark.parametrize("name,signature", SIGNATURE_ROWS)
def test_recipients_and_signature_make_one_row(name, signature):
    rows = [line for line in lines_of(name) if line.startswith("Nơi nhận:")]
    assert len(rows) == 1 and rows[0].endswith(f" | {signature}")


# Table rows stay whole: the page's own row lines, and the rows glued to the text around a table.
TABLE_ROWS = [
    ("cong-dien-220", "1 | Bộ Công an | 0 | 54 | 0 | 73 | 44 | 0 | 0 | 0 | 44 | 54 | 0 | 73"),
    ("cong-dien-220", "STT | Bộ, cơ quan | TTHC, ĐKKD đã chủ động cắt giảm, đơn giản hóa thông qua việc sửa đổi văn bản QPPL"),
    ("quyet-dinh-2702", "TT | Tên thủ tục hành chính nội bộ | Cơ quan thực hiện"),
    ("quyet-dinh-2702", "1 | Thẩm định dự án, nhiệm vụ đo đạc và bản đồ cơ bản do Ủy ban nhân dân cấp tỉnh tổ chức thực hiện"),
    ("nghi-quyet-79", "TT | Nội dung không bảo đảm quy định | Giải pháp bổ sung, tăng cường"),
]


@pytest.mark.parametrize("name,row", TABLE_ROWS)
def test_table_row_stays_whole(name, row):
    assert any(line.startswith(row) for line in lines_of(name)), row


@pytest.mark.parametrize("number", [10, 11])
def test_row_with_items_in_its_cells_is_not_split(number):
    # "1 | Bậc chịu lửa | a) Đối với công trình dân dụng: … - …": the cells' items stay in the row.
    row = file_lines(page("nghi-quyet-79"))[number - 1]
    assert row.count(" | ") == 2 and row in lines_of("nghi-quyet-79")


# --- where a cut is allowed, in running text ----------------------------------------------------

# (real glued text, the paragraphs it gives)
SPLITS = [
    ("Để tập trung ứng phó mưa lũ đặc biệt lớn, bảo đảm an toàn tính mạng cho Nhân dân, Thủ tướng Chính phủ yêu cầu: "
     "1. Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai tiếp tục tập trung. "
     "2. Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai: - Chịu trách nhiệm toàn diện trước Chính phủ. "
     "- Tiếp tục huy động tối đa các lực lượng, phương tiện cần thiết.",
     ["Để tập trung", "1. Đồng chí", "2. Chủ tịch", "- Chịu trách nhiệm", "- Tiếp tục"]),
    # a heading's short title, then its first item without punctuation
    ("Điều 6. Tổ chức thực hiện 1. Giao Ủy ban nhân dân Thành phố tổ chức triển khai thực hiện Nghị quyết; "
     "báo cáo Hội đồng nhân dân Thành phố kết quả thực hiện Nghị quyết theo quy định.",
     ["Điều 6. Tổ chức thực hiện", "1. Giao Ủy ban"]),
    # an upper-case heading, then its first item
    ("I. VỀ HOÀN THIỆN THỂ CHẾ 1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ Tập trung chỉ đạo quyết liệt.",
     ["I. VỀ HOÀN THIỆN THỂ CHẾ", "1. Bộ trưởng"]),
    # an article after a note in brackets that closes the article before it
    ("Điều 1. Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính nội bộ. (Có Phụ lục đính kèm) "
     "Điều 2. Sở Dân tộc và Tôn giáo có trách nhiệm phối hợp Văn phòng UBND tỉnh công khai Quyết định này.",
     ["Điều 1. Công bố", "Điều 2. Sở Dân tộc"]),
    # out of sequence: "3." after "1." is no item
    ("1. Mục đích chung. 6. Bộ Công an chỉ đạo.", ["1. Mục đích chung. 6. Bộ Công an chỉ đạo."]),
]


@pytest.mark.parametrize("text,starts", SPLITS)
def test_glued_text_is_cut_before_items(text, starts):
    paragraphs = [p for _, p in split_paragraphs(text)]
    assert [p[: len(s)] for p, s in zip(paragraphs, starts)] == starts and len(paragraphs) == len(starts)


# Real phrases that carry a number, a letter or a dash and are one paragraph all the same.
NO_CUT = [
    "1. Điều chỉnh tại điểm a và b tiểu mục 3.2 mục 3 Phụ lục II.8. Danh mục các dự án thăm dò vonfram thời kỳ 2021 - 2030, tầm nhìn đến 2050, như sau:",
    "7. Về dự án xây dựng đường cao tốc Sơn La - Điện Biên - Cửa khẩu Tây Trang; dự án nâng cấp đường từ Quốc lộ 12 đến cửa khẩu A Pa Chải: Tỉnh thực hiện theo chỉ đạo",
    "3. Sửa đổi, bổ sung theo các nguyên tắc ưu tiên hỗ trợ và tiêu chí, hệ số phân bổ vốn theo khoản 3 Điều này.",
    "Thay mặt Thủ tướng Chính phủ, biểu dương tinh thần nỗ lực của Đảng bộ, chính quyền và nhân dân tỉnh Điện Biên trong phát triển kinh tế - xã hội 10 tháng năm 2025.",
    "Bên cạnh đó, còn 3.507/6.708 (chiếm 52,3%) giấy tờ kết quả giải quyết TTHC của các bộ, ngành cần chuẩn hóa.",
    "Giao Bộ Xây dựng theo dõi, báo cáo theo quy định tại Điều 5. Bộ Tài chính bố trí kinh phí.",
    # a bracket that closes a phrase, not a sentence
    "Giao Sở Tư pháp (Phòng Kiểm soát thủ tục hành chính) Điều 2. của Quyết định số 12 hướng dẫn thực hiện.",
]


@pytest.mark.parametrize("text", NO_CUT)
def test_reference_number_or_dash_cuts_nothing(text):
    assert [p for _, p in split_paragraphs(text)] == [text]


# --- where each line comes from ---------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_every_line_names_the_file_line_where_its_text_starts(path):
    source = file_lines(path)
    result = rebuilt(path.stem)
    out = result.text.split("\n")
    assert len(result.lines) == len(out)
    for number, line in zip(result.lines, out):
        if line.strip():
            assert squeeze(line)[:40] in squeeze(source[number - 1]), (number, line[:60])


def plan_text(path):
    from kehoach.pipeline.normalize import normalize
    from kehoach.pipeline.read import read_document

    return normalize(read_document(path).text)[0]


# (page, section id, file line of its heading)
SECTION_LINES = [
    ("cong-dien-223", "2", 9),
    ("quyet-dinh-2702", "Đ3", 9),
    ("nghi-quyet-72", "Đ6", 9),
]


@pytest.mark.parametrize("name,sid,line", SECTION_LINES)
def test_section_location_gives_the_file_line(name, sid, line):
    plan = extract_plan(page(name))
    section = next(s for s in plan.sections if s.id == sid)
    assert section.location is not None and section.location.line == line
    # `line` is the file line too (where the item's text starts); the span is an offset into the
    # rebuilt, normalised text, where the heading's own text starts a line.
    assert section.line == line
    text = plan_text(page(name))
    assert text[section.span.start - 1] == "\n" and section.label in text[section.span.start:section.span.start + 8]


def test_location_line_is_in_the_json_of_a_page_only():
    page_json = json.loads(plan_to_json(extract_plan(page("cong-dien-223"))))
    assert all(s["location"]["line"] == 9 for s in page_json["sections"])
    sample_json = plan_to_json(extract_plan(SAMPLES / "ninh-thuan-2017-ttdn.txt"))
    assert '"line": null' not in sample_json


# --- the header: the document first, the page's metadata where the document is silent --------------

# (page, field, value): the document states the first ones; the last come from the metadata.
HEADER_FIELDS = [
    ("cong-dien-223", "doc_type", "CÔNG ĐIỆN"),
    ("cong-dien-223", "number_symbol", "223/CĐ-TTg"),
    ("cong-dien-223", "date", "2025-11-20"),
    ("cong-dien-223", "issuer", "Thủ tướng Chính phủ"),
    ("cong-dien-223", "signer", "Hồ Quốc Dũng"),
    ("thong-bao-631", "doc_type", "THÔNG BÁO"),
    ("thong-bao-631", "signer", "Phạm Mạnh Cường"),
    ("quyet-dinh-2702", "issuer", "Ủy ban nhân dân tỉnh Quảng Trị"),
    ("nghi-quyet-72", "signer", "Phùng Thị Hồng Hà"),  # "CHỦ TỊCH Phùng Thị Hồng Hà" has no formula
]


@pytest.mark.parametrize("name,field,value", HEADER_FIELDS)
def test_header_of_a_saved_page(name, field, value):
    assert getattr(extract_plan(page(name)).document, field) == value


def test_metadata_fills_only_what_the_document_lacks():
    plan = extract_plan(page("nghi-quyet-72"))
    assert "page metadata→header (signer)" in plan.source.conversions
    assert plan.source.conversions[0] == CONVERSION
    assert not any(c.startswith("page metadata") for c in extract_plan(page("cong-dien-223")).source.conversions)


def test_document_wins_over_the_metadata():
    text = page("cong-dien-223").read_text(encoding="utf-8")
    altered = text.replace("Người ký: | Hồ Quốc Dũng", "Người ký: | Phạm Minh Chính").replace(
        "Số hiệu: | 223/CĐ-TTg", "Số hiệu: | 224/CĐ-TTg")
    document = extract_plan(altered, name="page.txt").document
    assert (document.signer, document.number_symbol) == ("Hồ Quốc Dũng", "223/CĐ-TTg")


# (metadata, document's number, field, filled value or None)
METADATA_VALUES = [
    ((("Ngày ban hành", "20/11/2025"),), None, "date", "2025-11-20"),
    ((("Loại văn bản", "Công điện"),), None, "doc_type", "CÔNG ĐIỆN"),
    ((("Nơi ban hành", "Văn phòng Chính phủ"),), None, "issuer", "Văn phòng Chính phủ"),
    ((("Nơi ban hành", "Tỉnh Quảng Trị"),), "2702/QĐ-UBND", "issuer", "Ủy ban nhân dân tỉnh Quảng Trị"),
    ((("Nơi ban hành", "Thành phố Hà Nội"),), "72/2025/NQ-HĐND", "issuer", "Hội đồng nhân dân thành phố Hà Nội"),
    ((("Nơi ban hành", "Tỉnh Cà Mau"),), "983/TB-CT", "issuer", None),  # a place and no body named by the code
    ((("Ngày ban hành", "Đang cập nhật"),), None, "date", None),
]


@pytest.mark.parametrize("metadata,number,field,value", METADATA_VALUES)
def test_metadata_value_for_a_field(metadata, number, field, value):
    document, _ = header_from_metadata(DocumentInfo(number_symbol=number), metadata)
    assert getattr(document, field) == value


# --- crawler copies ---------------------------------------------------------------------------------

def test_breadcrumb_before_a_heading_is_dropped():
    # The crawler repeats the document's short name (the portal's own title words) before "Điều 1.".
    text = page("quyet-dinh-2702").read_text(encoding="utf-8")
    crumb = "Quyết định 2702/QĐ-UBND năm 2025 công bố thủ tục hành chính nội bộ lĩnh vực Đo đạc và Bản đồ"
    copy = text.replace("# QUYẾT ĐỊNH: Điều 1.", f"# QUYẾT ĐỊNH: {crumb} Điều 1.")
    result = rebuild(copy)
    assert REPAIRED in result.conversions and crumb not in result.text
    assert result.text.split("\n") == lines_of("quyet-dinh-2702")


def test_breadcrumb_with_the_part_title_is_dropped_from_plain_text():
    text = (HEADER + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n"
            "Kế hoạch 125/KH-UBND năm 2020 triển khai thực hiện nhiệm vụ năm 2020\nII. NỘI DUNG\n"
            "II. NỘI DUNG, NHIỆM VỤ\n\n1. Tuyên truyền\n")
    result = rebuild(text)
    lines = result.text.split("\n")
    assert [line for line in lines if line.startswith("II.")] == ["II. NỘI DUNG, NHIỆM VỤ"]
    assert not any("Kế hoạch 125/KH-UBND" in line for line in lines)
    assert len(lines) == len(text.split("\n")), "a plain text keeps its line count"


def test_another_documents_name_before_a_heading_stays():
    # Only the document's own number makes a breadcrumb; a cited plan keeps its line.
    text = (HEADER + "I. MỤC ĐÍCH\n\n1. Mục đích\n\n"
            "Kế hoạch 310/KH-UBND ngày 21/8/2024 của Ủy ban nhân dân tỉnh về phát triển nuôi trồng thủy sản\n"
            "II. NỘI DUNG\n")
    assert rebuild(text) is None


def test_heading_number_glued_to_the_line_before_moves_to_its_item():
    text = (HEADER + "I. NỘI DUNG\n\n1. Nhiệm vụ chung\n\n"
            "Chủ động phòng ngừa, ứng phó với các nguy cơ trong tình hình mới 1.1\n"
            "Tăng cường công tác tuyên truyền.\n\n1.2. Nâng cao năng lực.\n")
    result = rebuild(text)
    lines = result.text.split("\n")
    moved = lines.index("1.1 Tăng cường công tác tuyên truyền.")
    assert lines[moved - 1] == "Chủ động phòng ngừa, ứng phó với các nguy cơ trong tình hình mới"
    assert result.lines[moved] == moved, "the item's line starts with the number, on the line before"
    assert [s.id for s in extract_plan(text, name="copy.txt").sections][-2:] == ["I.1.1", "I.1.2"]


# Real line ends with a number that is no glued heading (the next line as the file has it).
NOT_GLUED = [
    "1. Sắp xếp toàn bộ diện tích tự nhiên của xã Hòa An (huyện Phú Hòa) thành xã mới có tên gọi là xã Phú Hòa 1.\n\n"
    "2. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Hòa Quang Nam.\n",
    "2. Đối tượng thực hiện: xã vùng đồng bào dân tộc thiểu số và miền núi, xã khu vực I, II, III.\n\n"
    "Kết quả thực hiện thủ tục hành chính: Quyết định phê duyệt.\n",
    "1. Căn cứ pháp lý: tại khoản 1 Điều 48.\nLuật Đất đai năm 2024.\n",
]


@pytest.mark.parametrize("body", NOT_GLUED)
def test_number_ending_a_line_stays(body):
    assert rebuild(HEADER + body) is None


# --- the same input, the same output ------------------------------------------------------------------

def test_text_and_file_give_the_same_plan():
    path = page("thong-bao-631")
    from_file = json.loads(plan_to_json(extract_plan(path)))
    from_text = json.loads(plan_to_json(extract_plan(path.read_text(encoding="utf-8"), name=path.name)))
    assert from_file["sections"] == from_text["sections"] and from_file["tasks"] == from_text["tasks"]
    assert plan_to_json(extract_plan(path)) == plan_to_json(extract_plan(path))


# --- the data file ------------------------------------------------------------------------------------

def test_web_page_data_entries_are_sound():
    from kehoach.pipeline.read.web import _data

    data = _data()
    for key in ("page_marks", "metadata_labels", "placeholder_values", "end_marks", "portal_types",
                "type_lines", "authorities", "signer_titles", "authority_blockers", "openers",
                "preamble_openers", "closing_lines", "reference_words"):
        entries = data[key]
        assert entries and len(entries) == len(set(entries)), f"{key}: empty or duplicated"
    assert all(t.isupper() for t in data["type_lines"] + data["closing_lines"] + data["signer_titles"])
    assert all(t[:1].isupper() and not t.isupper() for t in data["portal_types"])


# Speakers as real pages print them after the title, each matched whole by one authority pattern.
SPEAKERS = ["THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "BỘ TRƯỞNG BỘ NỘI VỤ"]


@pytest.mark.parametrize("speaker", SPEAKERS)
def test_authority_patterns_match_real_speakers(speaker):
    import re

    from kehoach.pipeline.read.web import _data

    assert any(re.fullmatch(p, speaker) for p in _data()["authorities"])


def test_a_header_row_glued_after_an_appendix_title_stays_one_row():
    # a thông báo kết luận saved from the portal: the last row of one table, the next appendix's
    # title and note, and that appendix's header row all on one line of the page
    page_text = (
        "Đang tải văn bản... # Số hiệu: | 624/TB-VPCP\n"
        "Loại văn bản: | Thông báo | Nơi ban hành: | Văn phòng Chính phủ\n"
        "Người ký: | Phạm Mạnh Cường | Ngày ban hành: | 16/11/2025\n"
        "VĂN PHÒNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
        "Số: 624/TB-VPCP | Hà Nội, ngày 16 tháng 11 năm 2025 | THÔNG BÁO KẾT LUẬN PHIÊN HỌP LẦN THỨ NĂM\n"
        "18. | Ban hành cơ chế, chính sách hợp tác công tư | Nghị quyết số 71/NQ-CP | Bộ Tài chính | 30/09/2025\n"
        "19. | Xây dựng Nghị định quy định chính sách học bổng cho người học các ngành khoa học cơ bản, kỹ thuật then "
        "chốt và công nghệ chiến lược. | Nghị quyết số 71/NQ-CP | Bộ Giáo dục và Đào tạo | 30/09/2025 | PHỤ LỤC II KẾT "
        "QUẢ THỰC HIỆN NHIỆM VỤ TẠI THÔNG BÁO KẾT LUẬN SỐ 552/TB-VPCP NGÀY 13/10/2025 | (Kèm theo Thông báo kết luận số "
        "624/TB-VPCP ngày 16 tháng 11 năm 2025 của Văn phòng Chính phủ) | STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn "
        "| Kết quả thực hiện | Tiến độ\n"
        "Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo\n"
        "1 | Chủ trì, phối hợp Bộ Công an tham mưu cơ chế chấm điểm hàng tháng | Bộ Khoa học và Công nghệ | 31/12/2025 | "
        "Đang triển khai | Đang thực hiện\n")
    result = rebuild(page_text)
    lines = result.text.split("\n")
    assert "STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện | Tiến độ" in lines
    assert any(line.startswith("(Kèm theo Thông báo kết luận số 624/TB-VPCP") for line in lines)


# --- the page pasted into Word and printed to PDF --------------------------------------------------
# Pasted into Word, a saved page becomes one table: the metadata rows, and a row whose cells hold
# the whole document, in columns a few letters wide. LibreOffice prints that row over many pages
# and cuts every word wider than its column ("Khán" / "h"). The PDF reader joins the row's pieces
# page after page and mends the cut words, so the page is read as its text is.
PRINTED = ["cong-dien-223", "thong-bao-631", "cong-dien-220"]


@pytest.fixture(scope="module")
def printed_pages(tmp_path_factory) -> Path:
    import shutil
    import subprocess

    from test_fidelity import build_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("printing a page to PDF needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("printed")
    docs = [build_docx(page(name).read_text(encoding="utf-8"), folder / f"{name}.docx") for name in PRINTED]
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), *map(str, docs)], check=True, capture_output=True, timeout=300)
    return folder


def reading(plan) -> dict:
    names = {u.id: u.name for u in plan.units}
    return {
        "header": (plan.document.doc_type, plan.document.issuer, plan.document.number_symbol, plan.document.date,
                   plan.document.signer),
        "sections": [(s.id, squeeze(s.heading)[:40]) for s in plan.sections],
        "refs": sorted(r.number_symbol or r.title or "" for r in plan.legal_refs),
        "tasks": [(squeeze(t.title)[:40], tuple(sorted(names[i] for i in t.lead_units)),
                   tuple(sorted(names[i] for i in t.support_units))) for t in plan.tasks],
    }


@pytest.mark.parametrize("name", PRINTED)
def test_a_page_printed_to_pdf_reads_like_the_page(name, printed_pages):
    printed = extract_plan(printed_pages / f"{name}.pdf")
    assert CONVERSION in printed.source.conversions
    assert reading(printed) == reading(extract_plan(page(name)))


# --- the same, copied out of the PDF by pdftotext ----------------------------------------------------
# tests/fixtures/web/cong-dien-228.pdftotext: pdftotext's copy of such a print (the dev page
# of Công điện 228/CĐ-TTg; the portal's contact details at the foot left out). Each page of the
# document's row is one block per cell, a few letters wide, every long word cut ("Khán" / "h");
# the cells that go on come first on the next page. The metadata table and the document's header
# cells are mixed on the first page ("Tình trạng: THỦ TƯỚNG CHÍNH PHỦ -------").

def test_a_page_printed_and_copied_by_pdftotext_reads_as_its_document():
    plan = extract_plan(PAGES / "cong-dien-228.pdftotext")
    assert CONVERSION in plan.source.conversions and "hard-wrap→paragraphs" in plan.source.conversions
    got = reading(plan)
    assert got["header"] == ("CÔNG ĐIỆN", "Thủ tướng Chính phủ", "228/CĐ-TTg", "2025-11-25", "Hồ Đức Phớc")
    assert [sid for sid, _ in got["sections"]] == ["1", "1.a", "1.b", "1.c", "2", "3", "4", "5"]
    leads = [(title[:20], lead) for title, lead, _ in got["tasks"]]
    assert leads == [
        ("Yêu cầu và đôn đốc c", ("Bộ Tài chính",)),
        ("Chỉ đạo Bảo hiểm xã ", ("Bộ Tài chính",)),
        ("Kịp thời xử lý theo ", ("Bộ Tài chính",)),
        ("Bộ Y tế theo chức nă", ("Bộ Y tế",)),
        ("Bộ Nội vụ theo chức ", ("Bộ Nội vụ",)),
        # the provinces after the colon belong to the body's name: "…trực thuộc Trung ương: Hà Tĩnh, …"
        ("Chủ tịch Ủy ban nhân", ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Hà Tĩnh, "
                                  "Quảng Trị, Huế, Đà Nẵng, Quảng Ngãi, Gia Lai, Đắk Lắk, Khánh Hòa, Lâm Đồng",)),
        ("Văn phòng Chính phủ ", ("Văn phòng Chính phủ",)),
    ]


def test_a_printed_page_keeps_no_label_as_a_value():
    """Copied out of a print, the metadata table's labels no longer stand beside their values:
    "Nơi ban hành: | Người ký:" gives no "Nơi ban hành"."""
    assert rebuild(unwrap_text(PAGES / "cong-dien-228.pdftotext")).metadata == ()


def unwrap_text(path: Path) -> str:
    from kehoach.pipeline.read.hardwrap import unwrap

    return unwrap(path.read_text(encoding="utf-8")).text
