"""Tests of kehoach.extractors.legal_refs: real phrasings of cited documents → expected fields.

Every phrase below is copied from (or written like) a published Vietnamese plan or directive; the
tables are grouped by family. Phrases are written in canonical normalised form (NFC, single
spaces, tone marks "Ủy/hòa"), which is what the extractor reads.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kehoach.extractors.legal_refs import extract_legal_refs

DATA = Path(__file__).resolve().parents[1] / "extractors" / "data"


# --- tiny factories -------------------------------------------------------------------------


def refs(text: str):
    return extract_legal_refs(text)[0]


def findings(text: str):
    return extract_legal_refs(text)[1]


def by_symbol(text: str, symbol: str):
    found = [r for r in refs(text) if r.number_symbol == symbol]
    assert found, f"{symbol} not found in {[r.id for r in refs(text)]}"
    return found[0]


def by_title(text: str, title: str):
    found = [r for r in refs(text) if r.number_symbol is None and r.title == title]
    assert found, f"{title!r} not found in {[(r.id, r.title) for r in refs(text)]}"
    return found[0]


def check(ref, expected: dict) -> None:
    for name, value in expected.items():
        assert getattr(ref, name) == value, f"{ref.id}.{name}: {getattr(ref, name)!r} != {value!r}"


def codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.ref_id) for f in findings(text)]


# --- numbered state documents (administrative and normative) ---------------------------------

NUMBERED = [
    (
        "Thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông về việc phát động phong trào thi đua chuyên đề.",
        "26/CT-BTTTT",
        dict(doc_type="Chỉ thị", date="2017-06-21", issuer="Bộ Thông tin và Truyền thông", family="administrative",
             type_code="CT", issuer_code="BTTTT", number="26", title="phát động phong trào thi đua chuyên đề", is_basis=True),
    ),
    (
        "Quyết định 587/QĐ-TTg ngày 5/5/2015 của Thủ tướng Chính phủ về ban hành kế hoạch thông tin đối ngoại của Chính phủ giai đoạn 2015-2017;",
        "587/QĐ-TTg",
        dict(doc_type="Quyết định", date="2015-05-05", issuer="Thủ tướng Chính phủ", id="ref:587/QĐ-TTg"),
    ),
    (
        "Nghị định số 72/2015/NĐ-CP ngày 7/9/2015 của Thủ tướng Chính phủ về quản lý hoạt động thông tin đối ngoại;",
        "72/2015/NĐ-CP",
        dict(doc_type="Nghị định", date="2015-09-07", year=2015, family="normative", type_code="NĐ", issuer_code="CP"),
    ),
    (
        "Nghị quyết số 197/2025/QH15 của Quốc hội về một số cơ chế, chính sách đặc biệt tạo đột phá trong xây dựng và tổ chức thi hành pháp luật;",
        "197/2025/QH15",
        dict(doc_type="Nghị quyết", date=None, issuer="Quốc hội", year=2025, issuer_code="QH", type_code=None),
    ),
    (
        "Triển khai Hướng dẫn số 1310/HD-SNV ngày 16/5/2017 của Sở Nội vụ về việc khen thưởng công tác thông tin đối ngoại tỉnh Ninh Thuận năm 2017.",
        "1310/HD-SNV",
        dict(doc_type="Hướng dẫn", date="2017-05-16", issuer="Sở Nội vụ", issuer_code="SNV"),
    ),
    (
        "triển khai thực hiện hiệu quả Hướng dẫn xây dựng kế hoạch công tác thông tin đối ngoại năm 2017 số 3737/BTTT-TTDN ngày 25/10/2016 của Bộ Thông tin và Truyền thông;",
        "3737/BTTT-TTDN",
        dict(doc_type="Hướng dẫn", family="cong_van", date="2016-10-25", issuer="Bộ Thông tin và Truyền thông",
             title="xây dựng kế hoạch công tác thông tin đối ngoại năm 2017"),
    ),
    (
        "e) Thực hiện nghiêm túc Điều 3 Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 hướng dẫn quản lý hoạt động thông tin đối ngoại.",
        "22/2016/TT-BTTTT",
        dict(doc_type="Thông tư", date="2016-10-19", issuer=None, pinpoints=["Điều 3"], is_basis=False),
    ),
    (
        "theo quy định tại khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.",
        "30/2020/NĐ-CP",
        dict(pinpoints=["khoản 2 Điều 5"], date="2020-03-05", issuer="Chính phủ", title="công tác văn thư"),
    ),
    (
        "quy định tại Nghị định số 145/2020/NĐ-CP ngày 14 tháng 12 năm 2020 của Chính phủ.",
        "145/2020/NĐ-CP",
        dict(date="2020-12-14", issuer="Chính phủ"),
    ),
    (
        "Quyết định 1229/QĐ-UBND ngày 28/02/2025 của UBND Thành phố về việc Phê duyệt Chiến lược dữ liệu thành phố Hà Nội đến năm 2030;",
        "1229/QĐ-UBND",
        dict(doc_type="Quyết định", date="2025-02-28", issuer="UBND Thành phố", issuer_code="UBND"),
    ),
    (
        "Quyết định số 912/QĐ-BKHCN ngày 18/5/2025 của Bộ Khoa học và Công nghệ về việc ban hành Kế hoạch phát triển hạ tầng số thời kỳ 2025-2030;",
        "912/QĐ-BKHCN",
        dict(issuer="Bộ Khoa học và Công nghệ", date="2025-05-18", title="ban hành Kế hoạch phát triển hạ tầng số thời kỳ 2025-2030"),
    ),
    (
        "Kế hoạch số 139/KH-UBND ngày 16/5/2025 của UBND Thành phố về thực hiện Nghị quyết số 71/NQ -CP ngày 01/4/2025 của Chính phủ",
        "71/NQ -CP",
        dict(doc_type="Nghị quyết", id="ref:71/NQ-CP", date="2025-04-01", issuer="Chính phủ"),
    ),
    (
        "Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 của Thủ tướng Chính phủ ban hành Kế hoạch triển khai thi hành Luật",
        "2138/QĐ-TTg",
        dict(date="2025-09-27", issuer="Thủ tướng Chính phủ"),
    ),
    (
        "Thông tư liên tịch số 03/2016/TTLT-BTP-BNV ngày 7-9-2016 của Bộ Tư pháp, Bộ Nội vụ.",
        "03/2016/TTLT-BTP-BNV",
        dict(doc_type="Thông tư liên tịch", date="2016-09-07", issuer="Bộ Tư pháp", family="normative"),
    ),
    (
        "Chỉ thị  số 21/CT-TTg ngày 6/8/2012 của Thủ tướng Chính phủ triển khai thực hiện Chiến lược".replace("  ", " "),
        "21/CT-TTg",
        dict(doc_type="Chỉ thị", date="2012-08-06", issuer="Thủ tướng Chính phủ"),
    ),
    (
        "theo Phương án số 728/PA-UBND ngày 28/02/2025 của UBND tỉnh về xử lý chồng lấn.",
        "728/PA-UBND",
        dict(doc_type="Phương án", date="2025-02-28", issuer="UBND tỉnh", title="xử lý chồng lấn"),
    ),
    (
        "Công văn số 1234/UBND-KT ngày 03/4/2024 của Ủy ban nhân dân tỉnh về việc rà soát hạ tầng.",
        "1234/UBND-KT",
        dict(doc_type="Công văn", family="cong_van", issuer_code="UBND", date="2024-04-03"),
    ),
    (
        "Căn cứ Quyết định số 12/2025/QĐ-UBND ngày 10/01/2025 của Ủy ban nhân dân tỉnh ban hành Quy chế làm việc;",
        "12/2025/QĐ-UBND",
        dict(doc_type="Quyết định", family="normative", year=2025, is_basis=True, issuer="Ủy ban nhân dân tỉnh"),
    ),
    (
        "Quyết định số 15/QĐ-BVHTTDL ngày 2/1/2024 của Bộ Văn hóa, Thể thao và Du lịch về việc ban hành Kế hoạch",
        "15/QĐ-BVHTTDL",
        dict(issuer="Bộ Văn hóa, Thể thao và Du lịch", issuer_code="BVHTTDL"),
    ),
    (
        "Kế hoạch số 45/KH-BCĐ389 ngày 3/3/2025 của Ban Chỉ đạo 389 tỉnh về chống buôn lậu",
        "45/KH-BCĐ389",
        dict(issuer="Ban Chỉ đạo 389 tỉnh", issuer_code="BCĐ", title="chống buôn lậu"),
    ),
    (
        "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18/01/2024;",
        "31/2024/QH15",
        dict(doc_type="Luật", title="Đất đai", date="2024-01-18", family="normative"),
    ),
    (
        "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 214/NQ-CP NGÀY 23/7/2025 CỦA CHÍNH PHỦ BAN HÀNH KẾ HOẠCH HÀNH ĐỘNG",
        "214/NQ-CP",
        dict(doc_type="Nghị quyết", date="2025-07-23", issuer="CHÍNH PHỦ"),
    ),
    (
        "Quyết định số 142/QĐ-TTg do Thủ tướng Chính phủ ban hành.",
        "142/QĐ-TTg",
        dict(issuer="Thủ tướng Chính phủ"),
    ),
]

# --- party documents ---------------------------------------------------------------------------

PARTY = [
    (
        "chỉ đạo triển khai thực hiện Kết luận số 16-KL/TW, ngày 14/02/2012 của Bộ Chính trị về Chiến lược phát triển thông tin đối ngoại giai đoạn 2011 – 2020;",
        "16-KL/TW",
        dict(doc_type="Kết luận", date="2012-02-14", issuer="Bộ Chính trị", family="party", type_code="KL", issuer_code="TW"),
    ),
    (
        "Ban Chỉ đạo được kiện toàn tại Quyết định số 215-QĐ/TU vào ngày 13/4/2016 do đồng chí Phó Bí thư Thường trực Tỉnh ủy làm Trưởng ban.",
        "215-QĐ/TU",
        dict(doc_type="Quyết định", date="2016-04-13", issuer=None, family="party"),
    ),
    (
        "Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị về kiểm soát quyền lực;",
        "178-QĐ/TW",
        dict(doc_type="Quy định", date="2024-06-27", issuer="Bộ Chính trị", type_code="QĐ"),
    ),
    (
        "quán triệt Nghị quyết số 27/NQ- TW ngày 09/11/2022 của Ban Chấp hành Trung ương đảng khóa XIII về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền;",
        "27/NQ- TW",
        dict(doc_type="Nghị quyết", id="ref:27/NQ-TW", date="2022-11-09", issuer="Ban Chấp hành Trung ương đảng khóa XIII", family="party"),
    ),
    (
        "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm 2025 của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp luật",
        "66-NQ/TW",
        dict(doc_type="Nghị quyết", date="2025-04-30", issuer="Bộ Chính trị", is_basis=True),
    ),
    (
        "và Nghị quyết số 18-NQ/TU ngày 30/12/2022 của Thành ủy Hà Nội về chuyển đổi số, xây dựng thành phố Hà Nội thông minh.",
        "18-NQ/TU",
        dict(issuer="Thành ủy Hà Nội", date="2022-12-30", issuer_code="TU"),
    ),
]

# --- standards ---------------------------------------------------------------------------------

STANDARDS = [
    (
        "theo tiêu chuẩn TCVN 14423:2025 về An ninh mạng - Yêu cầu đối với hệ thống thông tin quan trọng.",
        "TCVN 14423:2025",
        dict(doc_type="Tiêu chuẩn", family="standard", year=2025, number="14423", id="ref:TCVN14423:2025",
             title="An ninh mạng - Yêu cầu đối với hệ thống thông tin quan trọng"),
    ),
    (
        "đạt QCVN 01:2021/BTNMT về quy hoạch xây dựng.",
        "QCVN 01:2021/BTNMT",
        dict(doc_type="Quy chuẩn", family="standard", year=2021),
    ),
]


@pytest.mark.parametrize("text,symbol,expected", NUMBERED + PARTY + STANDARDS, ids=[c[1] for c in NUMBERED + PARTY + STANDARDS])
def test_numbered_references(text, symbol, expected):
    check(by_symbol(text, symbol), expected)


# --- laws and other documents cited by title ---------------------------------------------------

LAWS = [
    ("theo quy định của Luật Ngân sách nhà nước và các nguồn kinh phí hợp pháp khác", ["Ngân sách nhà nước"]),
    ("Nguồn ngân sách nhà nước theo quy định phân cấp ngân sách nhà nước của Luật ngân sách nhà nước.", ["ngân sách nhà nước"]),
    ("thực hiện theo quy định của Luật Ngân sách nhà nước, Luật Đầu tư công và các quy định hiện hành", ["Ngân sách nhà nước", "Đầu tư công"]),
    ("chấp hành nghiêm quy định của Luật Tài nguyên nước và các văn bản quy phạm pháp luật liên quan;", ["Tài nguyên nước"]),
    ("để đáp ứng trình độ chuẩn theo quy định của Luật Giáo dục năm 2019.", ["Giáo dục"]),
    ("theo quy định tại Điều 102 Luật Lâm nghiệp, Luật Đất đai; Nghị định số 131/2025/NĐ-CP", ["Lâm nghiệp", "Đất đai"]),
    ("theo quy định của Luật Lâm nghiệp và các quy định liên quan.", ["Lâm nghiệp"]),
    ("triển khai có hiệu quả các Nghị định, Thông tư hướng dẫn Luật Viễn thông theo hướng tạo điều kiện thuận lợi", ["Viễn thông"]),
    ("Luật Ban hành văn bản QPPL và các văn bản hướng dẫn thi hành", ["Ban hành văn bản QPPL"]),
    ("theo quy định tại Điều 59 Luật Ban hành văn bản quy phạm pháp luật và Nghị định số 80/2025/NĐ-CP", ["Ban hành văn bản quy phạm pháp luật"]),
    (
        "ban hành Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật.",
        ["sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật"],  # the amended law is in its title
    ),
    ("Nghị định quy định chi tiết thi hành một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật và Luật sửa đổi", ["Tiêu chuẩn và quy chuẩn kỹ thuật"]),
    ("tuyên truyền Luật Phòng, chống tham nhũng trong cán bộ", ["Phòng, chống tham nhũng"]),
    ("theo Bộ luật Lao động và Luật Bảo hiểm xã hội", ["Lao động", "Bảo hiểm xã hội"]),
]


@pytest.mark.parametrize("text,titles", LAWS, ids=[t[0][:40] for t in LAWS])
def test_laws_by_title(text, titles):
    unnumbered = [r for r in refs(text) if r.number_symbol is None]
    assert [r.title for r in unnumbered] == titles
    assert all(r.family == "unnumbered" and r.doc_type in ("Luật", "Bộ luật") for r in unnumbered)


def test_law_with_year_is_one_reference_with_the_year_noted():
    text = "theo quy định của Luật Tài nguyên nước (trong đó) ... theo quy định tại Điều 59 Luật Tài nguyên nước năm 2023."
    (ref,) = refs(text)
    check(ref, dict(id="ref:luat-tai-nguyen-nuoc", title="Tài nguyên nước", year=2023, pinpoints=["Điều 59"], doc_type="Luật"))
    assert [m.text for m in ref.mentions] == ["Luật Tài nguyên nước", "Luật Tài nguyên nước năm 2023"]


def test_law_spellings_merge_into_one_id():
    text = "theo Luật Ban hành văn bản QPPL; theo Luật Ban hành văn bản quy phạm pháp luật; Luật ngân sách nhà nước; Luật Ngân sách nhà nước."
    ids = [r.id for r in refs(text)]
    assert ids == ["ref:luat-ban-hanh-van-ban-quy-pham-phap-luat", "ref:luat-ngan-sach-nha-nuoc"]


def test_unnumbered_plan_with_its_issuer():
    text = (
        "Kế hoạch số 139/KH-UBND ngày 16/5/2025 của UBND Thành phố về thực hiện Nghị quyết số 71/NQ -CP ngày 01/4/2025 của Chính phủ "
        "và Kế hoạch hành động của Ban Thường vụ Thành ủy Hà Nội về triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."
    )
    ref = by_title(text, "hành động của Ban Thường vụ Thành ủy Hà Nội")
    check(ref, dict(doc_type="Kế hoạch", number_symbol=None, issuer="Ban Thường vụ Thành ủy Hà Nội", family="unnumbered"))


# --- lists: shared type words and shared issuers ------------------------------------------------


def test_list_sharing_a_type_word_and_an_issuer():
    text = (
        "phù hợp với các Quy hoạch đã được Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg ngày 11/01/2024 về việc quy hoạch "
        "hạ tầng thông tin và truyền thông thời kỳ 2021-2030; số 1569/QĐ-TTg ngày 12/12/2024 về việc phê duyệt quy hoạch Thủ đô Hà Nội và "
        "số 1668/QĐ-TTg ngày 27/12/2024 về việc phê duyệt điều chỉnh Quy hoạch chung Thủ đô Hà Nội đến năm 2045."
    )
    got = {r.number_symbol: (r.doc_type, r.date, r.issuer) for r in refs(text)}
    assert got == {
        "36/QĐ-TTg": ("Quyết định", "2024-01-11", "Thủ tướng Chính phủ"),
        "1569/QĐ-TTg": ("Quyết định", "2024-12-12", "Thủ tướng Chính phủ"),
        "1668/QĐ-TTg": ("Quyết định", "2024-12-27", "Thủ tướng Chính phủ"),
    }


ISSUER_LISTS = [
    (
        "Để tiếp tục thực hiện nghiêm Chỉ thị số 31-CT/TU ngày 06/6/2023, Kế hoạch số 134-KH/TU ngày 29/12/2023 của Ban Thường vụ Tỉnh ủy; "
        "Chỉ thị số 03/CT-UBND ngày 19/3/2019, Phương án số 728/PA-UBND ngày 28/02/2025 của UBND tỉnh, và để nâng cao hiệu quả",
        {"31-CT/TU": "Ban Thường vụ Tỉnh ủy", "134-KH/TU": "Ban Thường vụ Tỉnh ủy", "03/CT-UBND": "UBND tỉnh", "728/PA-UBND": "UBND tỉnh"},
    ),
    (
        "theo quy định tại Quyết định số 1729/QĐ-TTg ngày 04 tháng 11 năm 2020 sửa đổi, bổ sung Quyết định số 655/QĐ-TTg ngày 12 tháng 5 năm 2017 "
        "của Thủ tướng Chính phủ phê duyệt Đề án Đầu tư xây dựng các thiết chế của công đoàn",
        {"1729/QĐ-TTg": None, "655/QĐ-TTg": "Thủ tướng Chính phủ"},
    ),
    (
        "Nghị định số 131/2025/NĐ-CP ngày 12/6/2025 và Nghị định số 136/2025/NĐ-CP ngày 12/6/2025.",
        {"131/2025/NĐ-CP": None, "136/2025/NĐ-CP": None},
    ),
    (
        "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh",
        {"14-KH/TU": "Ban Thường vụ Tỉnh ủy", "24/KH-UBND": "UBND tỉnh"},
    ),
    (
        "Nghị định số 131/2025/NĐ-CP và số 136/2025/NĐ-CP của Chính phủ",
        {"131/2025/NĐ-CP": "Chính phủ", "136/2025/NĐ-CP": "Chính phủ"},
    ),
    (
        # an issuer is shared only by items whose symbols carry the same issuer code
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024, Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ",
        {"57-NQ/TW": None, "03/NQ-CP": "Chính phủ"},
    ),
]


# Where a stated issuer ends: phrasings from the corpus's Word and PDF files, where the title's
# "về" is missing or a verb follows the issuer directly.
ISSUER_ENDS = [
    ("Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ cơ sở dữ liệu quốc gia về pháp luật",
     "52/2015/NĐ-CP", "Chính phủ"),
    ("Kế hoạch số 2147/KH-SKHCN ngày 10/10/2025 của Sở Khoa học và Công nghệ bồi dưỡng kỹ năng số cho cán bộ",
     "2147/KH-SKHCN", "Sở Khoa học và Công nghệ"),
    ("Báo cáo số 15/BC-STC ngày 05/01/2025 của Sở Tài chính tình hình thực hiện dự toán năm 2024",
     "15/BC-STC", "Sở Tài chính"),
    ("Quyết định số 1946/QĐ-UBND ngày 02/10/2025 của Chủ tịch Ủy ban nhân dân tỉnh ủy quyền giải quyết thủ tục hành chính",
     "1946/QĐ-UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Quyết định số 28/2025/QĐ-TTg ngày 01/9/2025 của Thủ tướng Chính phủ Ban hành tiêu chí xác định địa bàn trọng điểm",
     "28/2025/QĐ-TTg", "Thủ tướng Chính phủ"),
    # lower-case words that belong to the issuer stay with it
    ("Quyết định số 12/QĐ-UBND ngày 03/01/2025 của Chủ tịch UBND tỉnh Lâm Đồng về việc công bố thủ tục hành chính",
     "12/QĐ-UBND", "Chủ tịch UBND tỉnh Lâm Đồng"),
    ("Kết luận số 16-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII về việc thực hiện",
     "16-KL/TW", "Ban Chấp hành Trung ương Đảng khóa XIII"),
    ("Quyết định số 45/QĐ-BQL ngày 12/3/2025 của Ban quản lý các khu công nghiệp về việc giao nhiệm vụ",
     "45/QĐ-BQL", "Ban quản lý các khu công nghiệp"),
]


@pytest.mark.parametrize("text,symbol,issuer", ISSUER_ENDS, ids=[c[1] for c in ISSUER_ENDS])
def test_where_a_stated_issuer_ends(text, symbol, issuer):
    assert by_symbol(text, symbol).issuer == issuer


@pytest.mark.parametrize("text,expected", ISSUER_LISTS, ids=[next(iter(e)) for _, e in ISSUER_LISTS])
def test_issuers_in_lists(text, expected):
    assert {r.number_symbol: r.issuer for r in refs(text)} == expected


def test_mentions_merge_and_date_comes_from_the_later_mention():
    text = (
        "Quyết định số 142/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Chiến lược dữ liệu quốc gia đến năm 2030; "
        "triển khai thực hiện Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng Chính phủ.\n"
        "Thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ (Nghị quyết 214/NQ-CP).\n"
        "hoàn thành các nhiệm vụ được giao tại Nghị quyết 214/NQ-CP."
    )
    got = refs(text)
    assert [r.id for r in got] == ["ref:142/QĐ-TTg", "ref:214/NQ-CP"]
    check(got[0], dict(date="2024-02-02", issuer="Thủ tướng Chính phủ"))
    assert len(got[0].mentions) == 2
    assert [m.line for m in got[1].mentions] == [2, 2, 3]


# --- not references ------------------------------------------------------------------------------

NOT_REFERENCES = [
    "Các cơ quan, đơn vị triển khai thực hiện Kế hoạch này; tổ chức triển khai thực hiện nghiêm túc Chỉ thị này./.",
    "Rà soát các văn bản quy phạm pháp luật có liên quan đến Luật thuộc thẩm quyền quản lý nhà nước; bảo đảm phù hợp với quy định của Luật.",
    "gắn với triển khai Đề án 06 theo quy định; lên phần mềm theo dõi, giám sát Đề án 06 (tại địa chỉ: https://dean06.vn).",
    "rà soát, hoàn thiện Chiến lược dữ liệu thành phố Hà Nội đến năm 2030; Chiến lược tiêu chuẩn quốc gia.",
    "đạt tỷ lệ sử dụng nước sạch từ công trình cấp nước tập trung theo Nghị quyết hằng năm của Hội đồng nhân dân thành phố.",
    "(Kèm theo Kế hoạch số: /KH-UBND ngày / /2025 của UBND thành phố Hà Nội)",
    "b) Nghị định quy định về điều kiện kinh doanh dịch vụ và đánh giá sự phù hợp.",
    "UBND tỉnh ban hành Kế hoạch nâng cao năng lực cho đội ngũ cán bộ giai đoạn 2026 - 2030 như sau:",
    "của Chính phủ ban hành Kế hoạch hành động của Chính phủ về thúc đẩy tạo lập dữ liệu",
    "phù hợp với Hiến pháp, pháp luật và thực tiễn của địa phương; phát triển hạ tầng 5G, IoT giai đoạn 2021-2030.",
    "Sở Kế hoạch và Đầu tư chủ trì; Định kỳ báo cáo kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11).",
]


@pytest.mark.parametrize("text", NOT_REFERENCES, ids=[t[:40] for t in NOT_REFERENCES])
def test_not_references(text):
    assert refs(text) == []


def test_own_number_in_the_header_is_not_a_reference():
    text = "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 141/KH-UBND | Bắc Ninh, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH\n\n(Kèm theo Kế hoạch số 141/KH-UBND)"
    assert refs(text) == []


def test_is_basis_only_in_the_opening_paragraph():
    text = (
        "Thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ, UBND Thành phố ban hành Kế hoạch như sau:\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n"
        "Thực hiện Quyết định số 36/QĐ-TTg ngày 11/01/2024 của Thủ tướng Chính phủ."
    )
    got = {r.number_symbol: r.is_basis for r in refs(text)}
    assert got == {"214/NQ-CP": True, "36/QĐ-TTg": False}


# --- findings: a trigger and a near miss for each ---------------------------------------------

FINDINGS = [
    (
        "ref.issuer_mismatch",
        "Nghị định số 72/2015/NĐ-CP ngày 7/9/2015 của Thủ tướng Chính phủ về quản lý hoạt động thông tin đối ngoại;",
        "72/2015/NĐ-CP",
        [
            "Quyết định 587/QĐ-TTg ngày 5/5/2015 của Thủ tướng Chính phủ về ban hành kế hoạch;",
            "Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ về ban hành Chương trình hành động;",
            "Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy;",
            "Nghị quyết số 27/NQ- TW ngày 09/11/2022 của Ban Chấp hành Trung ương đảng khóa XIII về tiếp tục;",
            "Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh thực hiện;",
        ],
    ),
    (
        "ref.unknown_issuer_code",
        "Hướng dẫn xây dựng kế hoạch công tác thông tin đối ngoại năm 2017 số 3737/BTTT-TTDN ngày 25/10/2016 của Bộ Thông tin và Truyền thông;",
        "3737/BTTT-TTDN",
        [
            "Hướng dẫn số 1310/HD-SNV ngày 16/5/2017 của Sở Nội vụ;",
            "Nghị quyết số 197/2025/QH15 của Quốc hội;",
            "Kế hoạch số 12/KH-SGDĐT ngày 02/3/2025 của Sở Giáo dục và Đào tạo;",
        ],
    ),
    (
        "ref.type_mismatch",
        "Quyết định số 21/CT-TTg ngày 6/8/2012 của Thủ tướng Chính phủ;",
        "21/CT-TTg",
        [
            "Chỉ thị số 21/CT-TTg ngày 6/8/2012 của Thủ tướng Chính phủ;",
            "Hướng dẫn xây dựng kế hoạch năm 2017 số 3737/BTTTT-TTDN ngày 25/10/2016 của Bộ Thông tin và Truyền thông;",
            "Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị;",
        ],
    ),
    (
        "ref.date_year_mismatch",
        "Nghị định số 80/2025/NĐ-CP ngày 01 tháng 4 năm 2024 của Chính phủ;",
        "80/2025/NĐ-CP",
        [
            "Nghị định số 80/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ;",
            "Quyết định số 1132/QĐ-TTg ngày 09/10/2024 của Thủ tướng Chính phủ;",
        ],
    ),
]


@pytest.mark.parametrize("code,trigger,symbol,near_misses", FINDINGS, ids=[f[0] for f in FINDINGS])
def test_findings(code, trigger, symbol, near_misses):
    found = [f for f in findings(trigger) if f.code == code]
    assert len(found) == 1
    f = found[0]
    assert symbol in f.message
    assert f.severity == "warning"
    assert f.ref_id == "ref:" + symbol.replace(" ", "")
    assert f.line == 1 and f.span is not None and symbol in trigger[f.span.start : f.span.end]
    for text in near_misses:
        assert codes(text) == [], text


def test_party_notice_of_conclusions_is_a_notice():
    (ref,) = refs("Thông báo Kết luận số 15-TB/TW ngày 3/4/2023 của Bộ Chính trị")
    check(ref, dict(doc_type="Thông báo", number_symbol="15-TB/TW"))
    assert findings("Thông báo Kết luận số 15-TB/TW ngày 3/4/2023 của Bộ Chính trị") == []


def test_two_symbols_before_one_date_share_it():
    got = refs("Nghị định số 131/2025/NĐ-CP và số 136/2025/NĐ-CP ngày 12/6/2025 của Chính phủ")
    assert [(r.number_symbol, r.doc_type, r.date) for r in got] == [
        ("131/2025/NĐ-CP", "Nghị định", "2025-06-12"),
        ("136/2025/NĐ-CP", "Nghị định", "2025-06-12"),
    ]


def test_constitution_needs_its_year():
    (ref,) = refs("Căn cứ Hiến pháp năm 2013; phù hợp với Hiến pháp, pháp luật.")
    check(ref, dict(id="ref:hien-phap-2013", doc_type="Hiến pháp", year=2013, title=None))


def test_unknown_issuer_code_suggests_the_nearest_known_code():
    (f,) = findings("Hướng dẫn số 3737/BTTT-TTDN ngày 25/10/2016 của Bộ Thông tin và Truyền thông;")
    assert f.suggestion == "BTTTT"


# --- spans, determinism, data -------------------------------------------------------------------

SAMPLE = "\n".join(
    [c[0] for c in NUMBERED + PARTY + STANDARDS]
    + [c[0] for c in LAWS]
    + [t for t, _ in ISSUER_LISTS]
    + NOT_REFERENCES
)


def test_every_mention_slices_back_to_its_text():
    got = refs(SAMPLE)
    assert len(got) > 40
    lines = SAMPLE.split("\n")
    for ref in got:
        for m in ref.mentions:
            assert SAMPLE[m.span.start : m.span.end] == m.text
            assert m.text in lines[m.line - 1]
            assert m.section_id is None


def test_mentions_do_not_overlap_except_an_amended_law_inside_its_amending_law():
    spans = sorted((m.span.start, m.span.end, r.id) for r in refs(SAMPLE) for m in r.mentions)
    for (s1, e1, id1), (s2, e2, id2) in zip(spans, spans[1:]):
        if s2 < e1:
            assert "sua-doi" in id1 and e2 <= e1, (id1, id2)


def test_output_is_deterministic_and_ordered_by_first_mention():
    first = extract_legal_refs(SAMPLE)
    second = extract_legal_refs(SAMPLE)
    assert [r.model_dump() for r in first[0]] == [r.model_dump() for r in second[0]]
    assert [f.model_dump() for f in first[1]] == [f.model_dump() for f in second[1]]
    starts = [r.mentions[0].span.start for r in first[0]]
    assert starts == sorted(starts)
    assert len({r.id for r in first[0]}) == len(first[0])


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (yaml.safe_load keeps the last silently)."""


