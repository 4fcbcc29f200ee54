"""Administrative document or not (extractors/doc_kind.py): the marks at a document's start and end,
the `document.not_administrative` finding, no invented tasks, and the count in the batch summary.

Regression: news articles and legal Q&A pages gave "tasks" with no warning, and an archive run did
not say which files were not administrative documents.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import FOOTER, HEADER, SAMPLES
from kehoach.extractors.doc_kind import DATA, _rules, classify
from kehoach.pipeline.batch import WARNINGS_NAME
from kehoach.pipeline.cli import main
from kehoach.pipeline.run import extract_plan

BODY = (
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Tổ chức triển khai thực hiện có hiệu quả các nhiệm vụ, giải pháp.\n"
    "II. NHIỆM VỤ\n1. Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát, tổng hợp nhu cầu kinh phí, "
    "báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6/2020.\n"
)

# A legal Q&A page, written like those of a legal portal: a question for a title, answers that
# quote the law, numbered paragraphs that read like assignments.
QA_PAGE = """# Ủy ban nhân dân cấp xã có thẩm quyền cấp Giấy phép xây dựng từ 1/7/2025 phải không?

**Ủy ban nhân dân cấp xã có thẩm quyền cấp Giấy phép xây dựng từ 1/7/2025 phải không? Trách nhiệm của Ủy ban nhân dân cấp xã trong quản lý trật tự xây dựng là gì?**

Căn cứ theo khoản 3 Điều 103 Luật Xây dựng 2014 được sửa đổi bởi Nghị định 140/2025/NĐ-CP quy định như sau:

3. Ủy ban nhân dân cấp xã cấp giấy phép xây dựng đối với các công trình, nhà ở riêng lẻ trên địa bàn do mình quản lý.

**Trách nhiệm của Ủy ban nhân dân cấp xã trong quản lý trật tự xây dựng là gì?**

Căn cứ tại Điều 5 Nghị định 140/2025/NĐ-CP quy định trách nhiệm như sau:

1. Ủy ban nhân dân cấp xã chủ trì, phối hợp với Thanh tra xây dựng kiểm tra, phát hiện kịp thời các công trình vi phạm trật tự xây dựng trên địa bàn.

2. Giao Công an xã phối hợp với Ủy ban nhân dân cấp xã xử lý các trường hợp vi phạm, báo cáo kết quả trước ngày 30 hằng tháng.
"""

NEWS = """Chính phủ ban hành Nghị định số 238/2025/NĐ-CP ngày 03/9/2025 quy định về chính sách học phí, miễn, giảm, hỗ trợ học phí, hỗ trợ chi phí học tập và giá dịch vụ trong lĩnh vực giáo dục, đào tạo.

Nghị định gồm 6 chương, 29 điều quy định về khung học phí, cơ chế thu, quản lý học phí.

## Đối tượng miễn học phí

1. Bộ Giáo dục và Đào tạo chủ trì, phối hợp với các bộ, ngành hướng dẫn thực hiện chính sách miễn học phí.
2. Ủy ban nhân dân các tỉnh chỉ đạo các cơ sở giáo dục công khai mức học phí trước ngày 15/9/2025.
"""

ENCYCLOPEDIA = """# Quân chủng Hải quân, Quân đội nhân dân Việt Nam

| Quân chủng Hải quân, Quân đội nhân dân Việt Nam | |
| Quốc gia | Việt Nam |
| Thành lập | 7 tháng 5 năm 1955 |

**Quân chủng Hải quân** là một quân chủng thuộc Bộ Quốc phòng Việt Nam, có nhiệm vụ quản lý và kiểm soát các vùng biển, đảo.

## Lịch sử

[sửa | sửa mã nguồn]Ngày 7 tháng 5 năm 1955, Bộ Quốc phòng ra Nghị định số 284/NĐ thành lập Cục Hải quân. Cục có nhiệm vụ xây dựng lực lượng, phối hợp với các đơn vị bảo vệ vùng biển.
"""

# A document's text without its header block, as a portal prints it: type line, title, basis.
RESOLUTION = """**NGHỊ QUYẾT**

**Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Quảng Ninh năm 2025**

**ỦY BAN THƯỜNG VỤ QUỐC HỘI**

*Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;*

*Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*

**QUYẾT NGHỊ:**

Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Quảng Ninh.
"""

LETTER = """**Kính gửi:** Thuế tỉnh An Giang.

Cục Thuế nhận được công văn số 847/CCTKV20-QLDN1 ngày 17/6/2025 của Thuế tỉnh An Giang đề nghị hướng dẫn chính sách thuế. Về vấn đề này, Cục Thuế có ý kiến như sau: đề nghị Thuế tỉnh An Giang căn cứ tình hình thực tế, đối chiếu với quy định của pháp luật để hướng dẫn người nộp thuế thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT, CS.
"""

REPORT = """BÁO CÁO VỀ TÌNH HÌNH SẢN XUẤT KINH DOANH NGÀNH CÔNG NGHIỆP THÁNG 02 NĂM 2007
1. Tình hình chung:
Tháng 02 năm 2007 giá trị sản xuất công nghiệp ước đạt 39.897 tỷ đồng, giảm 19% so với tháng 01 năm 2007 và tăng 11,9% so với cùng kỳ; khu vực doanh nghiệp nhà nước tăng 8,4%, khu vực ngoài quốc doanh tăng 15%.
Nguồn: VỤ KINH TẾ CÔNG NGHIỆP
"""

APPENDIX = """Phụ lục II

KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU

(Kèm theo Quyết định số /QĐ-UBND ngày tháng năm 2026 của Chủ tịch UBND tỉnh Lâm Đồng)

