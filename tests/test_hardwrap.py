"""Hard-wrapped text: pdftotext's output and text copied out of a PDF viewer, one printed line per
line, read back into the canonical layout (pipeline/read/hardwrap.py, on reflow.py's decisions).

Fixtures (tests/fixtures/hardwrap/*.pdftotext.txt) are pdftotext's output of real plans, as
LibreOffice prints them from Word files made of the published text: whole documents for the
three samples, whose published text is in samples/, and excerpts of others; whole, three saved
pages pasted into Word and printed in columns a few letters wide (`*-web-columns`). Tables hold
the real cases and what a reader finds in them.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, SAMPLES
from kehoach.pipeline.read import hardwrap, read_document, reflow
from kehoach.pipeline.read.hardwrap import looks_wrapped, unwrap
from kehoach.pipeline.read.text import begins_on, read_text_file
from kehoach.pipeline.run import extract_plan

WRAPPED = FIXTURES / "hardwrap"
WHOLE = sorted(WRAPPED.glob("*-[0-9][0-9][0-9][0-9]-*.pdftotext.txt"))  # the samples, whole
ALL_WRAPPED = sorted(WRAPPED.glob("*.pdftotext.txt"))


def lines_of(path: Path) -> list[str]:
    return re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8"))


def summary(plan) -> dict:
    """What a reader of the plan checks: header, outline, references, tasks with their units."""
    names = {u.id: u.name for u in plan.units}
    return {
        "header": (plan.document.doc_type, plan.document.issuer, plan.document.number_symbol,
                   plan.document.date, plan.document.signer, plan.document.is_draft),
        "sections": [(s.id, s.heading[:40]) for s in plan.sections],
        "refs": sorted(r.number_symbol or r.title or "" for r in plan.legal_refs),
        "tasks": [(t.text[:40], tuple(sorted(names[i] for i in t.lead_units)),
                   tuple(sorted(names[i] for i in t.support_units))) for t in plan.tasks if t.found_by != "table"],
    }


# --- the samples as pdftotext gives them read like the published text --------------------------
# (sample, tasks allowed to differ, why). Tasks read from an assignment table ("table") are
# compared on their own below: pdftotext writes a table's cells out of their rows.
SAMPLES_AS_PDFTOTEXT = [
    ("quangtri-06-ct-ubnd-2025-lan-chiem-rung", 0, ""),
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", 0, ""),
    # pdftotext drops the first-line indent, the only sign that "… trên địa bàn tỉnh." (a full
    # line) / "Chủ trì, phối hợp …" are two paragraphs: two tasks run together. ("Đơn vị chủ trì:"
    # after a full line starts its own: a field label opens its line.)
    ("ninh-thuan-2017-ttdn", 2, "first-line indents lost"),
]


@pytest.mark.parametrize("stem,tolerance,why", SAMPLES_AS_PDFTOTEXT, ids=[s[0] for s in SAMPLES_AS_PDFTOTEXT])
def test_pdftotext_of_a_sample_reads_like_its_text(stem: str, tolerance: int, why: str):
    plain = summary(extract_plan(SAMPLES / f"{stem}.txt"))
    wrapped_plan = extract_plan(WRAPPED / f"{stem}.pdftotext.txt")
    wrapped = summary(wrapped_plan)
    assert "hard-wrap→paragraphs" in wrapped_plan.source.conversions
    assert wrapped["header"] == plain["header"]
    assert wrapped["sections"] == plain["sections"]
    assert wrapped["refs"] == plain["refs"]
    missing = [t for t in plain["tasks"] if t not in wrapped["tasks"]]
    extra = [t for t in wrapped["tasks"] if t not in plain["tasks"]]
    assert len(missing) <= tolerance and len(extra) <= tolerance, (why, missing, extra)


@pytest.fixture(scope="module")
def tools() -> tuple[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("printing and copying a PDF needs LibreOffice and poppler-utils "
                    "(apt-get install libreoffice-writer-nogui poppler-utils)")
    return soffice, pdftotext


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_pdftotext_of_the_printed_sample_reads_like_the_text(sample: Path, tmp_path: Path, tools):
    """The same check on pdftotext's output of the PDF LibreOffice prints today (fidelity's .docx:
    typed numbers, a borderless header table)."""
    from test_fidelity import build_docx

    soffice, pdftotext = tools
    docx = build_docx(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.docx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    text = tmp_path / f"{sample.stem}.txt"
    subprocess.run([pdftotext, "-enc", "UTF-8", str(tmp_path / f"{sample.stem}.pdf"), str(text)], check=True, timeout=60)
    plain, wrapped = summary(extract_plan(sample)), summary(extract_plan(text))
    assert wrapped["header"] == plain["header"]
    assert wrapped["refs"] == plain["refs"]
    assert [s[0] for s in wrapped["sections"]] == [s[0] for s in plain["sections"]]
    same = sum(1 for t in plain["tasks"] if t in wrapped["tasks"])
    # As for a PDF: a paragraph end that only a first-line indent showed may be missed, not more.
    assert len(wrapped["tasks"]) >= len(plain["tasks"]) - 1 and same >= len(plain["tasks"]) - 1


# --- the header block, its columns interleaved ----------------------------------------------------
# (fixture, doc_type, issuer, number, date): the header as the document prints it.
HEADERS = [
    # "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" / "------Số: 0204/KH-UBND" / "KẾ HOẠCH" / "" / "CỘNG HÒA …" /
    # "VIỆT NAM Độc lập - Tự do - Hạnh" / "phúc ------Cà Mau, ngày 24 tháng 11 năm" / "2025"
    ("camau-0204-kh-ubnd-2025-head", "KẾ HOẠCH", "Ủy ban nhân dân tỉnh Cà Mau", "0204/KH-UBND", "2025-11-24"),
    # the issuer wrapped inside its column: "ỦY BAN NHÂN DÂN TỈNH NGHỆ" / "AN ------Số: 982/KH-UBND"
    ("nghean-982-kh-ubnd-2025-head", "KẾ HOẠCH", "Ủy ban nhân dân tỉnh Nghệ An", "982/KH-UBND", "2025-11-19"),
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "KẾ HOẠCH", "Ủy ban nhân dân thành phố Hà Nội", "310/KH-UBND", "2025-11-24"),
    ("quangtri-06-ct-ubnd-2025-lan-chiem-rung", "CHỈ THỊ", "Ủy ban nhân dân tỉnh Quảng Trị", "06/CT-UBND", "2025-11-25"),
]


@pytest.mark.parametrize("stem,doc_type,issuer,number,date", HEADERS, ids=[h[0] for h in HEADERS])
def test_the_header_block_is_read_again(stem, doc_type, issuer, number, date):
    raw = read_document(WRAPPED / f"{stem}.pdftotext.txt")
    first, second = raw.text.split("\n")[:2]
    # The canonical rows: "ISSUER | CỘNG HÒA …", "Số: … | Place, ngày …".
    assert first.endswith("| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    assert second.startswith(f"Số: {number} | ")
    document = extract_plan(WRAPPED / f"{stem}.pdftotext.txt").document
    assert (document.doc_type, document.issuer, document.number_symbol, document.date) == (doc_type, issuer, number, date)


# Text copied out of a PDF viewer interleaves the two columns row by row (pdftotext's output of
# the plan tests/test_read_pdf.py draws), or keeps one column per block.
HEADER_TEXTS = [
    ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
     "Số: 12/KH-UBND\n\nLâm Đồng, ngày 12 tháng 5 năm 2026\n\nKẾ HOẠCH",
     # the document type is printed below the block here: a line of the body, not a part
     "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 12/KH-UBND", "Lâm Đồng, ngày 12 tháng 5 năm 2026", ""),
    ("THỦ TƯỚNG CHÍNH PHỦ -------Số: 44/2025/QĐ-TTg\nQUYẾT ĐỊNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
     "VIỆT NAM Độc lập - Tự do - Hạnh\nphúc --------------Hà Nội, ngày 01 tháng 12 năm 2025",
     "THỦ TƯỚNG CHÍNH PHỦ", "Số: 44/2025/QĐ-TTg", "Hà Nội, ngày 01 tháng 12 năm 2025", "QUYẾT ĐỊNH"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ\nHỒ CHÍ MINH -------Số: 174/KH-UBND\nKẾ HOẠCH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
     "VIỆT NAM Độc lập - Tự do - Hạnh\nphúc --------------Thành phố Hồ Chí Minh, ngày 18\ntháng 11 năm 2025",
     "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Số: 174/KH-UBND", "Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025",
     "KẾ HOẠCH"),
]


@pytest.mark.parametrize("text,issuer,number,place_date,doc_type", HEADER_TEXTS, ids=lambda v: str(v)[:20])
def test_header_parts_from_interleaved_columns(text, issuer, number, place_date, doc_type):
    parts = reflow.header_parts(text)
    assert parts is not None
    assert (parts.issuer, parts.number, parts.place_date, parts.doc_type) == (issuer, number, place_date, doc_type)
    assert [row for _, row in reflow.header_rows(parts)] == [
        f"{issuer} | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", f"{number} | {place_date}"]


# Not a header block: running text that holds a date, a motto without number or date.
NOT_HEADERS = [
    "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc sắp xếp đơn vị hành chính;",
    "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ\nnghĩa Việt Nam khóa XV thông qua.",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTriển khai thực hiện Chương trình năm 2026",
]


@pytest.mark.parametrize("text", NOT_HEADERS, ids=lambda v: v[:20])
def test_running_text_is_no_header(text):
    assert reflow.header_parts(text) is None


# --- paragraphs --------------------------------------------------------------------------------
# (fixture, a paragraph the rebuilt text must hold, whole, on one line)
PARAGRAPHS = [
    # Word's numbering copied out: the label alone, a blank line, the heading text.
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "1. Mục đích"),
    # the hyphen pdftotext drops at a line end, back in the symbol and in the years
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "Quyết định số 1132/QĐ-TTg ngày 09/10/2024 của Thủ tướng Chính phủ về việc phê duyệt"),
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "phát triển hạ tầng số thời kỳ 2025-2030; Kế hoạch số 139/KH-UBND"),
    # a paragraph that runs over a page break (a form feed and a blank line between)
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "xây dựng thành phố Hà Nội thông minh đến năm 2025, định hướng đến năm 2030."),
    ("quangtri-06-ct-ubnd-2025-lan-chiem-rung", "Phương án số 728/PA-UBND ngày 28/02/2025 của UBND tỉnh"),
    ("quangtri-06-ct-ubnd-2025-lan-chiem-rung", "5. Các chủ rừng là tổ chức (các Ban quản lý rừng đặc dụng, rừng phòng hộ, "
                                                "các Công ty nông, lâm nghiệp…)"),
    # labels typed as "A." and "b." with their heading on the next line
    ("ninh-thuan-2017-ttdn", "A. TÌNH HÌNH THỰC HIỆN CÔNG TÁC THÔNG TIN ĐỐI NGOẠI TRÊN ĐỊA BÀN TỈNH TRONG THỜI GIAN QUA"),
    ("ninh-thuan-2017-ttdn", "b. Các khó khăn, vướng mắc khi triển khai thực hiện các nhiệm vụ về công tác thông tin"),
    # the signature block, wrapped in its narrow column, is one line
    ("hcm-2853-qd-ubnd-2025-signature", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Bùi Minh Thạnh"),
    # the label's column first: "4." / "thể" (the heading's last word, wrapped under the label) /
    # "" / "Đề nghị … và các Đoàn" (its first line, set after the label's tab)
    ("cantho-159-kh-ubnd-2025-label", "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các Đoàn thể"),
]


@pytest.mark.parametrize("stem,paragraph", PARAGRAPHS, ids=[f"{p[0][:12]}:{p[1][:24]}" for p in PARAGRAPHS])
def test_paragraphs_are_rebuilt(stem: str, paragraph: str):
    lines = unwrap((WRAPPED / f"{stem}.pdftotext.txt").read_text(encoding="utf-8")).text.split("\n")
    starts = [line for line in lines if line.startswith(paragraph[:20])]
    assert any(paragraph in line for line in lines), starts


def test_the_signature_goes_back_under_the_recipients():
    """pdftotext gives the left column first: "Nơi nhận …", then the "KẾ HOẠCH" a Quyết định
    issues, then the signature that stands beside the recipients."""
    lines = unwrap((WRAPPED / "hcm-2853-qd-ubnd-2025-signature.pdftotext.txt").read_text(encoding="utf-8")).text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    assert lines[at + 1].startswith("TM. ỦY BAN NHÂN DÂN") and lines[at + 2] == "KẾ HOẠCH"


def table_tasks(plan) -> list[tuple]:
    names = {u.id: u.name for u in plan.units}
    return [(t.text[:40], tuple(names[i] for i in t.lead_units), tuple(names[i] for i in t.support_units))
            for t in plan.tasks if t.found_by == "table"]


def test_an_assignment_table_is_rebuilt_row_by_row():
    """pdftotext writes the appendix table's numbers ("TT" / "1", "2", "3"), then its duty column
    as one block, then the short cells row after row, and a row cut by the page break goes on at
    the top of the next page: the rows come back, each duty with its units."""
    stem = "hanoi-310-kh-ubnd-2025-ha-tang-5g"
    plain = table_tasks(extract_plan(SAMPLES / f"{stem}.txt"))
    wrapped = table_tasks(extract_plan(WRAPPED / f"{stem}.pdftotext.txt"))
    assert len(plain) == 6 and [t[:2] for t in wrapped] == [t[:2] for t in plain]
    # Row 3 is cut after one line; the rest of its lead ("các khu công nghệ cao …") and of its
    # time ("xuyên") come first on the next page. Nothing tells which short cells were cut: the
    # rest go to the leftmost, and "xuyên" lands beside "Sở Tài chính".
    assert sum(a != b for a, b in zip(wrapped, plain)) <= 1


# Rows of an appendix table (the last pages of a plan as pdftotext gives them) as the published
# text writes them: the header, a part's title, rows cut by a page break in the middle of their
# duty (row 1 runs on to "… của tỉnh." atop the next page) and of their short cells (row II.2:
# "Sở Khoa học / và Công" / "nghệ", "Sở, ban, / ngành có liên" / "quan"). Row 2's number stands
# atop a page, where a page number would, and so does row 3's on the next: they are no page
# numbers, since the other pages do not follow them.
TABLE_ROWS = [
    "STT | NHIỆM VỤ VÀ GIẢI PHÁP | CHỦ TRÌ | PHỐI HỢP | THỜI GIAN",
    "II | HỖ TRỢ VÀ PHÁT TRIỂN CÔNG NGHỆ",
    "1 | Rà soát, kịp thời cụ thể hoá các cơ chế, chính sách khuyến khích xã hội hóa, thu hút đầu tư (PPP, FDI, "
    "ODA) hỗ trợ đổi mới công nghệ phù hợp với điều kiện kinh tế xã hội của tỉnh. | Sở Tài chính | Sở, ban, ngành "
    "có liên quan | Thường xuyên",
    "2 | Đề xuất giải pháp cải thiện môi trường đầu tư, kinh doanh; ưu tiên thu hút dự án ứng dụng công nghệ cao. "
    "| Sở Tài chính | Sở Công Thương; Ban Quản lý khu Kinh tế tỉnh Đồng Tháp | 2026",
    "2 | Phát triển hệ sinh thái đổi mới sáng tạo, phối hợp triển khai vận hành hoạt động ứng dụng, chuyển giao "
    "công nghệ. | Sở Khoa học và Công nghệ | Sở, ban, ngành có liên quan | 2025 - 2035",
]


@pytest.mark.parametrize("row", TABLE_ROWS, ids=[r[:24] for r in TABLE_ROWS])
def test_table_rows_cut_by_page_breaks_come_back_whole(row: str):
    text = (WRAPPED / "dongthap-552-kh-ubnd-2025-table.pdftotext.txt").read_text(encoding="utf-8")
    assert row in unwrap(text).text.split("\n")


# Rows of an appendix table whose seven columns are each a few words wide (the plan's 2820/QĐ-UBND
# of Hồ Chí Minh City), as pdftotext gives them: the source of funds is one cell merged over the
# rows of a part, a row's cells may be empty, a row number may be glued under the last line of a
# cell without a number ("… sau sự cố." / "2"). The time cell ("Quý IV/2025", "Hằng năm.") finds a
# row's lead and support; a duty cut by a page break ends at its first sentence end ("… đặc khu."
# / "Tham mưu …"); a capitalised word at a line's end is a name going on ("Luật" / "Quy hoạch").
NARROW_ROWS = [
    "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian dự kiến hoàn thành | Kết quả dự kiến | "
    "Nguồn kinh phí",
    "1 | Phối hợp rà soát, sửa đổi Luật Quy hoạch và xây dựng các văn bản quy phạm pháp luật có liên quan để tạo "
    "hành lang pháp lý cho hoạt động của Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch. | Sở Tài chính "
    "| Các sở, ngành, UBND xã, phường, đặc khu | Quý IV/2025",
    "4 | Tham gia rà soát, đơn giản hóa các thủ tục hành chính liên quan đến quy hoạch dựa trên việc khai thác, tái sử "
    "dụng dữ liệu của Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch. | Các sở, ngành, UBND xã, phường, "
    "đặc khu | Sở Tài chính | Quý II/2027",
    "III | Xây dựng cơ sở dữ liệu quốc gia về quy hoạch",
    "3 | Tham mưu UBND Thành phố Báo cáo Bộ Tài chính tình hình thực hiện Đề án. | Sở Tài chính | Các sở, ngành, "
    "UBND xã, phường, đặc khu | Hằng năm.",
]


def _narrow_table() -> list[str]:
    text = (WRAPPED / "hcm-2820-qd-ubnd-2025-table.pdftotext.txt").read_text(encoding="utf-8")
    return unwrap(text).text.split("\n")


@pytest.mark.parametrize("row", NARROW_ROWS, ids=[r[:24] for r in NARROW_ROWS])
def test_a_table_of_narrow_columns_is_rebuilt_from_its_time_cells(row: str):
    assert row in _narrow_table()


# The rest of a row cut by a page break goes on from the cell whose words it completes, not the
# leftmost open one: "có liên quan" qualifies a list of bodies ("Viện, Trường; Sở, ban, ngành"), not
# the name beside it ("Sở Nông nghiệp và Môi trường"); "xuyên" makes "Thường xuyên" a time.
CUT_ROWS = [
    ("dongthap-552-kh-ubnd-2025-table", "1 | Triển khai công nghệ cao trong trồng trọt, thủy sản, chăn nuôi; phát triển "
     "nông nghiệp thông minh, tuần hoàn, thích ứng biến đổi khí hậu. | Sở Nông nghiệp và Môi trường | Viện, Trường; Sở, "
     "ban, ngành có liên quan | 2025 - 2035"),
    ("hanoi-310-kh-ubnd-2025-ha-tang-5g", "3 | Xây dựng kế hoạch đầu tư công, hợp tác công tư, dự toán kinh phí ngân sách "
     "nhà nước đảm bảo thực hiện các mục tiêu, nhiệm vụ của Kế hoạch này trong phạm vi quản lý theo quy định của pháp "
     "luật | Ban Quản lý các khu công nghệ cao và khu công nghiệp | Sở Tài chính | Thường xuyên"),
]


@pytest.mark.parametrize("stem, row", CUT_ROWS, ids=[r[0] for r in CUT_ROWS])
def test_the_rest_of_a_cut_row_goes_on_from_the_cell_it_completes(stem: str, row: str):
    text = (WRAPPED / f"{stem}.pdftotext.txt").read_text(encoding="utf-8")
    assert row in unwrap(text).text.split("\n")


def test_rows_of_a_narrow_table_start_with_their_duty():
    """The rows whose time cell was found each lead with a body; a row starting on a page whose
    number pdftotext lost ("… an ninh mạng. 3 Học tập …" inside a cell) is left out, not guessed."""
    lines = _narrow_table()
    rows = [line.split(" | ") for line in lines[lines.index(NARROW_ROWS[0]):]]
    assert len(rows) >= 25
    led = [r for r in rows if len(r) > 3]
    assert len(led) >= 20 and all(r[2] for r in led)
    assert not any(r[1].startswith("Học tập") for r in rows)


def test_the_margin_is_the_printed_lines_not_a_table_column():
    """In an appendix the table's narrow lines outnumber the prose; the right margin is still
    where the prose's full lines end (about 31 ems of Times New Roman 14 on A4), not a column's."""
    text = (WRAPPED / "dongthap-552-kh-ubnd-2025-table.pdftotext.txt").read_text(encoding="utf-8")
    lines = [line for page in hardwrap._pages(hardwrap._BREAK.split(text)) for line in page if line[2]]
    measured = hardwrap._measure(lines)
    assert sum(line.x1 < 10 for line in measured) > len(measured) / 2
    assert 28 < hardwrap._frame(measured).right < 34


# (fixture, the signature as the document prints it): the "Nơi nhận" list and the signature beside
# it, whose lines pdftotext interleaved by height ("Nơi nhận: - Văn phòng Chính phủ" / "TM. ỦY BAN
# NHÂN DÂN CHỦ" / "(để báo cáo); - Bộ Công an (để báo" / "TỊCH Trương Cảnh Tuyên" / …), also over
# a page break ("… Đào" at the foot of a page, "Mỹ" after the rest of the list on the next).
SIGNATURES = [
    ("cantho-153-kh-ubnd-2025-signature", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trương Cảnh Tuyên"),
    ("daklak-0124-kh-ubnd-2025-signature", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào Mỹ"),
]


@pytest.mark.parametrize("stem,signature", SIGNATURES, ids=[s[0] for s in SIGNATURES])
def test_a_signature_interleaved_with_the_recipients_is_taken_apart(stem: str, signature: str):
    lines = unwrap((WRAPPED / f"{stem}.pdftotext.txt").read_text(encoding="utf-8")).text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    assert lines[at + 1] == signature
    recipients = lines[at]
    assert recipients.endswith(("Lưu: VT, M.", "Lưu: VT, NV (V-10b).")) and "TỊCH" not in recipients


def test_a_table_whose_rows_are_lost_stays_on_one_line():
    """pdftotext writes the appendix table's cells column by column; they are kept together on one
    line rather than read as dozens of one-word action items."""
    path = WRAPPED / "thanhhoa-235-kh-ubnd-2025-table.pdftotext.txt"
    lines = unwrap(path.read_text(encoding="utf-8")).text.split("\n")
    appendix = lines[next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC")):]
    table = [line for line in appendix if " | " in line]
    assert len(table) == 1 and table[0].count(" | ") >= 5 and "Cửa sông lạch Càn" in table[0]
    assert len(appendix) <= 7  # title lines, the table's first cells and the table
    plan = extract_plan(path)
    assert all(not (t.section_id or "").startswith("PL") for t in plan.tasks)


# Lines where pdftotext glued on the next printed line after dropping the hyphen that ended it
# (wider than a printed line), and the word as it was printed.
GLUED = [
    ("nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Quyết định số 1132/QĐTTg ngày 09/10/2024 của "
     "Thủ tướng Chính phủ phê duyệt Chiến lược hạ", "1132/QĐ-TTg"),
    ("và Công nghệ về việc ban hành Kế hoạch phát triển hạ tầng số thời kỳ 20252030; Kế hoạch số 139/KH-UBND "
     "ngày 16/5/2025 của UBND Thành phố về", "2025-2030;"),
    ("71/NQ-CP ngày 01/4/2025 của Chính phủ và Chương trình hành động số 10CTr/TU ngày 13/8/2025 của Ban Thường "
     "vụ Tỉnh ủy về thực hiện Nghị quyết", "10-CTr/TU"),
    ("Tỉnh ủy; Chỉ thị số 03/CT-UBND ngày 19/3/2019, Phương án số 728/PAUBND ngày 28/02/2025 của UBND tỉnh, và "
     "để nâng cao hiệu quả công tác", "728/PA-UBND"),
    ("cơ sở dữ liệu quốc gia về thủy sản theo quy định tại Thông tư số 24/2018/TTBNNPTNT ngày 15/11/2018 của Bộ "
     "trưởng Bộ Nông nghiệp", "24/2018/TT-BNNPTNT"),
    ("Quốc hội khoá XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 2031; mở các chuyên trang, chuyên "
     "mục, tin bài", "2026 - 2031;"),
]
RIGHT = 30.8  # ems: the full printed line of these documents (Times New Roman 14 on A4)


@pytest.mark.parametrize("line,word", GLUED, ids=[g[1] for g in GLUED])
def test_the_dropped_hyphen_is_put_back(line: str, word: str):
    assert word in hardwrap._restore_hyphen(line, RIGHT)


@pytest.mark.parametrize("word", ["1132/QĐ-TTg", "5G/IoT", "KH-UBND", "15/2025/NĐ-CP", "12/UBND-KT", "2021-2025"])
def test_symbols_that_kept_their_hyphen_are_left_alone(word: str):
    assert hardwrap._restore_symbol(word) == word


# --- where each line came from -----------------------------------------------------------------
@pytest.mark.parametrize("path", ALL_WRAPPED, ids=lambda p: p.stem)
def test_every_line_knows_the_file_line_it_starts_on(path: Path):
    raw = read_text_file(path)
    file_lines = [line.replace("\x0c", "") for line in lines_of(path)]
    out = raw.text.split("\n")
    assert "hard-wrap→paragraphs" in raw.conversions
    assert len(raw.locations) == len(out)
    for text, location in zip(out, raw.locations):
        assert location.line is not None and 1 <= location.line <= len(file_lines)
        # The line's first word is printed on that file line (a header row starts with its issuer
        # or with "Số:", which share a printed line), or begins there: a column a few letters wide
        # cuts it ("QU" / "YẾT ĐỊN" / "H").
        first = text.split(" ", 1)[0]
        printed = file_lines[location.line - 1]
        following = next((line for line in file_lines[location.line:] if line.strip()), "")  # across a page break
        cut_at_foot = printed.split()[-1:] and first.startswith(printed.split()[-1])  # goes on on the next page
        assert begins_on(first, printed, following) or cut_at_foot, (text[:60], location.line, printed)


def test_plan_items_point_at_file_lines():
    path = WRAPPED / "quangtri-06-ct-ubnd-2025-lan-chiem-rung.pdftotext.txt"
    plan = extract_plan(path)
    file_lines = [line.replace("\x0c", "") for line in lines_of(path)]
    assert plan.tasks and plan.sections
    for task in plan.tasks:
        # The location is the file line where the task's (rebuilt) line starts: the label's line
        # for "6." / "" / "Các sở, ban, ngành …", so the task's words follow within a few lines.
        assert task.location is not None and task.location.line is not None
        assert task.text.split()[0] in " ".join(file_lines[task.location.line - 1: task.location.line + 2])
    for section in plan.sections:
        # Word's numbering copied out puts the label on its own line, where the section starts.
        assert section.location is not None and section.location.line is not None
        assert section.label in file_lines[section.location.line - 1]


# --- plain text is never taken for printed lines ---------------------------------------------------
PLAIN = sorted(SAMPLES.glob("*.txt")) + sorted((FIXTURES / "gold").glob("*.txt"))


@pytest.mark.parametrize("path", PLAIN, ids=lambda p: p.stem)
def test_plain_text_is_not_hard_wrapped(path: Path):
    assert not looks_wrapped(lines_of(path))
    raw = read_text_file(path)
    assert "hard-wrap→paragraphs" not in raw.conversions
    # One line of output per line of the file, as before.
    assert raw.text.count("\n") == path.read_text(encoding="utf-8").replace("\r\n", "\n").count("\n")


@pytest.mark.parametrize("path", ALL_WRAPPED, ids=lambda p: p.stem)
def test_printed_lines_are_hard_wrapped(path: Path):
    assert looks_wrapped(lines_of(path))


# Saved pages pasted into Word (one table whose row holds the whole page), printed to PDF and copied
# out by pdftotext: every cell a few letters wide, words cut at every line ("Hạ" / "nh", "QU" /
# "YẾT" / "ĐỊN" / "H"), the cells of a page written one after the other. The reader follows each
# cell from page to page, makes its words whole, and reads the document out of the page.
PRINTED_PAGES = [
    # (fixture, doc_type, number, issuer, signer, a duty, its lead, its supports)
    ("bacninh-1509-qd-ubnd-2025-web-columns", "QUYẾT ĐỊNH", "1509/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "Mai Sơn",
     "Sở Dân tộc và Tôn giáo có trách nhiệm", ["Sở Dân tộc và Tôn giáo"], ["Văn phòng UBND tỉnh"]),
    ("vpcp-631-tb-vpcp-2025-web-columns", "THÔNG BÁO", "631/TB-VPCP", "Văn phòng Chính phủ", "Phạm Mạnh Cường",
     "Giao Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Dân tộc và Tôn giáo, Bộ Tài chính",
     ["Bộ Nông nghiệp và Môi trường"], ["Bộ Dân tộc và Tôn giáo", "Bộ Tài chính", "các cơ quan Quốc hội"]),
]


@pytest.mark.parametrize("stem, doc_type, number, issuer, signer, duty, lead, support", PRINTED_PAGES,
                         ids=[p[0] for p in PRINTED_PAGES])
def test_a_saved_page_printed_in_narrow_columns_reads_as_its_document(stem, doc_type, number, issuer, signer,
                                                                       duty, lead, support):
    plan = extract_plan(WRAPPED / f"{stem}.pdftotext.txt")
    assert "web page→document" in plan.source.conversions
    assert not [f for f in plan.findings if f.code in ("text.cut_words", "document.not_administrative")]
    header = plan.document
    assert (header.doc_type, header.number_symbol, header.issuer, header.signer) == (doc_type, number, issuer, signer)
    [task] = [t for t in plan.tasks if t.text.startswith(duty)]
    units = {u.id: u for u in plan.units}
    assert [a.text for a in task.assignments if a.role == "lead"] == lead
    assert [a.text for a in task.assignments if a.role == "support"] == support
    assert all(units[i] for i in task.lead_units)


# The appendix of Kế hoạch 980/KH-UBND of Nghệ An, a table inside the page's tall row: each page
# writes the numbers of the rows that start on it, the duty column (one text running from row to
# row and page to page), then the rows' short cells. (row number, duty, lead, supports)
NESTED_ROWS = [
    ("1", "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã", ["Bộ CHQS tỉnh", "UBND cấp xã"],
     ["Văn phòng Ban Chỉ huy", "các sở, ban, ngành"]),
    ("2", "Triển khai thực hiện khi có sửa đổi hoặc ban hành mới Quyết định thay thế", ["Sở Tài chính"],
     ["Cơ quan, địa phương liên quan"]),
    ("4", "Hướng dẫn phương pháp, trình tự thống kê phù hợp với lĩnh vực quản lý các ngành",
     ["Sở, ban, ngành", "tổ chức chính trị xã hội"], ["Cơ quan liên quan"]),
    ("5", "Hướng dẫn thanh toán chi phí khám bệnh", ["Sở Y tế"], ["Sở Tài chính", "cơ quan, địa phương liên quan"]),
    ("8", "Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn hàng không dân dụng", ["Sở Xây dựng"],
     ["Văn phòng Ban Chỉ huy", "cơ quan, địa phương liên quan"]),
    ("4", "Rà soát, tổng hợp danh mục các công trình phòng thủ dân sự",
     ["Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"], None),
    ("2", "Xây dựng Quy chế về công tác trực ban, họp và ban hành công điện", ["Sở Nông nghiệp và Môi trường"],
     ["Các sở, ban, ngành", "các tổ chức chính trịxã hội"]),
]


@pytest.fixture(scope="module")
def nghean_980():
    return extract_plan(WRAPPED / "nghean-980-kh-ubnd-2025-web-columns.pdftotext.txt")


@pytest.mark.parametrize("label, duty, lead, support", NESTED_ROWS, ids=[r[1][:30] for r in NESTED_ROWS])
def test_a_table_inside_a_tall_row_is_read_row_by_row(nghean_980, label, duty, lead, support):
    [task] = [t for t in nghean_980.tasks if t.text.startswith(duty)]
    assert task.found_by == "table"
    rebuilt = read_text_file(WRAPPED / "nghean-980-kh-ubnd-2025-web-columns.pdftotext.txt").text.split("\n")
    [row] = [line for line in rebuilt if f" | {duty}" in line]
    assert row.startswith(f"{label} | {duty}")  # the row keeps its number
    assert [a.text for a in task.assignments if a.role == "lead"] == lead
    if support is not None:
        assert [a.text for a in task.assignments if a.role == "support"] == support
    # the duty ends where the next row's begins: at the sentence end, or before its verb
    assert not re.search(r" (?:Triển khai|Hướng dẫn|Tiếp nhận|Ban hành|Rà soát|Xây dựng) ", task.text)


def test_the_parts_of_a_table_inside_a_tall_row_are_its_headings():
    text = read_text_file(WRAPPED / "nghean-980-kh-ubnd-2025-web-columns.pdftotext.txt").text
    rows = [line for line in text.split("\n") if re.match(r"(?:[IVX]+|\d+) \| ", line)]
    assert "TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm dự kiến" in text
    assert "I | KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ" in rows
    assert "VII | DIỄN TẬP PHÒNG THỦ DÂN SỰ" in rows
    assert "VIII | DUY TRÌ HOẠT ĐỘNG PHÒNG THỦ DÂN SỰ THƯỜNG XUYÊN" in rows
    assert "PHỤ LỤC DANH MỤC NHIỆM VỤ" in text  # the heading "TT" no longer inside the title


def test_a_saved_plan_printed_in_narrow_columns_gives_the_duties_of_its_text(nghean_980):
    # Kế hoạch 980/KH-UBND of Nghệ An: its text reads (its appendix: the tests above); the issuer's
    # first words, printed on the page before the rest of the header, are not rebuilt.
    plan = nghean_980
    header = plan.document
    assert (header.doc_type, header.number_symbol, header.date, header.signer) == (
        "KẾ HOẠCH", "980/KH-UBND", "2025-11-18", "Nguyễn Văn Đệ")
    duties = {t.text[:30]: [a.text for a in t.assignments if a.role == "lead"] for t in plan.tasks}
    assert duties["Bộ CHQS tỉnh có trách nhiệm th"] == ["Bộ CHQS tỉnh"]
    assert duties["Sở Tài chính và Ủy ban nhân dâ"] == ["Sở Tài chính", "Ủy ban nhân dân các xã, phường"]
    # "chính trị - xã hội" whose hyphen ended a printed line, and pdftotext dropped it
    assert duties["Các sở, ban, ngành, tổ chức ch"] == [
        "Các sở, ban, ngành", "tổ chức chính trị xã hội", "Ủy ban nhân dân các xã, phường"]


def test_a_word_cut_by_a_narrow_column_is_whole_again_but_two_words_stay_two():
    # The letters at the cut decide: "Hạ" / "nh" is one syllable, "Ủy" / "ban" two; a sentence's
    # end before the next item's number is no decimal ("2035." / "3.").
    assert reflow.broken_word("Hạ", "nh", 0.0, 1.0) and reflow.broken_word("VIỆ", "T", 0.0, 1.0)
    assert not reflow.broken_word("Ủy", "ban", 0.0, 1.0)
    assert not reflow.broken_word("2035.", "3.", 0.0, 1.0) and reflow.broken_word("13.", "0%", 0.0, 1.0)


def test_page_numbers_and_running_lines_are_dropped():
    # Three pages of a real paragraph, each page with its number on top and the plan's running
    # footer at the foot; the paragraph runs on over both page breaks.
    words = ("Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân các xã, phường tham mưu Ủy "
             "ban nhân dân tỉnh tổ chức triển khai thực hiện Kế hoạch này; hoàn thành trong quý II năm 2026 và báo "
             "cáo kết quả về Sở Nội vụ trước ngày 15 tháng 12 năm 2026 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh "
             "theo quy định; các sở, ban, ngành căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch, bố "
             "trí nguồn lực và tổ chức thực hiện các nhiệm vụ được phân công bảo đảm tiến độ, chất lượng, hiệu quả "
             "và đúng quy định của pháp luật; định kỳ hằng quý báo cáo tình hình, kết quả thực hiện.").split()
    printed, line = [], ""
    for word in words:  # wrapped at 75 characters, as a printed line of the plan
        if len(line) + len(word) + 1 > 75:
            printed.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    printed.append(line)
    third = len(printed) // 3
    pages = [printed[:third], printed[third:2 * third], printed[2 * third:]]
    footer = "Kế hoạch số 12/KH-UBND của UBND tỉnh Lâm Đồng - Trang {n}"
    text = "".join(("\x0c" if n > 1 else "") + f"{n}\n\n" + "\n".join(page) + "\n\n" + footer.format(n=n) + "\n\n"
                   for n, page in enumerate(pages, start=1))
    out = unwrap(text).text.split("\n")
    assert out == [" ".join(words)]


# --- the data ------------------------------------------------------------------------------------
def test_symbol_type_codes_are_the_extractor_type_codes():
    data = yaml.safe_load((ROOT / "pipeline" / "read" / "data" / "reflow.yaml").read_text(encoding="utf-8"))
    types = yaml.safe_load((ROOT / "extractors" / "data" / "legal_types.yaml").read_text(encoding="utf-8"))
    codes = {c for t in types["types"] for c in t.get("codes") or []} | set(types.get("codes") or {})
    assert set(data["symbol_types"]) <= codes


# (pattern family, real text, matches)
LAYOUT_WORDS = [
    ("label_alone", "I.", True), ("label_alone", "2.1.", True), ("label_alone", "đ)", True), ("label_alone", "A.", True),
    ("label_alone", "b.", True), ("label_alone", "-", True), ("label_alone", "2025", False), ("label_alone", "v.v.", False),
    ("block_start", "Nơi nhận: - Như trên;", True), ("block_start", "KT. CHỦ TỊCH", True),
    ("block_start", "Kính gửi: Các sở", False),
    ("starter", "Căn cứ Luật Tổ chức chính quyền địa phương", True), ("starter", "căn cứ chức năng", False),
    ("starter", "Đơn vị chủ trì: Sở Thông tin và Truyền thông", True), ("starter", "Cơ quan phối hợp: Sở Nội vụ", True),
    ("starter", "Đơn vị chủ trì triển khai các nhiệm vụ", False),
    ("page_number", "- 2 -", True), ("page_number", "Trang 3", True), ("page_number", "3/12", True),
    ("page_number", "2. Sở Tài chính", False),
    ("part_start", "PHỤ LỤC I", True), ("part_start", "PHẦN I", True), ("part_start", "Phần thứ nhất", True),
    ("part_start", "Phần lớn các xã đã hoàn thành", False),
]


@pytest.mark.parametrize("name,text,matches", LAYOUT_WORDS, ids=[f"{w[0]}:{w[1]}" for w in LAYOUT_WORDS])
def test_layout_words(name: str, text: str, matches: bool):
    pattern = getattr(reflow.layout(), name)
    found = pattern.fullmatch(text) if name in ("label_alone", "page_number") else pattern.match(text)
    assert bool(found) == matches


def test_character_widths_make_capitals_wider():
    assert hardwrap.text_width("KẾ HOẠCH") > 1.3 * hardwrap.text_width("kế hoạch")
    assert hardwrap.text_width("Đường") == hardwrap.text_width("Duong")


# (a paragraph's printed lines, the paragraph): how reflow.join_lines rejoins them.
JOINS = [
    (["1.", "Mục đích"], "1. Mục đích"),  # a label alone, then its text
    (["Kế hoạch số 223/KH-", "UBND ngày 24/10/2025"], "Kế hoạch số 223/KH-UBND ngày 24/10/2025"),  # a symbol cut at its hyphen
    (["Công văn số 1849/BGDĐT-", "GDPT."], "Công văn số 1849/BGDĐT-GDPT."),
    (["giai đoạn 2021 -", "2025"], "giai đoạn 2021 - 2025"),  # a dash between words stays a dash
    (["phát triển khoa học, công", "nghệ, đổi mới sáng tạo"], "phát triển khoa học, công nghệ, đổi mới sáng tạo"),
]


@pytest.mark.parametrize("lines,paragraph", JOINS, ids=[j[1][:24] for j in JOINS])
def test_lines_are_joined(lines: list[str], paragraph: str):
    assert reflow.join_lines(lines) == paragraph


# (the one word on a printed line, the first word of the next line, whether they are one word cut
# because it was wider than its column): real cuts from saved portal pages printed in narrow table
# cells by LibreOffice, and real line ends of words the column held whole. The line is full: the
# room it leaves is less than the next character (0 here, 5 for the character).
CUTS = [
    ("Khán", "h", True),  # "Khánh Hòa"
    ("TƯỚ", "NG", True),
    ("Ngườ", "i", True),
    ("phòn", "g,", True),
    ("20/11", "/2025", True),
    ("trạng", ":", True),  # "Tình trạng:"
    ("tập trung", ",", False),  # two words on the line: a wrap, not a cut
    ("1899/Q", "Đ-TTG", True),  # a document symbol cut anywhere
    ("72/2025/QH", "15", True),
    ("980/KH", "-", True),
    ("UB", "ND", True),  # an abbreviation wider than the column
    ("13.", "0%", True),
    ("nhân", "dân", False),  # two syllables, two words
    ("Công", "Thương", False),
    ("ĐIỆN", "V/V", False),
    ("HÒA,", "ĐẮK", False),  # a wrap after a comma
    ("ngày", "20", False),
    ("27/2001/QH10", "CÓ", False),
    ("ờng", "triể", False),  # a syllable's rest is not glued to the next word
    ("phúc", "--------", False),  # the rule under the motto
    ("-----", "--", True),  # the rule itself cut
]


@pytest.mark.parametrize("head,tail,cut", CUTS, ids=[f"{c[0]}/{c[1]}" for c in CUTS])
def test_a_word_cut_by_a_narrow_column_is_whole_again(head: str, tail: str, cut: bool):
    assert reflow.broken_word(head, tail, 0.0, 5.0) is cut


def test_a_list_dash_pdftotext_dropped_is_put_back():
    """In a cell a few letters wide, "Gia Lai: -" / "Chịu trách nhiệm …": pdftotext drops the "-"
    ending the line and glues the next line on, wider than the column ("Lai: Chịu")."""
    from kehoach.pipeline.read import cells

    column = hardwrap.text_width("trách")
    assert cells._dash_back("Lai: Chịu", column, hardwrap.text_width) == "Lai: - Chịu"
    assert cells._dash_back("Lắk và", column, hardwrap.text_width) == "Lắk và"  # a line that fits
    assert cells._dash_back("Bộ trưởng", column, hardwrap.text_width) == "Bộ trưởng"  # no lead-in before


def test_a_word_is_cut_only_where_the_next_character_would_not_fit():
    assert reflow.broken_word("Khán", "h", 4.0, 5.0)
    assert not reflow.broken_word("Khán", "h", 6.0, 5.0)  # "h" had room: a wrap before a word


def test_a_word_cut_twice_is_read_piece_by_piece():
    """"Qu" / "yế" / "t": "Quyế" is no syllable yet, but begins one when the next line goes on."""
    assert not reflow.broken_word("Qu", "yế", 0.0, 5.0)
    assert reflow.broken_word("Qu", "yế", 0.0, 5.0, tail_cut=True)
    assert reflow.broken_word("Quyế", "t", 0.0, 5.0)


# Where the next row's duty opens, in the duty column of a nested table, found by the words alone:
# (text run on from row to row, the first words of the row that opens inside it). Real rows of
# assignment tables (Nghệ An 980/KH-UBND, TP. Hồ Chí Minh 2820/QĐ-UBND, Đồng Tháp 552/KH-UBND).
OPENINGS = [
    ("nội dung chi ngân sách cho hoạt động phòng thủ dân sự. Triển khai thực hiện khi có sửa đổi hoặc ban "
     "hành mới Quyết định thay thế", "Triển khai thực hiện khi có"),  # a sentence ended; a noun goes on
    ("của Bộ Tài chính Hướng dẫn phương pháp, trình tự thống kê", "Hướng dẫn phương pháp"),  # after a name
    ("TRIỂN KHAI ĐỒNG BỘ VĂN BẢN VỀ PHÒNG THỦ DÂN SỰ Triển khai thực hiện một số nội dung chi",
     "Triển khai thực hiện một số"),  # a part's title in capitals, then its first duty
    ("phục vụ hoạt động phòng thủ dân sự hoạt động hiệu quả Rà soát, tổng hợp danh mục các công trình của "
     "Ban Chỉ huy", "Rà soát, tổng hợp"),
    ("khai thác, tái sử dụng dữ liệu của Hệ thống thông tin. Xây dựng hạ tầng công nghệ thông tin tại Sở Tài "
     "chính", "Xây dựng hạ tầng"),
]


@pytest.mark.parametrize("text, opening", OPENINGS, ids=[o[1] for o in OPENINGS])
def test_the_next_row_opens_at_its_duty_not_at_a_name(text: str, opening: str):
    from kehoach.pipeline.read import cells

    scored = sorted(((cells._opening_score(text, at), -at) for at in cells._word_starts(text, 0, len(text))),
                    reverse=True)
    assert text[-scored[0][1]:].startswith(opening)


def test_short_cells_go_to_their_rows_by_their_time_cells():
    from kehoach.pipeline.read import cells

    time_cell = cells._columns()[2]
    # Two rows of a page: lead, support, time (no product) then lead, support, time, product.
    shorts = ["Bộ CHQS tỉnh", "Bộ Quốc phòng và cơ quan, địa phương liên quan", "2025",
              "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã", "Cơ quan có liên quan", "Tháng 12 hằng năm",
              "Báo cáo của Ban Chỉ huy Phòng thủ dân sự"]
    assert cells._share(shorts, 2, 2, 1, time_cell) == [(0, 3, 0), (3, 7, 0)]
    # A row whose lead cell pdftotext merged with the row above's: its cells start one column later.
    shorts = ["Ban Chỉ huy Phòng thủ dân sự cấp tỉnh", "Cơ quan, địa phương liên quan", "Theo Kế hoạch riêng",
              "Cơ quan, địa phương liên quan", "Sau khi có Quy chế của TW"]
    assert cells._share(shorts, 2, 2, 1, time_cell) == [(0, 3, 0), (3, 5, 1)]
    assert cells._share(["Sở Y tế", "Cơ quan liên quan"], 2, 2, 1, time_cell) == [(0, 1, 0), (1, 2, 0)]


def test_a_cell_that_ended_high_on_its_page_goes_on_only_on_plain_evidence():
    from kehoach.pipeline.read import cells

    assert cells._runs_on("KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀ", "U HÀNH PHÒNG THỦ")  # a cut word
    assert cells._runs_on("Ban Chỉ huy Phòng thủ dân sự cấp", "tỉnh, cấp xã")  # lower case
    assert not cells._runs_on("Tên TTHC", "NĂNG QUẢN LÝ CỦA SỞ")  # two words in capitals
    assert not cells._runs_on("… THUỘC PHẠM VI, CHỨC", "Lưu: VT, TTPVHCC.")
    # the cell that wants its rest wins it: "cấp" / "tỉnh, cấp xã", not "Bộ CHQS tỉnh" / "tỉnh, …"
    assert cells._goes_on("Ban Chỉ huy Phòng thủ dân sự cấp", "tỉnh, cấp xã") > cells._goes_on(
        "Bộ CHQS tỉnh", "tỉnh, cấp xã")
    # a document's text ends with "./.": nothing goes on from it
    assert cells._goes_on("… thực hiện nghiêm túc./.", "Bộ CHQS tỉnh; UBND cấp xã") < 0
    # a row's number stands alone: never the rest of a cell; a year cut by the column is no number
    assert cells._label_block([hardwrap.TextLine("VI", 1, 1, 0, 0.0, 1.0, 1.0)])
    assert not cells._label_block([hardwrap.TextLine("202", 1, 1, 0, 0.0, 1.0, 1.0),
                                   hardwrap.TextLine("5", 2, 1, 1, 0.0, 1.0, 1.0)])