def _construct_unique(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"duplicate keys: {duplicates}"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique)


def _load(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert yaml.safe_load(text) == yaml.load(text, Loader=_UniqueKeyLoader)
    return yaml.load(text, Loader=_UniqueKeyLoader)


def test_data_files_parse_and_every_entry_is_explained():
    types = _load("legal_types.yaml")
    words = {t["word"] for t in types["types"]}
    assert len(words) == len(types["types"])
    for entry in types["types"]:
        # a stray comma in a flow mapping silently adds a key: pin the shape of every entry
        assert set(entry) <= {"word", "codes", "family", "unnumbered", "example"}, entry
        assert entry.get("example") and entry["family"] in {"normative", "administrative", "party", "cong_van", "standard", "unnumbered"}
    for code, spec in types["codes"].items():
        assert set(spec) <= {"normative", "administrative", "party", "cong_van", "standard", "example"}, (code, spec)
        assert spec.get("example"), code
        for family, word in spec.items():
            if family != "example":
                assert word in words, (code, word)
    for entry in types["types"]:
        for code in entry["codes"]:
            assert code in types["codes"], (entry["word"], code)
    for title, note in types["laws"].items():
        assert isinstance(title, str) and isinstance(note, str) and note, title
    for short, spec in types["abbreviations"].items():
        assert spec.get("full") and spec.get("example"), short


def test_issuer_codes_map_to_one_name_each():
    issuers = _load("issuer_codes.yaml")["issuers"]
    names: dict[str, str] = {}
    for code, spec in issuers.items():
        assert set(spec) <= {"name", "aliases", "example", "party", "either_form"}, (code, spec)
        assert not (spec.get("party") and spec.get("either_form")), code
        assert isinstance(spec["name"], str) and spec["name"], code
        assert spec.get("example"), code
        assert spec["name"] not in names, f"{code} and {names.get(spec['name'])} both named {spec['name']}"
        names[spec["name"]] = code
    folded = [code.casefold() for code in issuers]
    assert len(folded) == len(set(folded))
    for code in ("CP", "TTg", "QH", "UBTVQH", "CTN", "BTTTT", "UBND", "HĐND", "TW", "TU", "SNV", "STC"):
        assert code in issuers


# =================================================================================================
# Issue 3: the full reference grammar. One table per family; each row is (phrase, symbol or id,
# expected fields). Phrases are written like the "Căn cứ" lines and bodies of published documents.
# =================================================================================================


def by_id(text: str, ref_id: str):
    found = [r for r in refs(text) if r.id == ref_id]
    assert found, f"{ref_id} not found in {[r.id for r in refs(text)]}"
    return found[0]


# --- normative documents (Luật Ban hành văn bản quy phạm pháp luật) ---------------------------

NORMATIVE = [
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;", "ref:hien-phap-2013",
     dict(doc_type="Hiến pháp", year=2013, is_basis=True, family="unnumbered")),
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "ref:hien-phap", dict(doc_type="Hiến pháp", year=None)),
    ("Căn cứ Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019;", "ref:45/2019/QH14",
     dict(doc_type="Bộ luật", title="Lao động", date="2019-11-20", issuer_code="QH", year=2019)),
    ("Pháp lệnh số 02/2022/UBTVQH15 ngày 12/7/2022 của Ủy ban Thường vụ Quốc hội về xử lý vi phạm;", "ref:02/2022/UBTVQH15",
     dict(doc_type="Pháp lệnh", date="2022-07-12", issuer="Ủy ban Thường vụ Quốc hội", issuer_code="UBTVQH")),
    ("Nghị quyết số 1211/2016/UBTVQH13 ngày 25/5/2016 của Ủy ban Thường vụ Quốc hội về tiêu chuẩn của đơn vị hành chính;",
     "ref:1211/2016/UBTVQH13", dict(doc_type="Nghị quyết", date="2016-05-25", title="tiêu chuẩn của đơn vị hành chính")),
    ("Lệnh số 05/2019/L-CTN ngày 03/12/2019 của Chủ tịch nước về việc công bố Luật;", "ref:05/2019/L-CTN",
     dict(doc_type="Lệnh", type_code="L", issuer_code="CTN", issuer="Chủ tịch nước", date="2019-12-03")),
    ("Quyết định số 1215/QĐ-CTN ngày 15/10/2024 của Chủ tịch nước về việc đặc xá;", "ref:1215/QĐ-CTN",
     dict(doc_type="Quyết định", issuer_code="CTN", title="đặc xá")),
    ("Căn cứ Quyết định số 18/2020/QĐ-TTg ngày 12/6/2020 của Thủ tướng Chính phủ;", "ref:18/2020/QĐ-TTg",
     dict(family="normative", year=2020, type_code="QĐ", issuer_code="TTg", is_basis=True)),
    ("Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ;", "ref:03/NQ-CP", dict(doc_type="Nghị quyết", issuer_code="CP", date="2025-01-09")),
    ("Căn cứ Nghị quyết số 30/2025/NQ-HĐND ngày 10/7/2025 của Hội đồng nhân dân tỉnh;", "ref:30/2025/NQ-HĐND",
     dict(issuer="Hội đồng nhân dân tỉnh", issuer_code="HĐND", family="normative")),
    ("Quyết định số 12/2025/QĐ-UBND ngày 10-01-2025 của UBND tỉnh;", "ref:12/2025/QĐ-UBND", dict(date="2025-01-10", issuer="UBND tỉnh")),
    ("Văn bản hợp nhất số 01/VBHN-VPQH ngày 15/7/2020 của Văn phòng Quốc hội;", "ref:01/VBHN-VPQH",
     dict(doc_type="Văn bản hợp nhất", type_code="VBHN", issuer_code="VPQH")),
    ("Thông tư liên tịch số 03/2016/TTLT-BTP-BNV ngày 7-9-2016 của Bộ Tư pháp và Bộ Nội vụ;", "ref:03/2016/TTLT-BTP-BNV",
     dict(issuer="Bộ Tư pháp và Bộ Nội vụ", date="2016-09-07")),
    ("Thông tư số 32/2020/TT-BGDĐT ngày 15 tháng 9 năm 2020 của Bộ Giáo dục và Đào tạo ban hành Điều lệ trường;", "ref:32/2020/TT-BGDĐT",
     dict(date="2020-09-15", issuer_code="BGDĐT", title="ban hành Điều lệ trường")),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19/02/2025;", "ref:64/2025/QH15",
     dict(doc_type="Luật", title="Ban hành văn bản quy phạm pháp luật", date="2025-02-19")),
    ("Nghị định số 80/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ về tổ chức thi hành văn bản quy phạm pháp luật;",
     "ref:80/2025/NĐ-CP", dict(title="tổ chức thi hành văn bản quy phạm pháp luật", date="2025-04-01")),
]

