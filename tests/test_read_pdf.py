"""The PDF reader (issue 5, parts 3, 6 and 7): PDFs built here with reportlab, read back.

A small plan is laid out like a real one: the two-column header block, a centred title, wrapped
paragraphs, headings, a ruled assignment table cut by a page break, a page number and a running
footer on every page, and the "Nơi nhận" / signature block.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
reportlab = pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFError, TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from kehoach.pipeline.errors import InputError  # noqa: E402
from kehoach.pipeline.read import pdf as pdf_reader  # noqa: E402
from kehoach.pipeline.read import read_document  # noqa: E402
from kehoach.pipeline.read.legacy import to_unicode  # noqa: E402

WIDTH, HEIGHT = A4
LEFT, RIGHT = 85.0, WIDTH - 57.0
SIZE = 13


@pytest.fixture(scope="module")
def fonts() -> tuple[str, str]:
    """A serif font with Vietnamese letters, found on reportlab's font path (DejaVu, Liberation)."""
    for regular, bold in (("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"), ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")):
        try:
            pdfmetrics.registerFont(TTFont("VnSerif", regular))
            pdfmetrics.registerFont(TTFont("VnSerif-Bold", bold))
            return "VnSerif", "VnSerif-Bold"
        except TTFError:
            continue
    pytest.skip("no TrueType font with Vietnamese letters on this machine (apt-get install fonts-dejavu-core)")


class Page:
    """Draws lines top to bottom on a reportlab canvas, wrapping like a word processor."""

    def __init__(self, c: canvas.Canvas, fonts: tuple[str, str], number: int):
        self.c, self.fonts, self.y = c, fonts, HEIGHT - 70
        c.setFont(fonts[0], 11)
        c.drawCentredString(WIDTH / 2, HEIGHT - 40, str(number)) if number > 1 else None
        c.drawString(LEFT, 30, "Kế hoạch số 12/KH-UBND của UBND tỉnh Lâm Đồng")

    def line(self, text: str, x: float = LEFT, bold: bool = False, centre: bool = False, gap: float = 5) -> None:
        self.c.setFont(self.fonts[bold], SIZE)
        if centre:
            self.c.drawCentredString((LEFT + RIGHT) / 2, self.y, text)
        else:
            self.c.drawString(x, self.y, text)
        self.y -= SIZE + gap

    def paragraph(self, text: str, bold: bool = False, indent: float = 28) -> None:
        font = self.fonts[bold]
        words, line, x = text.split(), "", LEFT + indent
        for word in words:
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, font, SIZE) > RIGHT - x:
                self.line(line, x, bold, gap=2)
                line, x = word, LEFT
            else:
                line = trial
        self.line(line, x, bold, gap=8)


PARAGRAPH = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025; Nghị định số 30/2020/NĐ-CP "
             "ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; Ủy ban nhân dân tỉnh ban hành Kế hoạch "
             "thực hiện như sau:")
TASK = ("Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân các xã, phường tham mưu "
        "Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Kế hoạch này; hoàn thành trong quý II năm 2026.")
ROWS = [
    ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"],
    ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ"],
]


def draw_table(c: canvas.Canvas, top: float, rows: list[list[str]], font: str) -> float:
    """A ruled table; returns the y under it."""
    xs = [LEFT, LEFT + 30, LEFT + 190, LEFT + 330, RIGHT]
    height = 24
    ys = [top - i * height for i in range(len(rows) + 1)]
    c.grid(xs, ys)
    c.setFont(font, 11)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            c.drawString(xs[col] + 3, ys[r] - 16, text)
    return ys[-1] - 20


