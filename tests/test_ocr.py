"""OCR of scanned PDFs and images (kehoach.ocr).

A one-page plan is drawn with reportlab (a ruled two-column header block, the document type, two
Roman parts, an assignment sentence), rasterised to a grey 200-dpi image with no text layer, and
saved as a PDF and as a PNG: what a scanner gives. The tests that run Tesseract share one OCR of
that page through the OCR cache; they are skipped only when Tesseract or its Vietnamese data is
missing (`.ci/run` installs them). The repairs are tested on their own, without Tesseract.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kehoach import ocr
from kehoach.ocr import engine, layout, repair, vocabulary
from kehoach.ocr.engine import OcrPage, OcrResult, OcrWord
from kehoach.pipeline.read.base import file_sha256
from kehoach.pipeline.cli import main
from kehoach.pipeline.run import extract_plan

needs_tesseract = pytest.mark.skipif(not engine.available(), reason="Tesseract with Vietnamese data is not installed "
                                     "(apt-get install tesseract-ocr tesseract-ocr-vie)")

TASK = ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí "
        "thực hiện Kế hoạch; hoàn thành trong quý II năm 2026.")


def _draw(path: Path) -> None:
    reportlab = pytest.importorskip("reportlab")  # noqa: F841
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont
    from reportlab.pdfgen import canvas

    for regular, bold in (("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"), ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")):
        try:
            pdfmetrics.registerFont(TTFont("OcrSerif", regular))
            pdfmetrics.registerFont(TTFont("OcrSerif-Bold", bold))
            break
        except TTFError:
            continue
    else:
        pytest.skip("no TrueType font with Vietnamese letters (apt-get install fonts-dejavu-core)")
    width, height = A4
    left, right, size = 70.0, width - 60.0, 13
    c = canvas.Canvas(str(path), pagesize=A4)
    # The header block in a ruled 2 × 2 table, as Word prints it with its borders shown.
    mid, top = (left + right) / 2, height - 60
    c.grid([left, mid, right], [top, top - 44, top - 68])
    c.setFont("OcrSerif", 12)
    c.drawCentredString((left + mid) / 2, top - 17, "ỦY BAN NHÂN DÂN")
    c.drawCentredString((left + mid) / 2, top - 34, "TỈNH LÂM ĐỒNG")
    c.setFont("OcrSerif", 10)
    c.drawCentredString((mid + right) / 2, top - 17, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setFont("OcrSerif", 12)
    c.drawCentredString((mid + right) / 2, top - 34, "Độc lập - Tự do - Hạnh phúc")
    c.drawCentredString((left + mid) / 2, top - 61, "Số: 12/KH-UBND")
    c.drawCentredString((mid + right) / 2, top - 61, "Lâm Đồng, ngày 12 tháng 5 năm 2026")
    y = top - 110
    c.setFont("OcrSerif-Bold", 14)
    c.drawCentredString(width / 2, y, "KẾ HOẠCH")
    y -= 20
    c.drawCentredString(width / 2, y, "Bảo đảm kinh phí cải cách hành chính năm 2026")
    y -= 40

    def paragraph(text: str, bold: bool = False) -> None:
        nonlocal y
        font = "OcrSerif-Bold" if bold else "OcrSerif"
        line, x = "", left + 28
        for word in text.split():
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, font, size) > right - x:
                c.setFont(font, size)
                c.drawString(x, y, line)
                y -= size + 5
                line, x = word, left
            else:
                line = trial
        c.setFont(font, size)
        c.drawString(x, y, line)
        y -= size + 12

    paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    paragraph("Bảo đảm đủ kinh phí cho các nhiệm vụ cải cách hành chính của tỉnh trong năm 2026.")
    paragraph("II. TỔ CHỨC THỰC HIỆN", bold=True)
    paragraph("1. " + TASK)
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, Path]:
    """The page as a scan: a grey 200-dpi image with no text, as .pdf and .png."""
    pdfium = pytest.importorskip("pypdfium2")
    folder = tmp_path_factory.mktemp("scans")
    drawn = folder / "drawn.pdf"
    _draw(drawn)
    pdf = pdfium.PdfDocument(str(drawn))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    pdf.close()
    image.save(folder / "scan.pdf", resolution=200.0)
    image.save(folder / "scan.png", dpi=(200, 200))
    return {"pdf": folder / "scan.pdf", "png": folder / "scan.png", "text_pdf": drawn}


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="module")
def scan_plan(scans, cache):
    with ocr.settings(cache_dir=cache):
        return extract_plan(scans["pdf"])


@needs_tesseract
def test_scanned_pdf_gives_a_plan(scan_plan):
    plan = scan_plan
    assert plan.source.format == "pdf" and plan.source.encoding == "ocr"
    assert any(c.startswith("pdf→ocr: tesseract") and "1 page at 200 dpi" in c for c in plan.source.conversions)
    assert plan.document.doc_type == "KẾ HOẠCH"
    assert plan.document.number_symbol == "12/KH-UBND"
    assert plan.document.date == "2026-05-12"
    assert plan.document.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert [s.label for s in plan.sections if s.level == 1][:2] == ["I", "II"]
    task = next(t for t in plan.tasks if "bố trí kinh phí" in t.text)
    assert task.lead_units == ["so-tai-chinh"] and task.support_units == ["so-noi-vu"]
    assert task.location is not None and task.location.page == 1
    assert task.section_id == "II.1"


@needs_tesseract
def test_confidence_finding(scan_plan):
    finding = next(f for f in scan_plan.findings if f.code == "ocr.confidence")
    mean = float(finding.message.split("mean confidence of ")[1].split("%")[0])
    assert 70 <= mean <= 100  # a clean 200-dpi page
    assert finding.severity == "info"


@needs_tesseract
def test_image_file_gives_the_same_plan(scans, cache, scan_plan):
    with ocr.settings(cache_dir=cache):
        plan = extract_plan(scans["png"])
    assert plan.source.format == "image"
    assert [(t.lead_units, t.support_units) for t in plan.tasks] == [(t.lead_units, t.support_units) for t in scan_plan.tasks]


@needs_tesseract
def test_cli_modes_and_cache(scans, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    # never: the scan is refused with the reader's one-line error, nothing is written for it.
    assert main(["extract", str(scans["pdf"]), "-o", str(out), "--ocr", "never", "-q", "--jobs", "1"]) == 1
    assert "has no usable text layer" in capsys.readouterr().err
    assert not (out / "scan.json").exists()
    # auto: OCR'd, and the result is cached in OUT/.kehoach-ocr by the file's hash.
    assert main(["extract", str(scans["pdf"]), "-o", str(out), "-q", "--jobs", "1"]) == 0
    cached = list((out / ocr.CACHE_FOLDER).glob(f"{file_sha256(scans['pdf'])}.*.json"))
    assert len(cached) == 1
    first = (out / "scan.json").read_bytes()

    def no_ocr(*args, **kwargs):
        raise AssertionError("Tesseract ran again")

    monkeypatch.setattr(engine, "_tesseract", no_ocr)
    assert main(["extract", str(scans["pdf"]), "-o", str(out), "-q", "--jobs", "1", "--force"]) == 0
    assert (out / "scan.json").read_bytes() == first  # same input, byte-identical output
    plan = json.loads(first)
    assert plan["tasks"] and plan["tasks"][-1]["lead_units"] == ["so-tai-chinh"]


@needs_tesseract
def test_always_reads_a_text_pdf_by_ocr(scans, cache):
    with ocr.settings(mode="always", cache_dir=cache):
        plan = extract_plan(scans["text_pdf"])
    assert plan.source.encoding == "ocr"
    with ocr.settings(mode="auto", cache_dir=cache):
        assert extract_plan(scans["text_pdf"]).source.encoding == "pdf"


def test_damaged_image_is_one_line_error(tmp_path, capsys):
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    out = tmp_path / "out"
    assert main(["extract", str(bad), "-o", str(out), "-q", "--jobs", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"kehoach: error: {bad}") and not (out / "scan.json").exists()


def test_image_refused_with_ocr_never(tmp_path, capsys):
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert main(["extract", str(bad), "-o", str(tmp_path / "out"), "-q", "--ocr", "never", "--jobs", "1"]) == 1
    assert "read only by OCR" in capsys.readouterr().err


# --- repairs, without Tesseract ------------------------------------------------------------------

@pytest.mark.parametrize("words, expected", [
    (["3,", "100%", "các", "Sở"], "3."),               # a comma for the dot, before a figure
    (["2,", "Kết", "hợp"], "2."),                       # before a capitalised word
    (["L", "MỤC", "ĐÍCH,", "YÊU", "CẦU"], "I."),        # I read as L, its dot lost in a tab's gap
    (["Il.", "NHIỆM", "VỤ", "CỤ", "THỂ"], "II."),
    (["VI", "TỔ", "CHỨC", "THỰC", "HIỆN"], "VI."),      # the dot lost
    (["II...", "DỰ", "BÁO", "CÁC"], "II."),             # specks read as dots
    (["3,", "4", "và", "5"], "3,"),                     # a list of numbers is left alone
    (["L", "hoạch", "này"], "L"),                       # not a heading in capitals
])
def test_label_words(words, expected):
    assert repair.label_words(words, 40, 30, Counter())[0] == expected


def test_stray_mark_after_label_dropped():
    assert repair.label_words(["I.", "ˆ", "MỤC", "TIÊU"], 10, 30, Counter()) == ["I.", "MỤC", "TIÊU"]
    assert repair.label_words(["^", "ỦY", "BAN", "NHÂN", "DÂN"], 10, 30, Counter()) == ["ỦY", "BAN", "NHÂN", "DÂN"]


def test_roman_labels_by_position():
    lines = ["1. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "I. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA", "II. ĐỐI TƯỢNG, NGUYÊN TẮC",
             "IV. SỐ LƯỢNG ĐỀ NGHỊ", "V. THỦ TỤC, HỒ SƠ", "VI. TỔ CHỨC THỰC HIỆN"]
    out, counts = repair.repair(lines)
    assert [l.split(".")[0] for l in out] == ["I", "1", "II", "III", "IV", "V", "VI"]
    assert counts["roman label in sequence"] == 3


def test_roman_label_from_neighbours_and_wild_reading():
    assert repair.repair(["I. MỤC ĐÍCH, YÊU CẦU", "TL. NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"])[0][1] == "II. NHIỆM VỤ"
    assert repair.repair(["I. MỤC ĐÍCH, YÊU CẦU", "TL ĐỐI TƯỢNG VÀ THỜI GIAN", "II. NỘI DUNG THI ĐUA",
                          "IV. KHEN THƯỞNG"])[0][1:3] == ["II. ĐỐI TƯỢNG VÀ THỜI GIAN", "III. NỘI DUNG THI ĐUA"]
    # A signature's "TL." (thừa lệnh) after the last part is not a part heading.
    assert repair.repair(["I. MỤC ĐÍCH", "II. NHIỆM VỤ", "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"])[0][2] == "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG"
    # A correct run and a sub-heading in capitals numbered 1. are left as they are.
    lines = ["I. MỤC ĐÍCH, YÊU CẦU", "1. MỤC ĐÍCH CHUNG", "II. NHIỆM VỤ CHUNG", "III. TỔ CHỨC THỰC HIỆN"]
    assert repair.repair(lines)[0] == lines


def test_number_labels_by_sequence():
    lines = ["II. NHIỆM VỤ", "1. Sở Tài chính", "3. Sở Nội vụ", "3. Sở Y tế", "III. TỔ CHỨC THỰC HIỆN",
             "1. Một", "8. Hai", "2.1. Con", "2.2. Con"]
    out = repair.repair(lines)[0]
    assert out[2] == "2. Sở Nội vụ" and out[3] == "3. Sở Y tế"
    assert out[6] == "2. Hai"  # its first sub-item is 2.1.


def test_number_label_read_as_letters():
    lines = ["1. Các cơ quan", "Đ; Kết hợp khai thác", "3. Tuân thủ", "A. Sở Nông nghiệp và Môi trường", "a) Tăng cường",
             "5. Sở Xây dựng", "6. Sở Y tế", "MÃ Báo và Phát thanh, Truyền hình", "8. Giám đốc Sở"]
    out = repair.repair(lines)[0]
    assert [l.split(" ")[0] for l in out] == ["1.", "2.", "3.", "4.", "a)", "5.", "6.", "7.", "8."]


def test_torn_label_joined_and_lines_kept():
    out = repair.repair(["a)", "Sở Tài chính chủ trì bố trí kinh phí.", "b) Sở Nội vụ"])[0]
    assert out == ["a) Sở Tài chính chủ trì bố trí kinh phí.", "", "b) Sở Nội vụ"]


def test_table_labels_by_sequence():
    lines = ["STT | NHIỆM VỤ | CHỦ TRÌ", "I. | NHÓM GIẢI PHÁP VỀ CƠ CHẾ | ", "1 | Rà soát | Sở Tài chính",
             "2 | Đề xuất | Sở Tài chính", "I | HỖ TRỢ VÀ PHÁT TRIỂN | ", "1 | Xây dựng | Sở Khoa học và Công nghệ",
             "3 | Phát triển | Sở Khoa học và Công nghệ", "3 | Triển khai | Sở Khoa học và Công nghệ"]
    out = repair.repair(lines)[0]
    assert [l.split(" | ")[0] for l in out] == ["STT", "I.", "1", "2", "II", "1", "2", "3"]


def test_known_names_get_their_marks_back():
    counts = Counter()
    header = "ỦY BAN NHÂN DÁN TINH CA MAU | CỘNG HOA XÃ HỘI CHỦ NGHIA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert vocabulary.repair_line(header, counts, fixed_text=True) == (
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    assert vocabulary.repair_line("KẼ HOẠCH", counts, fixed_text=True) == "KẾ HOẠCH"
    body = "Giao Sở Tài chinh chu trì, phổi hợp với Sở Nội vụ rà soát tình hình"
    assert vocabulary.repair_line(body, counts) == "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát tình hình"
    # A space OCR lost inside a known name.
    assert vocabulary.repair_line("1. SởYtế; Sở Khoahọc và Công nghệ", counts) == "1. Sở Y tế; Sở Khoa học và Công nghệ"
    # One word alone is never replaced: "tình" (situation) is a word, not a broken "tỉnh".
    assert vocabulary.repair_line("TÌNH HÌNH THỰC HIỆN", counts, fixed_text=True) == "TÌNH HÌNH THỰC HIỆN"


def test_confidence_finding_names_poor_pages():
    def page(n, confs):
        return OcrPage(n, 100, 100, 200.0, [OcrWord("chữ", 0, 0, 10, 10, c, (1, 1, 1)) for c in confs])

    result = OcrResult([page(1, [96, 94]), page(2, [40, 55]), page(3, [])], "tesseract 5 (vie)")
    from kehoach.ocr.reader import confidence_finding

    f = confidence_finding(result)
    assert f["severity"] == "warning"
    assert "mean confidence of 71.2%" in f["message"]
    assert "less than 70%: 2" in f["message"] and "no text found: 3" in f["message"]


def test_rules_and_table_grid():
    np = pytest.importorskip("numpy")
    img = np.full((400, 600), 255, np.uint8)
    for y in (50, 150, 250):
        img[y:y + 2, 50:550] = 0
    for x in (50, 200, 550):
        img[50:252, x:x + 2] = 0
    img[150:152, 200:550] = 255  # the right column's two rows are one merged cell
    img[100:130, 300:305] = 0  # a letter's stem: too short for a rule
    found = engine.rules(img, 200.0)
    assert sorted(r[:2] for r in found if r[0] == "h") == [("h", 50), ("h", 150), ("h", 250)]
    assert sorted(r[:2] for r in found if r[0] == "v") == [("v", 50), ("v", 200), ("v", 550)]
    page = OcrPage(1, 600, 400, 200.0, rules=found)
    (table,) = layout.tables(page)
    assert len(table.rows) == 2
    assert table.rows[0].cells[1] is not None and table.rows[1].cells[1] is None  # merged down
    bottom = table.rows[0].cells[1][3] * 200 / 72
    assert abs(bottom - 250) < 3


def test_repaired_names_keep_the_form_read_as_an_alias():
    from conftest import plan_of

    from kehoach.ocr.reader import with_original_forms

    lines = ["II. TỔ CHỨC THỰC HIỆN", "1. Sở Tài chinh chu trì, phổi hợp với Sở Nội vụ bố trí kinh phí thực hiện Kế hoạch."]
    pairs: list = []
    repaired, _ = repair.repair(lines, pairs)
    assert ("Sở Tài chính", "Sở Tài chinh") in pairs
    plan = with_original_forms(plan_of("\n".join(repaired)), tuple(pairs))
    unit = next(u for u in plan.units if u.id == "so-tai-chinh")
    assert "Sở Tài chinh" in unit.aliases and unit.name == "Sở Tài chính"
    task = next(t for t in plan.tasks if "bố trí kinh phí" in t.text)
    assert task.lead_units == ["so-tai-chinh"] and task.support_units == ["so-noi-vu"]


@needs_tesseract
def test_scanned_page_inside_a_text_pdf(scans, cache, tmp_path):
    """Page 1 typed (a text layer), page 2 a scan: page 2 is OCR'd, page 1 read as text."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    mixed_pdf = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(mixed_pdf), pagesize=A4)
    c.setFont("OcrSerif", 13)  # registered by _draw
    for i, line in enumerate(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
                              "Ủy ban nhân dân tỉnh ban hành Kế hoạch bảo đảm kinh phí cải cách hành chính",
                              "năm 2026 như sau (các nhiệm vụ cụ thể tại trang sau):"]):
        c.drawString(70, 780 - 20 * i, line)
    c.showPage()
    with Image.open(scans["png"]) as image:
        c.drawInlineImage(image, 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    with ocr.settings(cache_dir=cache):
        plan = extract_plan(mixed_pdf)
    assert any(c.startswith("pdf→ocr:") and "page 2 (no text layer)" in c for c in plan.source.conversions)
    task = next(t for t in plan.tasks if "bố trí kinh phí" in t.text)
    assert task.lead_units == ["so-tai-chinh"] and task.location.page == 2
    with ocr.settings(mode="never", cache_dir=cache):
        assert not extract_plan(mixed_pdf).tasks  # the typed page alone assigns nothing