# --- administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục III) ---------------------------

ADMINISTRATIVE = [
    ("Thông báo số 120/TB-VPCP ngày 15/3/2025 của Văn phòng Chính phủ về kết luận của Thủ tướng;", "ref:120/TB-VPCP",
     dict(doc_type="Thông báo", issuer="Văn phòng Chính phủ", title="kết luận của Thủ tướng")),
    ("Chương trình số 08/CTr-UBND ngày 20/01/2025 của UBND tỉnh;", "ref:08/CTr-UBND", dict(doc_type="Chương trình", type_code="CTr")),
    ("Đề án số 03/ĐA-UBND ngày 05/02/2025 của UBND tỉnh về chuyển đổi số;", "ref:03/ĐA-UBND", dict(doc_type="Đề án", title="chuyển đổi số")),
    ("Báo cáo số 345/BC-UBND ngày 30/6/2025 của UBND tỉnh;", "ref:345/BC-UBND", dict(doc_type="Báo cáo", date="2025-06-30")),
    ("Tờ trình số 98/TTr-STC ngày 12/5/2025 của Sở Tài chính;", "ref:98/TTr-STC", dict(doc_type="Tờ trình", issuer_code="STC")),
    ("Công điện số 12/CĐ-TTg ngày 03/02/2025 của Thủ tướng Chính phủ về phòng, chống dịch;", "ref:12/CĐ-TTg",
     dict(doc_type="Công điện", title="phòng, chống dịch")),
    ("Giấy mời số 45/GM-UBND ngày 02/10/2025 của UBND tỉnh;", "ref:45/GM-UBND", dict(doc_type="Giấy mời")),
    ("Quy chế số 12/QC-UBND ngày 04/4/2024 của UBND tỉnh;", "ref:12/QC-UBND", dict(doc_type="Quy chế", date="2024-04-04")),
    ("Hướng dẫn số 1310/HD-SNV ngày 16/5/2017 của Sở Nội vụ “Khen thưởng công tác thông tin đối ngoại”;", "ref:1310/HD-SNV",
     dict(title="Khen thưởng công tác thông tin đối ngoại", issuer="Sở Nội vụ")),
    ("Quyết định số 05/QĐ-UBND ngày 02/01/2025 của UBND tỉnh về việc “Ban hành quy chế làm việc”;", "ref:05/QĐ-UBND",
     dict(title="Ban hành quy chế làm việc")),
    ("Quyết định số 12/QĐ-UBND do Ủy ban nhân dân tỉnh ban hành ngày 3/3/2025", "ref:12/QĐ-UBND", dict(issuer="Ủy ban nhân dân tỉnh")),
]