def build_plan_pdf(path: Path, fonts: tuple[str, str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    p = Page(c, fonts, 1)
    p.line("ỦY BAN NHÂN DÂN", 95, bold=False, gap=2)
    c.setFont(fonts[1], SIZE)
    c.drawString(300, p.y + SIZE + 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    p.line("TỈNH LÂM ĐỒNG", 105, bold=True, gap=2)
    c.drawString(345, p.y + SIZE + 2, "Độc lập - Tự do - Hạnh phúc")
    p.y -= 10
    p.line("Số: 12/KH-UBND", 100)
    c.setFont(fonts[0], SIZE)
    c.drawString(330, p.y + SIZE + 5, "Lâm Đồng, ngày 12 tháng 5 năm 2026")
    p.y -= 10
    p.line("KẾ HOẠCH", bold=True, centre=True)
    p.line("Triển khai thực hiện Chương trình cải cách hành chính năm 2026", bold=True, centre=True, gap=14)
    p.paragraph(PARAGRAPH)
    p.line("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    p.paragraph("1. Nâng cao chất lượng phục vụ người dân, doanh nghiệp; cắt giảm thời gian giải quyết thủ tục "
                "hành chính trên môi trường điện tử.")
    p.line("II. NHIỆM VỤ CỤ THỂ", bold=True)
    p.paragraph(TASK)
    draw_table(c, p.y, ROWS[:2], fonts[0])
    # Row 2 is cut by the page break: its rest continues at the top of page 2.
    c.showPage()
    p = Page(c, fonts, 2)
    rest = [["", "(tiếp theo)", "", ""]]
    p.y = draw_table(c, p.y, rest, fonts[0])
    p.line("III. TỔ CHỨC THỰC HIỆN", bold=True)
    p.paragraph("Các sở, ban, ngành căn cứ chức năng, nhiệm vụ được giao tổ chức thực hiện Kế hoạch này và báo cáo "
                "kết quả về Sở Nội vụ trước ngày 15 tháng 12 năm 2026 để tổng hợp.")
    p.line("Nơi nhận:", bold=True, gap=2)
    c.setFont(fonts[1], SIZE)
    c.drawString(340, p.y + SIZE + 2, "KT. CHỦ TỊCH")
    p.line("- Các sở, ban, ngành;", gap=2)
    c.drawString(345, p.y + SIZE + 2, "PHÓ CHỦ TỊCH")
    p.line("- Lưu: VT.", gap=30)
    c.setFont(fonts[1], SIZE)
    c.drawString(345, p.y + SIZE + 2, "Nguyễn Văn Bình")
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory, fonts) -> Path:
    return build_plan_pdf(tmp_path_factory.mktemp("pdf") / "kế hoạch 12.pdf", fonts)


def test_layout_matches_the_text_layout(plan_pdf: Path):
    raw = read_document(plan_pdf)
    lines = raw.text.split("\n")
    assert (raw.format, raw.encoding, raw.conversions) == ("pdf", "pdf", ("pdf→text",))
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert lines[1] == "Số: 12/KH-UBND | Lâm Đồng, ngày 12 tháng 5 năm 2026"
    assert lines[2:4] == ["KẾ HOẠCH", "Triển khai thực hiện Chương trình cải cách hành chính năm 2026"]
    assert lines[4] == PARAGRAPH  # wrapped lines joined into one
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines and TASK in lines
    assert lines[lines.index(TASK) + 1:lines.index(TASK) + 3] == [
        "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp",
        "1 | Rà soát thủ tục hành chính (tiếp theo) | Sở Tư pháp | Sở Nội vụ",  # the row cut by the page break
    ]
    assert lines[-1] == "Nơi nhận: - Các sở, ban, ngành; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Bình"
    # The page number and the running footer are gone.
    assert "2" not in lines and not any(line.startswith("Kế hoạch số 12/KH-UBND của") for line in lines)


def test_every_line_knows_its_page_and_table_rows_their_cells(plan_pdf: Path):
    raw = read_document(plan_pdf)
    lines = raw.text.split("\n")
    assert len(raw.locations) == len(lines)
    assert raw.locations[0].page == 1 and raw.locations[-1].page == 2
    row = raw.locations[lines.index("TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp")]
    assert (row.page, row.table, row.row, row.cells) == (1, 0, 0, (0, 1, 2, 3))
    assert raw.locations[lines.index("III. TỔ CHỨC THỰC HIỆN")].page == 2


def test_plan_items_carry_the_page(plan_pdf: Path):
    from kehoach.pipeline.run import extract_plan

    plan = extract_plan(plan_pdf)
    assert plan.source.format == "pdf" and plan.document.number_symbol == "12/KH-UBND"
    assert plan.sections and all(s.location is not None and s.location.page in (1, 2) for s in plan.sections)
    assert any(s.location.page == 2 for s in plan.sections)


def test_a_header_block_set_as_a_ruled_table(tmp_path: Path, fonts):
    """A header block printed as a ruled 2×2 table (as Word prints a header table with borders) is
    read with the tables; a "ngày … tháng … năm" in the first "Căn cứ" line is not taken for the
    header's date line."""
    path = tmp_path / "header-table.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    top, middle = HEIGHT - 70, (LEFT + RIGHT) / 2
    c.grid([LEFT, middle, RIGHT], [top, top - 40, top - 70])
    c.setFont(fonts[1], 9)
    c.drawString(LEFT + 20, top - 16, "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
    c.drawString(middle + 6, top - 16, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawString(middle + 40, top - 32, "Độc lập - Tự do - Hạnh phúc")
    c.setFont(fonts[0], 11)
    c.drawString(LEFT + 50, top - 58, "Số: 12/KH-UBND")
    c.drawString(middle + 20, top - 58, "Lâm Đồng, ngày 12 tháng 5 năm 2026")
    p = Page(c, fonts, 1)
    p.y = top - 100
    p.line("KẾ HOẠCH", bold=True, centre=True)
    p.line("Cải cách hành chính năm 2026", bold=True, centre=True, gap=14)
    p.paragraph("Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc sắp xếp đơn vị "
                "hành chính cấp tỉnh; Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:")
    p.line("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    p.paragraph(TASK)
    c.showPage()
    c.save()
    lines = read_document(path).text.split("\n")
    assert lines[:2] == ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
                         "Số: 12/KH-UBND | Lâm Đồng, ngày 12 tháng 5 năm 2026"]
    assert lines[2] == "KẾ HOẠCH"
    assert lines[4].startswith("Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội") and " | " not in lines[4]


# ---- legacy fonts ------------------------------------------------------------------------------

def test_tcvn3_text_layer_is_converted(tmp_path: Path, fonts):
    lines = ["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Sè: 05/KH-UBND ngµy 12 th¸ng 5 n¨m 2004",
             "1. Së Néi vô chñ tr×, phèi hîp víi c¸c së, ban, ngµnh triÓn khai thùc hiÖn kÕ ho¹ch."]
    c = canvas.Canvas(str(tmp_path / "tcvn3.pdf"), pagesize=A4)
    c.setFont(fonts[0], SIZE)
    for i, line in enumerate(lines * 3):
        c.drawString(LEFT, HEIGHT - 80 - 24 * i, line)
    c.save()
    raw = read_document(tmp_path / "tcvn3.pdf")
    assert raw.encoding == "tcvn3" and "tcvn3→unicode" in raw.conversions
    assert to_unicode(lines[2], "tcvn3") in raw.text and "Cộng hoà xã hội chủ nghĩa Việt Nam" in raw.text


@pytest.mark.parametrize("fontname,expected", [
    ("AARIQC+.VnTime", "Céng hoµ"), ("AARIQC+.VnTimeH,Bold", "CỘNG HOÀ"), ("BCDFEE+VNI-Times", "Céng hoµ"),
])
def test_words_convert_by_their_font(fontname, expected):
    text, _ = pdf_reader._convert_word("Céng hoµ", fontname, None)
    assert text == (to_unicode("Céng hoµ", "tcvn3") if expected == "Céng hoµ" and ".VnTime" in fontname else expected)


# ---- files that are refused -------------------------------------------------------------------

def test_a_scan_without_text_is_refused(tmp_path: Path):
    c = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)  # the page is a picture
    c.showPage()
    c.save()
    with pytest.raises(InputError, match="no usable text layer .* ocrmypdf -l vie"):
        read_document(tmp_path / "scan.pdf")


def test_garbage_ocr_is_refused(tmp_path: Path):
    c = canvas.Canvas(str(tmp_path / "badocr.pdf"), pagesize=A4)
    c.setFont("Helvetica", 11)
    garbage = ["uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia vrET NAM", "TINH LAMDONG DQc l$p - Tg do - H4nh phric",
               "56:]+9-} /TB-LIBND Ldm D6ng, ngdy fithdng 11 ndm 2025", "tu6n cria tldng chi Nguy6n Ngoc Phric"]
    for i, line in enumerate(garbage * 5):
        c.drawString(60, 780 - 18 * i, line)
    c.save()
    with pytest.raises(InputError, match="no usable text layer"):
        read_document(tmp_path / "badocr.pdf")


def test_password_protected_pdf_is_refused(tmp_path: Path, fonts):
    c = canvas.Canvas(str(tmp_path / "locked.pdf"), pagesize=A4, encrypt="mật-khẩu")
    c.setFont(fonts[0], SIZE)
    c.drawString(LEFT, 700, TASK[:80])
    c.save()
    with pytest.raises(InputError, match="password-protected"):
        read_document(tmp_path / "locked.pdf")


@pytest.mark.parametrize("content", [b"%PDF-1.4\nnot a pdf at all\n", b"%PDF-1.7\n" + bytes(range(256)) * 8])
def test_a_damaged_pdf_is_a_one_line_error(tmp_path: Path, content: bytes):
    path = tmp_path / "hỏng.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_too_many_pages_is_refused(plan_pdf: Path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    with pytest.raises(InputError, match="has 2 pages, over the 1-page limit"):
        read_document(plan_pdf)


def test_reading_stops_at_the_time_limit(plan_pdf: Path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "TIMEOUT_SECONDS", 0.0)
    with pytest.raises(InputError, match="took over 0 s to read"):
        read_document(plan_pdf)


def test_forced_encoding_for_a_pdf(plan_pdf: Path):
    with pytest.raises(InputError, match="unknown encoding 'koi8-r' for a PDF"):
        pdf_reader.read_pdf(plan_pdf, encoding="koi8-r")
    assert pdf_reader.read_pdf(plan_pdf, encoding="unicode").encoding == "pdf"
