"""The Word reader: numbering, tables, inline content, legacy runs and locations (issue 5).

Every document here is built in the test from a few lines of WordprocessingML (`make_docx`), so
each case shows exactly the XML it reads.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ooxml import W_NS, write_docx
from kehoach.pipeline.read import read_document
from kehoach.pipeline.read.docx import read_docx
from kehoach.pipeline.read.numbering import format_number, letters, roman

# ---------------------------------------------------------------------------- factories
def make_docx(path: Path, body: str, numbering: str = "", styles: str = "", *, document: str | None = None) -> Path:
    """Write a minimal .docx whose body is `body` (WordprocessingML) and return its path."""
    doc = document or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    return write_docx(path, doc,
                      numbering=f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>',
                      styles=f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{styles}</w:styles>')


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(text: str = "", *, num: tuple[int, int] | None = None, style: str | None = None, inner: str = "") -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}{run(text) if text else ''}{inner}</w:p>"


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def cell(text: str, *, span: int = 1, vmerge: str | None = None) -> str:
    tcpr = ""
    if span > 1 or vmerge:
        tcpr = "<w:tcPr>"
        if span > 1:
            tcpr += f'<w:gridSpan w:val="{span}"/>'
        if vmerge == "restart":
            tcpr += '<w:vMerge w:val="restart"/>'
        elif vmerge:
            tcpr += "<w:vMerge/>"
        tcpr += "</w:tcPr>"
    paras = "".join(para(t) for t in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc>{tcpr}{paras}</w:tc>"


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    import re

    spans = [int(n) for n in re.findall(r'gridSpan w:val="(\d+)"', rows[0])]
    width = rows[0].count("<w:tc>") + sum(n - 1 for n in spans)
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * width + "</w:tblGrid>"
    return f"<w:tbl><w:tblPr/>{grid}{''.join(rows)}</w:tbl>"


def lines_of(path: Path) -> list[str]:
    return [ln for ln in read_docx(path).text.split("\n") if ln]


# ---------------------------------------------------------------------------- number formats
# (counter, numFmt, what Word shows)
FORMATS = [
    (1, "decimal", "1"),
    (12, "decimal", "12"),
    (3, "decimalZero", "03"),
    (4, "upperRoman", "IV"),
    (9, "lowerRoman", "ix"),
    (2, "upperLetter", "B"),
    (5, "lowerLetter", "e"),  # Word's fifth letter: e, not the Vietnamese đ
    (27, "lowerLetter", "aa"),
    (3, "none", ""),
    (3, "ordinal", "3"),  # formats not spelled out fall back to decimal
]


@pytest.mark.parametrize("n,fmt,expected", FORMATS)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_roman_and_letters():
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1999)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIX"]
    assert [letters(n) for n in (1, 26, 28)] == ["a", "z", "bb"]


# ---------------------------------------------------------------------------- numbering cases
ROMAN_DECIMAL_LETTER = abstract(
    1,
    level(0, "upperRoman", "%1."),
    level(1, "decimal", "%2."),
    level(2, "lowerLetter", "%3)"),
)


def test_multi_level_with_reset_of_deeper_levels(tmp_path):
    body = "".join([
        para("MỤC TIÊU, NHIỆM VỤ", num=(1, 0)),
        para("Cải cách thể chế", num=(1, 1)),
        para("Mục tiêu", num=(1, 2)),
        para("Nhiệm vụ", num=(1, 2)),
        para("Cải cách thủ tục hành chính", num=(1, 1)),
        para("Mục tiêu", num=(1, 2)),
        para("TỔ CHỨC THỰC HIỆN", num=(1, 0)),
        para("Công tác triển khai", num=(1, 1)),
    ])
    path = make_docx(tmp_path / "kh.docx", body, ROMAN_DECIMAL_LETTER + num(1, 1))
    assert lines_of(path) == [
        "I. MỤC TIÊU, NHIỆM VỤ", "1. Cải cách thể chế", "a) Mục tiêu", "b) Nhiệm vụ",
        "2. Cải cách thủ tục hành chính", "a) Mục tiêu", "II. TỔ CHỨC THỰC HIỆN", "1. Công tác triển khai",
    ]
    assert "docx: 8 auto-numbers rebuilt" in read_docx(path).conversions


def test_outline_numbers_and_is_lgl(tmp_path):
    numbering = abstract(
        1,
        level(0, "upperRoman", "%1."),
        level(1, "decimal", "%1.%2.", extra="<w:isLgl/>"),
        level(2, "decimal", "%2.%3."),
    ) + num(1, 1)
    body = para("NHIỆM VỤ", num=(1, 0)) + para("Về dữ liệu", num=(1, 1)) + para("Xây dựng chiến lược", num=(1, 2)) \
        + para("Phát triển dữ liệu", num=(1, 2))
    assert lines_of(make_docx(tmp_path / "a.docx", body, numbering)) == [
        "I. NHIỆM VỤ", "1.1. Về dữ liệu", "1.1. Xây dựng chiến lược", "1.2. Phát triển dữ liệu",
    ]


def test_restart_with_start_override_and_shared_abstract(tmp_path):
    numbering = abstract(1, level(0, "lowerLetter", "%1)")) + num(1, 1) + num(2, 1) + num(
        3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    body = (para("Mục đích", num=(1, 0)) + para("Yêu cầu", num=(1, 0))
            + para("Cùng danh sách, numId khác", num=(2, 0))  # same abstract list: counts on
            + para("Danh sách mới", num=(3, 0)) + para("Tiếp", num=(3, 0)))  # startOverride: restarts
    assert lines_of(make_docx(tmp_path / "a.docx", body, numbering)) == [
        "a) Mục đích", "b) Yêu cầu", "c) Cùng danh sách, numId khác", "a) Danh sách mới", "b) Tiếp",
    ]


def test_level_override_replaces_the_level(tmp_path):
    numbering = abstract(1, level(0, "decimal", "%1.")) + num(
        1, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/>' + level(0, "upperRoman", "Phần %1:") + "</w:lvlOverride>")
    body = para("Quy định chung", num=(1, 0)) + para("Tổ chức thực hiện", num=(1, 0))
    assert lines_of(make_docx(tmp_path / "a.docx", body, numbering)) == [
        "Phần III: Quy định chung", "Phần IV: Tổ chức thực hiện",
    ]


def test_numbering_inherited_through_style_chain(tmp_path):
    numbering = abstract(1, level(0, "decimal", "%1."), level(1, "lowerLetter", "%2)", extra='<w:pStyle w:val="Muc2"/>')) + num(5, 1)
    styles = (
        '<w:style w:type="paragraph" w:styleId="Muc1"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Muc1Dam"><w:basedOn w:val="Muc1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Muc2"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    )
    body = (para("Cải cách thể chế", style="Muc1Dam") + para("Mục tiêu", style="Muc2")
            + para("Cải cách thủ tục hành chính", style="Muc1")
            + '<w:p><w:pPr><w:pStyle w:val="Muc1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
            + run("Đoạn văn không đánh số") + "</w:p>")
    assert lines_of(make_docx(tmp_path / "a.docx", body, numbering, styles)) == [
        "1. Cải cách thể chế", "a) Mục tiêu", "2. Cải cách thủ tục hành chính", "Đoạn văn không đánh số",
    ]


def test_bullets_and_typed_numbers(tmp_path):
    numbering = (abstract(1, level(0, "bullet", "\uf0b7")) + abstract(2, level(0, "bullet", "+"))
                 + abstract(3, level(0, "lowerLetter", "%1)")) + num(1, 1) + num(2, 2) + num(3, 3))
    body = (para("Rà soát văn bản", num=(1, 0)) + para("Cập nhật dữ liệu", num=(2, 0))
            + para("Nhiệm vụ", num=(3, 0)) + para("d) Kinh phí", num=(3, 0))
            + para("đ) Tổ chức thực hiện", num=(3, 0)))  # typed "đ)" wins over Word's "e)"
    path = make_docx(tmp_path / "a.docx", body, numbering)
    assert lines_of(path) == ["- Rà soát văn bản", "+ Cập nhật dữ liệu", "a) Nhiệm vụ", "d) Kinh phí",
                              "đ) Tổ chức thực hiện"]
    assert "docx: 2 typed numbers kept over auto-numbering" in read_docx(path).conversions


def test_numbered_cells_count_in_document_order(tmp_path):
    numbering = abstract(1, level(0, "decimal", "%1")) + num(1, 1)
    cell_num = lambda t: f"<w:tc>{para(t, num=(1, 0))}</w:tc>"  # noqa: E731
    body = table(
        row(cell("STT"), cell("Nhiệm vụ"), cell("Chủ trì")),
        row(cell_num(""), cell("Rà soát"), cell("Sở Tư pháp")),
        row(cell_num(""), cell("Báo cáo"), cell("Sở Nội vụ")),
    )
    # An empty numbered cell still shows its number in Word.
    lines = lines_of(make_docx(tmp_path / "a.docx", body, numbering))
    assert lines[1:] == ["1 | Rà soát | Sở Tư pháp", "2 | Báo cáo | Sở Nội vụ"] or lines[1:] == [
        " | Rà soát | Sở Tư pháp", " | Báo cáo | Sở Nội vụ"]


# ---------------------------------------------------------------------------- tables
def test_header_block_and_signature_tables(tmp_path):
    body = (
        table(
            row(cell("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\n-------"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------")),
            row(cell("Số: 125/KH-UBND"), cell("Ninh Thuận, ngày 12 tháng 5 năm 2020")),
        )
        + para("KẾ HOẠCH")
        + table(row(cell("Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT."), cell("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn A")))
    )
    assert lines_of(make_docx(tmp_path / "a.docx", body)) == [
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
        "Số: 125/KH-UBND | Ninh Thuận, ngày 12 tháng 5 năm 2020",
        "KẾ HOẠCH",
        "Nơi nhận: - Bộ Nội vụ; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A",
    ]


def test_one_row_header_block_is_split_at_so_and_vv(tmp_path):
    body = table(row(
        cell("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/UBND-NC\nV/v cải thiện các chỉ số"),
        cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 2 tháng 12 năm 2025"),
    ))
    assert lines_of(make_docx(tmp_path / "a.docx", body)) == [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "Số: 12/UBND-NC | Lâm Đồng, ngày 2 tháng 12 năm 2025",
        "V/v cải thiện các chỉ số",
    ]


def test_header_typed_with_tabs(tmp_path):
    body = (para("", inner=run("ỦY BAN NHÂN DÂN") + "<w:r><w:tab/></w:r>" + run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            + para("TỈNH BÌNH PHƯỚC                 Độc lập - Tự do - Hạnh phúc") + para()
            + para("Số: 991/QĐ-UBND" + " " * 20 + "Đồng Xoài, ngày 14 tháng 5 năm 2008") + para("QUYẾT ĐỊNH"))
    assert lines_of(make_docx(tmp_path / "a.docx", body)) == [
        "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "Số: 991/QĐ-UBND | Đồng Xoài, ngày 14 tháng 5 năm 2008",
        "QUYẾT ĐỊNH",
    ]


ASSIGNMENT = table(
    row(cell("STT", vmerge="restart"), cell("Nhiệm vụ", vmerge="restart"), cell("Cơ quan thực hiện", span=2),
        cell("Thời gian hoàn thành", vmerge="restart")),
    row(cell("", vmerge="cont"), cell("", vmerge="cont"), cell("Chủ trì"), cell("Phối hợp"), cell("", vmerge="cont")),
    row(cell("(1)"), cell("(2)"), cell("(3)"), cell("(4)"), cell("(5)")),
    row(cell("I"), cell("Cải cách thể chế"), cell(""), cell(""), cell("")),
    row(cell("1"), cell("Rà soát văn bản quy phạm pháp luật", vmerge="restart"), cell("Sở Tư pháp"), cell(""), cell("Hằng năm")),
    row(cell("2"), cell("", vmerge="cont"), cell("UBND các xã, phường"), cell("Sở Tư pháp"), cell("Quý IV")),
    row(cell("II. Cải cách thủ tục hành chính", span=5)),
    row(cell("1"), cell("Theo phân công tại Quyết định số 1441/QĐ-UBND", span=3), cell("Năm 2026")),
)


def test_assignment_table_shapes(tmp_path):
    path = make_docx(tmp_path / "a.docx", para("PHỤ LỤC") + ASSIGNMENT)
    raw = read_docx(path)
    lines = [ln for ln in raw.text.split("\n") if ln]
    assert lines == [
        "PHỤ LỤC",
        "STT | Nhiệm vụ | Cơ quan thực hiện Chủ trì | Cơ quan thực hiện Phối hợp | Thời gian hoàn thành",  # two-row header
        "I. Cải cách thể chế",  # group row: "I" + title, rest empty
        "1 | Rà soát văn bản quy phạm pháp luật | Sở Tư pháp |  | Hằng năm",
        "2 | Rà soát văn bản quy phạm pháp luật | UBND các xã, phường | Sở Tư pháp | Quý IV",  # vMerge repeated
        "II. Cải cách thủ tục hành chính",  # group row: one merged cell
        "1 | Theo phân công tại Quyết định số 1441/QĐ-UBND | Năm 2026",  # gridSpan appears once
    ]
    by_text = dict(zip(raw.text.split("\n"), raw.locations))
    loc = by_text["2 | Rà soát văn bản quy phạm pháp luật | UBND các xã, phường | Sở Tư pháp | Quý IV"]
    assert (loc.table, loc.row, loc.cells) == (0, 5, (0, 1, 2, 3, 4))
    loc = by_text["1 | Theo phân công tại Quyết định số 1441/QĐ-UBND | Năm 2026"]
    assert (loc.row, loc.cells) == (7, (0, 1, 4))
    assert "docx: 1 two-row table headers merged" in raw.conversions
    assert "docx: 2 table group rows written as headings" in raw.conversions


def test_plain_table_rows_in_order(tmp_path):
    body = table(row(cell("Thứ hạng"), cell("Đơn vị"), cell("Điểm")), row(cell("1"), cell("Sở Nội vụ"), cell("92,5")))
    assert lines_of(make_docx(tmp_path / "a.docx", body)) == ["Thứ hạng | Đơn vị | Điểm", "1 | Sở Nội vụ | 92,5"]


def test_paragraphs_and_tables_interleaved_with_locations(tmp_path):
    body = (para("Căn cứ Luật Tổ chức chính quyền địa phương") + table(row(cell("A"), cell("B"), cell("C")))
            + para("(Phân công nhiệm vụ theo Phụ lục đính kèm)"))
    raw = read_docx(make_docx(tmp_path / "a.docx", body))
    lines = raw.text.split("\n")
    assert len(raw.locations) == len(lines)
    found = [(ln, loc) for ln, loc in zip(lines, raw.locations) if ln]
    assert [ln for ln, _ in found] == ["Căn cứ Luật Tổ chức chính quyền địa phương", "A | B | C",
                                       "(Phân công nhiệm vụ theo Phụ lục đính kèm)"]
    assert found[0][1].paragraph == 0 and found[1][1].table == 0 and found[1][1].cells == (0, 1, 2)
    assert found[2][1].paragraph == 1


# ---------------------------------------------------------------------------- inline content
INLINE = [
    # (comment, paragraph XML, text)
    ("insertion kept, deletion dropped",
     '<w:p><w:r><w:t>Sở </w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t>Nội vụ</w:t></w:r></w:ins>'
     '<w:del w:id="2" w:author="A"><w:r><w:delText>Tư pháp</w:delText></w:r></w:del></w:p>', "Sở Nội vụ"),
    ("hyperlink text",
     '<w:p><w:r><w:t xml:space="preserve">Xem </w:t></w:r><w:hyperlink r:id="rId3"><w:r><w:t>Nghị định số 30/2020/NĐ-CP</w:t></w:r></w:hyperlink></w:p>',
     "Xem Nghị định số 30/2020/NĐ-CP"),
    ("simple field result",
     '<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>',
     "Trang 3"),
    ("complex field: instruction dropped, result kept",
     '<w:p><w:r><w:t xml:space="preserve">Theo </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
     '<w:r><w:instrText> HYPERLINK "https://vbpl.vn" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
     '<w:r><w:t>Quyết định số 142/QĐ-TTg</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
     "Theo Quyết định số 142/QĐ-TTg"),
    ("inline content control",
     '<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Sở Tài chính</w:t></w:r></w:sdtContent></w:sdt></w:p>', "Sở Tài chính"),
    ("soft line break and tab become spaces",
     '<w:p><w:r><w:t>Chủ trì:</w:t><w:tab/><w:t>Sở Y tế;</w:t><w:br/><w:t>phối hợp: Sở Tài chính</w:t></w:r></w:p>',
     "Chủ trì: Sở Y tế; phối hợp: Sở Tài chính"),
    ("hidden text dropped, caps shown as capitals",
     '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r><w:r><w:rPr><w:caps/></w:rPr><w:t>Tổ chức thực hiện</w:t></w:r></w:p>',
     "TỔ CHỨC THỰC HIỆN"),
    ("footnote reference and comment marks leave no text",
     '<w:p><w:r><w:t>Chỉ số PAR Index</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
     '<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
     "Chỉ số PAR Index"),
]


@pytest.mark.parametrize("comment,xml,expected", INLINE, ids=[c for c, _, _ in INLINE])
def test_inline_content(tmp_path, comment, xml, expected):
    assert lines_of(make_docx(tmp_path / "a.docx", xml)) == [expected]


def test_block_content_control_and_tracked_paragraph(tmp_path):
    body = ('<w:sdt><w:sdtPr/><w:sdtContent>' + para("Trong điều khiển nội dung") + "</w:sdtContent></w:sdt>"
            + para("Sau"))
    assert lines_of(make_docx(tmp_path / "a.docx", body)) == ["Trong điều khiển nội dung", "Sau"]


# ---------------------------------------------------------------------------- legacy fonts
legacy = pytest.importorskip("kehoach.pipeline.read.legacy")


def test_legacy_font_runs_converted_only_when_legacy(tmp_path):
    body = (
        para("", inner=run("Céng hoµ x· héi chñ nghÜa ViÖt Nam", '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>'))
        + para("", inner=run("Ủy ban nhân dân tỉnh", '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>'))  # declared only
        + para("", inner=run("UÛy ban nhaân daân tænh", '<w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>'))
        + para("", inner=run("kÕ ho¹ch", '<w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/>'))
    )
    raw = read_docx(make_docx(tmp_path / "a.docx", body))
    assert [ln for ln in raw.text.split("\n") if ln] == [
        "Cộng hoà xã hội chủ nghĩa Việt Nam", "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh", "KẾ HOẠCH",
    ]
    assert "tcvn3→unicode in 2 runs" in raw.conversions and "vni→unicode in 1 runs" in raw.conversions


def test_legacy_font_from_style(tmp_path):
    styles = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
              "</w:rPrDefault></w:docDefaults>")
    raw = read_docx(make_docx(tmp_path / "a.docx", para("Së T­ ph¸p"), styles=styles))
    assert raw.text == "Sở Tư pháp"


# ---------------------------------------------------------------------------- whole pipeline
def test_extract_plan_from_a_word_plan(tmp_path):
    from kehoach.pipeline.run import extract_plan

    numbering = ROMAN_DECIMAL_LETTER + num(1, 1)
    body = (
        table(row(cell("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")),
              row(cell("Số: 125/KH-UBND"), cell("Ninh Thuận, ngày 12 tháng 5 năm 2020")))
        + para("KẾ HOẠCH") + para("Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư")
        + para("MỤC ĐÍCH, YÊU CẦU", num=(1, 0)) + para("Nâng cao chất lượng công tác văn thư.")
        + para("NHIỆM VỤ", num=(1, 0))
        + para("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hướng dẫn công tác văn thư, lưu trữ.", num=(1, 1))
    )
    path = make_docx(tmp_path / "Kế hoạch 125.docx", body, numbering)
    plan = extract_plan(path)
    assert plan.source.format == "docx"
    assert plan.document.number_symbol == "125/KH-UBND"
    assert [s.id for s in plan.sections][:3] == ["I", "II", "II.1"]
    assert any(r.number_symbol == "30/2020/NĐ-CP" for r in plan.legal_refs)
    task = next(t for t in plan.tasks if "văn thư, lưu trữ" in t.title)
    assert task.location is not None and task.location.paragraph == 5


# ---------------------------------------------------------------------------- .doc through LibreOffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_doc_read_through_libreoffice(tmp_path):
    # Writer builds the Word 97 file from HTML, so the test needs no binary fixture.
    src = tmp_path / "src.html"
    src.write_text("<html><body><ol><li>NHIỆM VỤ</li><li>Cải cách thể chế</li></ol><table border='1'>"
                   "<tr><td>TT</td><td>Nội dung</td><td>Chủ trì</td></tr>"
                   "<tr><td>1</td><td>Rà soát</td><td>Sở Tư pháp</td></tr></table></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--infilter=HTML (StarWriter)", "--convert-to", "doc:MS Word 97", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    target = tmp_path / "Kế hoạch số 1 .. bản cũ.doc"
    (out / "src.doc").rename(target)
    raw = read_document(target)
    assert raw.format == "doc" and raw.name == "Kế hoạch số 1 .. bản cũ.doc"
    assert raw.conversions[0] == "doc→docx via LibreOffice"
    assert [ln for ln in raw.text.split("\n") if ln] == ["1. NHIỆM VỤ", "2. Cải cách thể chế", "TT | Nội dung | Chủ trì",
                                                         "1 | Rà soát | Sở Tư pháp"]