# --- party documents (Quy định 66-QĐ/TW) ----------------------------------------------------------

MORE_PARTY = [
    ("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập;", "ref:05-CT/TW",
     dict(doc_type="Chỉ thị", family="party", issuer_code="TW", date="2016-05-15")),
    ("Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức;", "ref:36-HD/VPTW",
     dict(doc_type="Hướng dẫn", issuer="Văn phòng Trung ương Đảng", issuer_code="VPTW")),
    ("Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng;", "ref:35-NQ/TW",
     dict(title="tăng cường bảo vệ nền tảng tư tưởng của Đảng", family="party")),
    ("Hướng dẫn số 120-HD/BTGTW ngày 10/01/2024 của Ban Tuyên giáo Trung ương;", "ref:120-HD/BTGTW", dict(issuer_code="BTGTW")),
    ("Nghị quyết số 12-NQ/ĐU ngày 02/3/2025 của Ban Chấp hành Đảng bộ;", "ref:12-NQ/ĐU", dict(issuer_code="ĐU", family="party")),
    ("Kế hoạch số 10-KH/HU ngày 11/4/2025 của Ban Thường vụ Huyện ủy;", "ref:10-KH/HU", dict(issuer="Ban Thường vụ Huyện ủy")),
    ("Thực hiện Kết luận số 16/KL-TW ngày 14/02/2012 của Bộ Chính trị;", "ref:16/KL-TW",
     dict(doc_type="Kết luận", family="party", type_code="KL", issuer_code="TW")),
]