Thứ hạng | Đơn vị | Điểm chuẩn tối đa | Điểm đạt được | Chỉ số chung | Xếp loại
1 | UBND xã Tuyên Quang | 99,00 | 88,09 | 88,98% | TỐT
2 | UBND phường Mũi Né | 99,00 | 86,50 | 87,38% | TỐT
"""

# --- (text, is it an administrative document?) ---------------------------------------------------
KINDS = [
    ("plan with header and signature", HEADER + BODY + FOOTER, True),
    ("resolution without header block", RESOLUTION, True),
    ("official letter (công văn)", LETTER, True),
    ("report opening with its type", REPORT, True),
    ("appendix of a decision", APPENDIX, True),
    ("legal Q&A page", QA_PAGE, False),
    ("news article", NEWS, False),
    ("encyclopedia page", ENCYCLOPEDIA, False),
    # A Q&A page that prints a form (mẫu) with a motto, a number and a type line is still a page.
    ("Q&A page with a form", "# Mẫu quyết định thành lập Ban Chỉ đạo mới nhất? Tải mẫu ở đâu?\n\n"
     "Mẫu quyết định thành lập Ban Chỉ đạo được quy định như sau:\n\n" + HEADER.replace("KẾ HOẠCH", "QUYẾT ĐỊNH")
     + BODY, False),
    ("too short to tell", "Kế hoạch số 12/KH-UBND", True),
]


@pytest.mark.parametrize("name,text,expected", KINDS, ids=[k[0] for k in KINDS])
def test_document_or_page(name: str, text: str, expected: bool):
    kind = classify(text)
    assert kind.is_document is expected, kind


@pytest.mark.parametrize("name,text", [(n, t) for n, t, doc in KINDS if not doc], ids=[n for n, _, doc in KINDS if not doc])
def test_a_page_gets_a_finding_and_no_invented_tasks(name: str, text: str):
    plan = extract_plan(text, name="page.txt")
    assert plan.tasks == [] and plan.units == []
    [finding] = [f for f in plan.findings if f.code == "document.not_administrative"]
    assert finding.severity == "warning" and "no tasks were extracted" in finding.message


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")), ids=lambda p: p.name)
def test_every_sample_is_a_document(sample: Path):
    plan = extract_plan(sample)
    assert not [f for f in plan.findings if f.code == "document.not_administrative"]
    assert plan.tasks


def test_batch_counts_and_lists_the_pages(tmp_path: Path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ke-hoach.txt").write_text(HEADER + BODY + FOOTER, encoding="utf-8")
    (src / "hoi-dap.txt").write_text(QA_PAGE, encoding="utf-8")
    (src / "tin-tuc.txt").write_text(NEWS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--no-progress", "--jobs", "2"]) == 0
    err = capsys.readouterr().err
    assert "not documents        │ 2" in err and "kehoach: warning" not in err
    listed = [json.loads(line) for line in (out / WARNINGS_NAME).read_text(encoding="utf-8").splitlines()]
    assert [(Path(w["file"]).name, w["code"]) for w in listed] == [
        ("hoi-dap.txt", "document.not_administrative"), ("tin-tuc.txt", "document.not_administrative")]
    assert json.loads((out / "hoi-dap.json").read_text(encoding="utf-8"))["tasks"] == []
    assert json.loads((out / "ke-hoach.json").read_text(encoding="utf-8"))["tasks"]
    # A second run skips the files and still counts and lists them.
    assert main(["extract", str(src), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "up to date (skipped) │ 3" in err and "not documents        │ 2" in err
    assert len((out / WARNINGS_NAME).read_text(encoding="utf-8").splitlines()) == 2


def test_data_file_entries_match_their_examples():
    raw = (DATA / "doc_kind.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    rules = _rules()
    comments = dict(re.findall(r"^  - (.+?)\s+# (.+)$", raw, re.M))
    for entry in data["doc_types"]:
        example = comments[entry].split(" / ")[0]
        assert rules["type_line"].match(example), (entry, example)
    for entry in data["issuers"]:
        assert rules["issuer_line"].match(comments[entry]), (entry, comments[entry])
    for phrase in data["furniture"]:
        assert phrase in comments[phrase], phrase
    assert len(set(data["doc_types"])) == len(data["doc_types"]) and len(set(data["issuers"])) == len(data["issuers"])


def test_an_excerpt_without_header_gives_its_tasks_with_document(tmp_path: Path, capsys):
    # An officer pastes part II of the sample plan into a file: no motto, number, issuer or signature.
    sample = (SAMPLES / "ninh-thuan-2017-ttdn.txt").read_text(encoding="utf-8")
    excerpt = sample[sample.index("II. CÁC NỘI DUNG TRIỂN KHAI"):sample.index("IV. TỔ CHỨC THỰC HIỆN")]
    path = tmp_path / "trich-doan.txt"
    path.write_text(excerpt, encoding="utf-8")
    out = tmp_path / "out"

    def run(*options: str) -> dict:
        assert main(["extract", str(path), "-o", str(out), "--format", "json", "--no-progress", *options]) == 0
        return json.loads((out / "trich-doan.json").read_text(encoding="utf-8"))

    plan = run()
    assert plan["tasks"] == []
    [finding] = [f for f in plan["findings"] if f["code"] == "document.not_administrative"]
    assert "--document" in finding["suggestion"]
    # the option changes the outputs, so the cache does not take the first run's for up to date
    plan = run("--document")
    assert len(plan["tasks"]) >= 10 and not [f for f in plan["findings"] if f["code"] == "document.not_administrative"]
    assert "up to date (skipped) │ 0" in capsys.readouterr().err
    run("--document")
    assert "up to date (skipped) │ 1" in capsys.readouterr().err
    assert run()["tasks"] == []
