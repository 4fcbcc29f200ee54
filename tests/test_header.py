"""Header and footer: type, number, place and date, issuer, title, signer, recipients, draft mark."""
from __future__ import annotations

import pytest

from kehoach.pipeline.run import extract_plan

HANOI = (
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
    "Số: 308/KH-UBND | Hà Nội, ngày 17 tháng 11 năm 2025\n\nKẾ HOẠCH\n\n"
    "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 214/NQ-CP NGÀY 23/7/2025 CỦA CHÍNH PHỦ\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n"
    "Nơi nhận: - Bộ Công An; - Bộ Khoa học và Công nghệ; - Thường trực Thành ủy; - Lưu: VT, ĐMPT. | "
    "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trương Việt Dũng\n"
)
DRAFT = (
    " KẾ HOẠCH\n\nTriển khai thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông\n\n"
    "Ủy ban nhân dân tỉnh Ninh Thuận ban hành Kế hoạch triển khai theo các nội dung sau:\n\n"
    "A. TÌNH HÌNH THỰC HIỆN\n\n\tNơi nhận:\n\n- TT.Tỉnh ủy, TT.HĐND tỉnh;\n\n- Lưu: VT, KGVX.\n"
    "\tKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\n             Lê Văn Bình\n\n\nDỰ THẢO\n"
)
TCVN_DECOMPOSED = HANOI.replace("CỘNG HÒA", "CO\u0302\u0323NG HÒA").replace("ỦY BAN", "UỶ BAN")


@pytest.mark.parametrize("field,expected", [
    ("doc_type", "KẾ HOẠCH"),
    ("number_symbol", "308/KH-UBND"),
    ("place", "Hà Nội"),
    ("date", "2025-11-17"),
    ("issuer", "Ủy ban nhân dân thành phố Hà Nội"),
    ("signer", "Trương Việt Dũng"),
    ("signer_title", "PHÓ CHỦ TỊCH"),
    ("signing_authority", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"),
    ("is_draft", False),
])
def test_header_of_a_signed_plan(field, expected):
    assert getattr(extract_plan(HANOI, name="h.txt").document, field) == expected


def test_title_and_recipients():
    doc = extract_plan(HANOI, name="h.txt").document
    assert doc.title.startswith("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 214/NQ-CP")
    assert doc.recipients[:3] == ["Bộ Công An", "Bộ Khoa học và Công nghệ", "Thường trực Thành ủy"]


def test_draft_without_header_block_takes_issuer_from_the_body():
    doc = extract_plan(DRAFT, name="d.txt").document
    assert doc.is_draft is True
    assert doc.number_symbol is None and doc.date is None
    assert doc.issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert (doc.signer, doc.signer_title, doc.signing_authority) == ("Lê Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")


def test_decomposed_and_old_tone_marks_read_the_same():
    assert extract_plan(TCVN_DECOMPOSED, name="x.txt").document == extract_plan(HANOI, name="h.txt").document


def test_blank_number_is_null():
    text = HANOI.replace("Số: 308/KH-UBND", "Số: /KH-UBND").replace("ngày 17 tháng 11", "ngày tháng")
    doc = extract_plan(text, name="h.txt").document
    assert doc.number_symbol is None and doc.date is None


@pytest.mark.parametrize("printed, written", [
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("VĂN PHÒNG UBND TỈNH QUẢNG TRỊ", "Văn phòng UBND tỉnh Quảng Trị"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH", "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"),
])
def test_issuer_line_keeps_abbreviations_in_capitals(printed, written):
    from kehoach.extractors.header import issuer_full_name

    assert issuer_full_name(printed) == written