# --- letters (công văn): number / issuer - drafting unit -----------------------------------------

CONG_VAN = [
    ("Công văn số 3737/BTTTT-TTĐN ngày 25/10/2016 của Bộ Thông tin và Truyền thông;", "ref:3737/BTTTT-TTĐN",
     dict(doc_type="Công văn", family="cong_van", type_code=None, issuer_code="BTTTT")),
    ("văn bản số 4567/VPCP-KGVX ngày 20/6/2025 của Văn phòng Chính phủ;", "ref:4567/VPCP-KGVX",
     dict(doc_type="Văn bản", family="cong_van", issuer_code="VPCP", date="2025-06-20")),
    ("Công văn số 120-CV/TU ngày 12/3/2025 của Tỉnh ủy;", "ref:120-CV/TU", dict(doc_type="Công văn", family="party", issuer="Tỉnh ủy")),
    ("theo đề nghị của Sở Tư pháp tại văn bản số 215/STP-VP ngày 05/3/2025", "ref:215/STP-VP",
     dict(family="cong_van", issuer_code="STP", date="2025-03-05")),
]


@pytest.mark.parametrize(
    "text,ref_id,expected", NORMATIVE + ADMINISTRATIVE + MORE_PARTY + CONG_VAN, ids=[c[1] for c in NORMATIVE + ADMINISTRATIVE + MORE_PARTY + CONG_VAN]
)
def test_reference_grammar(text, ref_id, expected):
    check(by_id(text, ref_id), expected)


# --- lists and amendment chains: (phrase, {id: (doc_type, date, issuer)}) -----------------------

LISTS = [
    ("thực hiện các Quyết định số 368/QĐ-TTg, 587/QĐ-TTg của Thủ tướng Chính phủ",
     {"ref:368/QĐ-TTg": ("Quyết định", None, "Thủ tướng Chính phủ"), "ref:587/QĐ-TTg": ("Quyết định", None, "Thủ tướng Chính phủ")}),
    ("Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP ngày 08/6/2010 về kiểm soát thủ tục hành chính; số 92/2017/NĐ-CP ngày 07/8/2017;",
     {"ref:63/2010/NĐ-CP": ("Nghị định", "2010-06-08", "Chính phủ"), "ref:92/2017/NĐ-CP": ("Nghị định", "2017-08-07", "Chính phủ")}),
    ("Nghị định số 15/2020/NĐ-CP và số 14/2022/NĐ-CP của Chính phủ",
     {"ref:15/2020/NĐ-CP": ("Nghị định", None, "Chính phủ"), "ref:14/2022/NĐ-CP": ("Nghị định", None, "Chính phủ")}),
    ("Thông tư số 22/2016/TT-BTTTT và Thông tư số 01/2021/TT-BTTTT của Bộ Thông tin và Truyền thông",
     {"ref:22/2016/TT-BTTTT": ("Thông tư", None, "Bộ Thông tin và Truyền thông"), "ref:01/2021/TT-BTTTT": ("Thông tư", None, "Bộ Thông tin và Truyền thông")}),
    # amendment chains: each document keeps its own date and issuer
    ("Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ được sửa đổi, bổ sung bởi Nghị định số 14/2022/NĐ-CP ngày 27/01/2022 của Chính phủ;",
     {"ref:15/2020/NĐ-CP": ("Nghị định", "2020-02-03", "Chính phủ"), "ref:14/2022/NĐ-CP": ("Nghị định", "2022-01-27", "Chính phủ")}),
    ("Nghị định số 14/2022/NĐ-CP ngày 27/01/2022 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP ngày 03/02/2020;",
     {"ref:14/2022/NĐ-CP": ("Nghị định", "2022-01-27", "Chính phủ"), "ref:15/2020/NĐ-CP": ("Nghị định", "2020-02-03", None)}),
    ("Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ (đã được sửa đổi, bổ sung tại Nghị định số 154/2020/NĐ-CP ngày 31/12/2020);",
     {"ref:34/2016/NĐ-CP": ("Nghị định", "2016-05-14", "Chính phủ"), "ref:154/2020/NĐ-CP": ("Nghị định", "2020-12-31", None)}),
]


@pytest.mark.parametrize("text,expected", LISTS, ids=[t[:40] for t, _ in LISTS])
def test_lists_and_amendment_chains(text, expected):
    assert {r.id: (r.doc_type, r.date, r.issuer) for r in refs(text)} == expected


# --- pinpoints, smallest part first: (phrase, id, pinpoints) ----------------------------------------

PINPOINTS = [
    ("theo quy định tại điểm a khoản 2 Điều 3 Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016", "ref:22/2016/TT-BTTTT", ["điểm a khoản 2 Điều 3"]),
    ("theo điểm a, điểm b khoản 2 Điều 3 Thông tư số 22/2016/TT-BTTTT", "ref:22/2016/TT-BTTTT",
     ["điểm a khoản 2 Điều 3", "điểm b khoản 2 Điều 3"]),
    ("tại Điều 3, 4 và 5 Thông tư số 22/2016/TT-BTTTT", "ref:22/2016/TT-BTTTT", ["Điều 3", "Điều 4", "Điều 5"]),
    ("quy định từ Điều 5 đến Điều 9 Nghị định số 30/2020/NĐ-CP", "ref:30/2020/NĐ-CP", ["Điều 5", "Điều 6", "Điều 7", "Điều 8", "Điều 9"]),
    ("theo khoản 1, khoản 3 Điều 79 của Luật Công chứng năm 2014", "ref:luat-cong-chung", ["khoản 1 Điều 79", "khoản 3 Điều 79"]),
    ("Khoản 1, 2 Điều 5 Nghị định số 30/2020/NĐ-CP quy định", "ref:30/2020/NĐ-CP", ["khoản 1 Điều 5", "khoản 2 Điều 5"]),
    ("khoản 2 Điều 3, Điều 4 Thông tư số 22/2016/TT-BTTTT", "ref:22/2016/TT-BTTTT", ["khoản 2 Điều 3", "Điều 4"]),
    ("thực hiện Chương II Nghị định số 72/2015/NĐ-CP ngày 7/9/2015", "ref:72/2015/NĐ-CP", ["Chương II"]),
    ("theo Mục 2 Chương III Luật Đất đai số 31/2024/QH15", "ref:31/2024/QH15", ["Mục 2 Chương III"]),
    ("theo Phụ lục I ban hành kèm theo Quyết định số 1229/QĐ-UBND ngày 28/02/2025 của UBND Thành phố", "ref:1229/QĐ-UBND", ["Phụ lục I"]),
    ("(chi tiết tại Phụ lục II Nghị quyết 214/NQ-CP)", "ref:214/NQ-CP", ["Phụ lục II"]),
    ("tại Điều 5a Nghị định số 30/2020/NĐ-CP", "ref:30/2020/NĐ-CP", ["Điều 5a"]),
    ("theo Điều 59 Luật Ban hành văn bản quy phạm pháp luật", "ref:luat-ban-hanh-van-ban-quy-pham-phap-luat", ["Điều 59"]),
]


@pytest.mark.parametrize("text,ref_id,pinpoints", PINPOINTS, ids=[t[:40] for t, _, _ in PINPOINTS])
def test_pinpoints(text, ref_id, pinpoints):
    check(by_id(text, ref_id), dict(pinpoints=pinpoints))


def test_a_pinpoint_does_not_reach_past_another_reference():
    got = {r.id: r.pinpoints for r in refs("theo quy định tại Điều 102 Luật Lâm nghiệp, Luật Đất đai")}
    assert got == {"ref:luat-lam-nghiep": ["Điều 102"], "ref:luat-dat-dai": []}


# --- short forms: (phrase, id, texts of its mentions with what they resolve to) -------------------

SHORT_FORMS = [
    ("Thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông. Các đơn vị quán triệt Chỉ thị số 26.",
     "ref:26/CT-BTTTT", [("Chỉ thị số 26/CT-BTTTT", None), ("Chỉ thị số 26", "ref:26/CT-BTTTT")]),
    ("Thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017; triển khai Chỉ thị 26/CT-BTTTT trong toàn ngành.",
     "ref:26/CT-BTTTT", [("Chỉ thị số 26/CT-BTTTT", None), ("Chỉ thị 26/CT-BTTTT", None)]),
    ("Nghị định số 72/2015/NĐ-CP ngày 7/9/2015 của Chính phủ; theo Nghị định 72, các cơ quan",
     "ref:72/2015/NĐ-CP", [("Nghị định số 72/2015/NĐ-CP", None), ("Nghị định 72", "ref:72/2015/NĐ-CP")]),
    ("Nghị định số 72/2015/NĐ-CP ngày 7/9/2015 của Chính phủ; theo Nghị định số 72/2015 nói về",
     "ref:72/2015/NĐ-CP", [("Nghị định số 72/2015/NĐ-CP", None), ("Nghị định số 72/2015", "ref:72/2015/NĐ-CP")]),
    ("Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016.\nCác sở thực hiện nghiêm Thông tư nói trên.",
     "ref:22/2016/TT-BTTTT", [("Thông tư số 22/2016/TT-BTTTT", None), ("Thông tư nói trên", "ref:22/2016/TT-BTTTT")]),
    ("Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư; áp dụng thống nhất Nghị định nêu trên.",
     "ref:30/2020/NĐ-CP", [("Nghị định số 30/2020/NĐ-CP", None), ("Nghị định nêu trên", "ref:30/2020/NĐ-CP")]),
    ("Quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; thực hiện Điều 3 Nghị quyết 57 và Nghị quyết trên.",
     "ref:57-NQ/TW", [("Nghị quyết số 57-NQ/TW", None), ("Nghị quyết 57", "ref:57-NQ/TW"), ("Nghị quyết trên", "ref:57-NQ/TW")]),
    # the anaphor looks first in its own line: two Thông tư before, one of them on this line
    ("Thông tư số 01/2021/TT-BTTTT của Bộ Thông tin và Truyền thông.\nThông tư số 22/2016/TT-BTTTT quy định; Thông tư nói trên hướng dẫn",
     "ref:22/2016/TT-BTTTT", [("Thông tư số 22/2016/TT-BTTTT", None), ("Thông tư nói trên", "ref:22/2016/TT-BTTTT")]),
    ("Luật Đất đai quy định về thu hồi đất; theo Luật nói trên, UBND tỉnh", "ref:luat-dat-dai",
     [("Luật Đất đai", None), ("Luật nói trên", "ref:luat-dat-dai")]),
]


@pytest.mark.parametrize("text,ref_id,mentions", SHORT_FORMS, ids=[m[-1][0] for _, _, m in SHORT_FORMS])
def test_short_forms_resolve_to_the_full_reference(text, ref_id, mentions):
    ref = by_id(text, ref_id)
    assert [(m.text, m.resolved_to) for m in ref.mentions] == mentions
    assert findings(text) == []


def test_short_form_pinpoint_joins_the_reference():
    text = "Quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; thực hiện Điều 3 Nghị quyết 57."
    assert by_id(text, "ref:57-NQ/TW").pinpoints == ["Điều 3"]


SELF_AND_NAMES = [
    # the document itself, not a reference and not a finding
    "Các cơ quan, đơn vị triển khai thực hiện Kế hoạch này; Quyết định này có hiệu lực kể từ ngày ký.",
    "Giao Sở Tư pháp theo dõi việc thực hiện Chỉ thị này và Nghị quyết này.",
    # names and counts, not short forms
    "gắn với triển khai Đề án 06 theo quy định; Kế hoạch 5 năm 2021-2025; Chương trình 135.",
    # "trên" as a preposition
    "triển khai Kế hoạch trên địa bàn tỉnh; Quyết định trên cơ sở đề xuất của Sở.",
]


@pytest.mark.parametrize("text", SELF_AND_NAMES, ids=[t[:40] for t in SELF_AND_NAMES])
def test_self_references_and_names_are_not_short_forms(text):
    assert extract_legal_refs(text) == ([], [])


def test_short_form_of_the_document_itself_is_silent():
    text = "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 141/KH-UBND | Bắc Ninh, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nTổ chức thực hiện Kế hoạch số 141."
    assert extract_legal_refs(text) == ([], [])


def test_short_forms_never_overlap_full_mentions():
    text = SHORT_FORMS[6][0] + "\n" + SHORT_FORMS[0][0]
    spans = sorted((m.span.start, m.span.end) for r in refs(text) for m in r.mentions)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    assert all(text[s:e] for s, e in spans)


# --- data: the new sections of legal_types.yaml --------------------------------------------------


def test_pinpoint_and_short_form_data_is_explained_and_every_example_parses():
    types = _load("legal_types.yaml")
    words = {t["word"] for t in types["types"]}
    for entry in types["pinpoints"]:
        assert set(entry) == {"word", "label", "example"} and entry["label"] in {"letter", "number", "article", "roman"}
    for entry in types["short_forms"]["numbered"]:
        assert set(entry) == {"word", "example"} and entry["word"] in words, entry
    for entry in types["short_forms"]["anaphora"]:
        assert set(entry) == {"words", "example"}
    assert types["short_forms"]["self"]["words"] == "này"
    assert types["short_forms"]["not_after_number"]["example"]
    # the programme names stay names
    assert not {"Đề án", "Chương trình", "Dự án"} & {e["word"] for e in types["short_forms"]["numbered"]}


# --- property: extraction never raises and every span slices back to its text ---------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

REAL = "\n".join([c[0] for c in NUMBERED[:8] + PARTY[:3]] + [t for t, _, _ in SHORT_FORMS[:4]] + [t for t, _, _ in PINPOINTS[:4]])
_PIECES = st.sampled_from(list("0123456789/-., ;:()“”\n") + list("aàáạảãâăđeêioôơuưyĐQCTHKNLVBSUWzxỦ") + ["số ", "ngày ", "Điều ", "của ", "nói trên", "Chỉ thị ", "từ "])


def _assert_spans(text: str) -> None:
    got, found = extract_legal_refs(text)
    for ref in got:
        for m in ref.mentions:
            assert text[m.span.start : m.span.end] == m.text
            assert 1 <= m.line <= text.count("\n") + 1
    for f in found:
        assert f.span is None or 0 <= f.span.start <= f.span.end <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    _assert_spans(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(REAL)), st.integers(0, 6), st.lists(_PIECES, max_size=6).map("".join)), max_size=8))
def test_real_text_with_random_edits_never_raises(edits):
    text = REAL
    for pos, cut, insert in edits:
        pos = min(pos, len(text))
        text = text[:pos] + insert + text[pos + cut :]
    _assert_spans(text)


# --- laws cited by date, amending laws, steering bodies, congress resolutions ---------------------
# (decisions and plans of 2025 from several provinces)

def test_a_law_cited_by_its_date_of_passing():
    text = ("Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;\n"
            "Căn cứ Luật Sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020;\n"
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022 và các văn bản hướng dẫn thi hành;\n")
    check(by_title(text, "Phòng, chống thiên tai"), dict(date="2013-06-19"))
    check(by_title(text, "Thi đua, khen thưởng"), dict(date="2022-06-15"))
    amending = by_title(text, "Sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều")
    check(amending, dict(date="2020-06-17"))
    # the laws it amends are part of its title, not references of their own
    assert not any(r.title == "Đê điều" for r in refs(text))


@pytest.mark.parametrize("text, symbol, issuer", [
    ("Thông báo số 30-TB/TGV ngày 13/6/2025 của Tổ giúp việc Ban chỉ đạo Trung ương về phát triển khoa học, công "
     "nghệ, đổi mới sáng tạo và chuyển đổi số thông báo kết luận cuộc họp;", "30-TB/TGV",
     "Tổ giúp việc Ban chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"),
    ("Kế hoạch số 01-KH/BCĐ ngày 28/06/2025 của Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, "
     "chuyển đổi số, cải cách hành chính và đề án 06 về Kế hoạch hành động triển khai thực hiện;", "01-KH/BCĐ",
     "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, cải cách hành chính và đề án 06"),
    ("Quyết định số 03-QĐ/BCĐ ngày 13/8/2025 của Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
     "chuyển đổi số tỉnh ban hành Chương trình công tác;", "03-QĐ/BCĐ",
     "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"),
    ("Kế hoạch số 02-KH/BCĐTW, ngày 19/6/2025 của Ban Chỉ đạo Trung ương, Ủy ban nhân dân tỉnh ban hành Kế hoạch",
     "02-KH/BCĐTW", "Ban Chỉ đạo Trung ương"),
])
def test_a_steering_body_is_named_up_to_what_it_issues(text, symbol, issuer):
    check(by_symbol(text, symbol), dict(issuer=issuer))


def test_symbols_with_an_ampersand():
    text = "hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN&BĐG ngày 03 tháng 10 năm 2025 về việc hướng dẫn triển khai"
    check(by_symbol(text, "8935/BNV-CTTN&BĐG"), dict(date="2025-10-03"))


def test_a_congress_resolution_is_one_reference_however_it_is_written():
    text = ("thắng lợi nhiệm vụ năm 2025 theo Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, các đề án;\n"
            "góp phần thực hiện thắng lợi Nghị quyết Đại hội lần thứ XIII của Đảng;\n"
            "Trên cơ sở Báo cáo chính trị và Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030, khẩn trương xây dựng\n")
    congress = [r for r in refs(text) if r.doc_type == "Nghị quyết"]
    assert [(r.title, len(r.mentions)) for r in congress] == [
        ("Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", 2),
        ("Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030", 1)]


def test_a_law_cited_by_number_and_later_by_title_is_one_reference():
    text = ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung một số điều bởi "
            "Luật số 87/2025/QH15;\nCăn cứ Nghị định số 78/2025/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn "
            "thi hành Luật Ban hành văn bản quy phạm pháp luật được sửa đổi;\n")
    laws = [r for r in refs(text) if r.doc_type == "Luật"]
    assert [(r.number_symbol, len(r.mentions)) for r in laws] == [("64/2025/QH15", 2), ("87/2025/QH15", 1)]


def test_a_programme_inside_another_document_title_is_no_citation():
    text = ("Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung cập nhật Chương trình hành động của "
            "Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;")
    assert sorted(r.number_symbol or r.title for r in refs(text)) == ["57-NQ/TW", "71/NQ-CP"]


@pytest.mark.parametrize("text, symbol", [
    ("nghiên cứu, sửa đổi, bổ sung Nghị quyết số 66.4/2025/NQ-CP ngày 10 tháng 9 năm 2025 của Chính phủ", "66.4/2025/NQ-CP"),
    ("Theo đề nghị của Sở Dân tộc và Tôn giáo tại Tờ trình số 33 /TTr- SDTTG ngày 14 tháng 11 năm 2025", "33 /TTr- SDTTG"),
])
def test_symbols_with_sub_numbers_and_stray_spaces(text, symbol):
    assert by_symbol(text, symbol)


def test_an_amending_law_of_several_laws_is_one_reference():
    text = ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức "
            "đối tác công tư và Luật Đấu thầu ngày 29 tháng 11 năm 2024;")
    [law] = refs(text)
    assert law.title.endswith("Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu")
    assert law.date == "2024-11-29"


def test_a_list_of_decisions_introduced_with_their_issuer_and_subject():
    text = ("Các Quyết định của Thủ tướng Chính phủ về phê duyệt quy hoạch thời kỳ 2021 - 2030, tầm nhìn đến năm 2050: "
            "Quyết định số 1629/QĐ-TTg ngày 16 tháng 12 năm 2023 phê duyệt Quy hoạch tỉnh Bà Rịa - Vũng Tàu; "
            "Quyết định số 790/QĐ-TTg ngày 03 tháng 8 năm 2024 phê duyệt Quy hoạch tỉnh Bình Dương;")
    for symbol in ("1629/QĐ-TTg", "790/QĐ-TTg"):
        check(by_symbol(text.replace("Các Quyết định", "các Quyết định"), symbol), dict(issuer="Thủ tướng Chính phủ"))

# --- a stated issuer on a symbol with no issuer code (regression: encyclopedia pages) ------------
# "320/1959/NĐ" carries a type code but no issuer code; the issuer check compared the stated issuer
# with the first of no codes and raised IndexError on two pages of a public archive.

NO_ISSUER_CODE = [
    "Thành lập Cục Hải quân (theo Nghị định số 320/1959/NĐ của Bộ Quốc phòng)",
    "Thành lập Cục Hải quân (theo Nghị định số 320/1959/NĐ của Bộ Quốc phòng); Theo Quyết định số 35/QĐ của Tổng Quân ủy năm 1959",
]


@pytest.mark.parametrize("text", NO_ISSUER_CODE)
def test_stated_issuer_on_a_symbol_without_issuer_code(text):
    ref = by_symbol(text, "320/1959/NĐ")
    check(ref, dict(doc_type="Nghị định", issuer="Bộ Quốc phòng", issuer_code=None, year=1959))
    assert "ref.issuer_mismatch" not in [code for code, _ in codes(text)]
