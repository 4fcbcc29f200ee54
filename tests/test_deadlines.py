"""Tests of extractors/deadlines.py: time phrases of Vietnamese plans → Deadline.

Phrases are taken from real Kế hoạch / Chỉ thị texts (hand-written gold) or written the same way.
"""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extractors import deadlines
from kehoach.extractors.deadlines import PHRASES, find_deadline, parse_deadline
from kehoach.schemas import Deadline

Y = "yearly"


def fields(d: Deadline | None) -> dict:
    """The fields a test compares: everything but span and line, defaults left out."""
    assert d is not None
    return d.model_dump(exclude_none=True, exclude_defaults=True, exclude={"span", "line"})


# (field value as written, expected fields). `text` defaults to the value without its final '.'.
PARSE_CASES: list[tuple[str, dict]] = [
    # --- recurring deadline on a day of the year / month -------------------------------------
    ("trước ngày 30/11 hằng năm", {"recurrence": Y, "day_month": "30/11"}),
    ("định kỳ trước ngày 30 tháng 11 hàng năm", {"recurrence": Y, "day_month": "30/11"}),
    ("hằng năm (trước ngày 15 tháng 11)", {"recurrence": Y, "day_month": "15/11"}),
    ("trước ngày 25/12 hàng năm.", {"recurrence": Y, "day_month": "25/12"}),
    ("Hằng năm, trước ngày 15/12", {"recurrence": Y, "day_month": "15/12"}),
    ("trước ngày 5/9 hằng năm", {"recurrence": Y, "day_month": "05/09"}),
    ("trước ngày 20 hằng tháng", {"recurrence": "monthly", "day_month": "20"}),
    ("trước ngày 15 hằng tháng.", {"recurrence": "monthly", "day_month": "15"}),
    ("vào ngày 15 hàng tháng", {"recurrence": "monthly", "day_month": "15"}),
    # --- recurrence words ---------------------------------------------------------------------
    ("Hàng tháng hoặc Quý, tùy theo tình hình của đơn vị, địa phương.",
     {"text": "Hàng tháng hoặc Quý", "recurrence": "monthly|quarterly"}),
    ("Hằng năm.", {"recurrence": Y}),
    ("Hàng năm", {"recurrence": Y}),
    ("hàng năm", {"recurrence": Y}),
    ("HẰNG NĂM", {"recurrence": Y}),
    ("Theo kế hoạch công tác tư pháp hàng năm.", {"recurrence": Y}),
    ("Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm.", {"recurrence": Y}),
    ("Hằng quý", {"recurrence": "quarterly"}),
    ("Định kỳ hàng quý", {"recurrence": "quarterly"}),
    ("định kỳ 6 tháng", {"recurrence": "half-yearly"}),
    ("Hằng tuần", {"recurrence": "weekly"}),
    ("hằng ngày", {"recurrence": "daily"}),
    # --- continuous ---------------------------------------------------------------------------
    ("Thường xuyên.", {"ongoing": True}),
    ("Thực hiện thường xuyên .", {"text": "Thực hiện thường xuyên", "ongoing": True}),
    ("Thường xuyên, theo yêu cầu nhiệm vụ.", {"ongoing": True}),
    ("Thường xuyên", {"ongoing": True}),
    # --- half years and quarters --------------------------------------------------------------
    ("Trong 6 tháng cuối năm 2017", {"start": "2017-07-01", "due": "2017-12-31"}),
    ("6 tháng đầu năm 2026", {"start": "2026-01-01", "due": "2026-06-30"}),
    ("06 tháng cuối năm 2025", {"start": "2025-07-01", "due": "2025-12-31"}),
    ("Quý III/2017", {"start": "2017-07-01", "due": "2017-09-30"}),
    ("Quý III Năm 2026", {"start": "2026-07-01", "due": "2026-09-30"}),
    ("Quý 3/2026", {"start": "2026-07-01", "due": "2026-09-30"}),
    ("Quý I/2026", {"start": "2026-01-01", "due": "2026-03-31"}),
    ("quý II năm 2026", {"start": "2026-04-01", "due": "2026-06-30"}),
    ("Quý IV/2025- Quý II/2026", {"start": "2025-10-01", "due": "2026-06-30"}),
    ("Quý IV/2025 đến Quý II/2026", {"start": "2025-10-01", "due": "2026-06-30"}),
    ("Quý I và Quý II năm 2026", {"start": "2026-01-01", "due": "2026-06-30"}),
    ("Quý IV năm 2025 và các năm tiếp theo.", {"start": "2025-10-01"}),
    ("hoàn thành trong Quý IV/2025", {"start": "2025-10-01", "due": "2025-12-31"}),
    ("trước Quý IV/2025", {"due": "2025-09-30"}),
    # --- years and stages ---------------------------------------------------------------------
    ("năm 2017 và các năm tiếp theo", {"start": "2017-01-01"}),
    ("Năm 2026 và các năm tiếp theo.", {"start": "2026-01-01"}),
    ("Giai đoạn 2026-2030 và những năm tiếp theo.", {"start": "2026-01-01"}),
    ("Giai đoạn 2026-2030", {"start": "2026-01-01", "due": "2030-12-31"}),
    ("giai đoạn 2025 – 2030", {"start": "2025-01-01", "due": "2030-12-31"}),
    ("từ năm 2026 đến năm 2030", {"start": "2026-01-01", "due": "2030-12-31"}),
    ("đến hết năm 2030", {"due": "2030-12-31"}),
    ("Năm 2025", {"start": "2025-01-01", "due": "2025-12-31"}),
    ("Hoàn thành trong năm 2025.", {"due": "2025-12-31"}),
    ("Trong năm 2025", {"due": "2025-12-31"}),
    # --- months -------------------------------------------------------------------------------
    ("Tháng 12/2025.", {"start": "2025-12-01", "due": "2025-12-31"}),
    ("xong trong tháng 12/2025", {"start": "2025-12-01", "due": "2025-12-31"}),
    ("trong tháng 12 năm 2025", {"start": "2025-12-01", "due": "2025-12-31"}),
    ("Tháng 02/2024", {"start": "2024-02-01", "due": "2024-02-29"}),
    ("Từ tháng 7/2025", {"start": "2025-07-01"}),
    # --- days ---------------------------------------------------------------------------------
    ("hoàn thành trước ngày 31/12/2025", {"due": "2025-12-31"}),
    ("trước ngày 31 tháng 12 năm 2025", {"due": "2025-12-31"}),
    ("Từ 01/7/2025.", {"start": "2025-07-01"}),
    ("Từ ngày 01/7/2025 đến ngày 31/12/2025", {"start": "2025-07-01", "due": "2025-12-31"}),
    ("chậm nhất ngày 30/6/2026", {"due": "2026-06-30"}),
    ("trước ngày 15.10.2025", {"due": "2025-10-15"}),
    ("trước ngày 15-10-2025", {"due": "2025-10-15"}),
    ("ngày 07 tháng 9 năm 2015", {"due": "2015-09-07"}),
    # --- no date named: text only -------------------------------------------------------------
    ("Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo.", {}),
    ("Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành.", {}),
    ("Sau khi Nghị định quy định chi tiết thi hành một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật ban hành", {}),
    ("sau khi Chiến lược tiêu chuẩn quốc gia được ban hành", {}),
    ("Sau khi Quyết định số 12/QĐ-UBND ngày 10/3/2025 được ban hành", {}),
    # --- invalid or incomplete dates: text only, never an exception ---------------------------
    ("trước ngày 31/2/2025", {}),
    ("trước ngày 31/2 hằng năm", {"recurrence": Y}),
    ("trước ngày 30/11", {}),
]


@pytest.mark.parametrize("value,expected", PARSE_CASES, ids=[c[0][:40] for c in PARSE_CASES])
def test_parse_deadline_table(value: str, expected: dict) -> None:
    expected = dict(expected)
    expected.setdefault("text", re.sub(r"[\s.]+$", "", value))
    d = parse_deadline(value, offset=7, line=3)
    assert fields(d) == expected
    assert d.line == 3
    assert value[d.span.start - 7:d.span.end - 7] == d.text


def test_parse_deadline_counts() -> None:
    assert len(PARSE_CASES) >= 40


def test_doc_year_fills_day_month_without_year() -> None:
    assert parse_deadline("trước ngày 30/11", doc_year=2025).due == "2025-11-30"
    assert parse_deadline("Từ 01/7", doc_year=2025).start == "2025-07-01"
    # A recurrence keeps its day and month; the document year does not turn it into one date.
    d = parse_deadline("trước ngày 30/11 hằng năm", doc_year=2025)
    assert (d.due, d.day_month) == (None, "30/11")
    # A year written in the phrase wins over the document year.
    assert parse_deadline("trước ngày 30/11/2026", doc_year=2025).due == "2026-11-30"


def test_parse_deadline_empty_values() -> None:
    assert parse_deadline("") is None
    assert parse_deadline("   .  ") is None
    assert parse_deadline(None) is None  # type: ignore[arg-type]


def test_parse_deadline_leading_space_span() -> None:
    value = "  Quý III Năm 2026."
    d = parse_deadline(value, offset=100)
    assert d.text == "Quý III Năm 2026"
    assert (d.span.start, d.span.end) == (102, 118)


# (running task text, expected phrase text, expected fields other than text) — from real tasks.
FIND_CASES: list[tuple[str, str, dict]] = [
    ("Thực hiện rà soát, thống kê tất cả các công trình khai thác nước dưới đất trên địa bàn, "
     "hoàn thành trước ngày 31/12/2025 và tổng hợp báo cáo về Sở Nông nghiệp và Môi trường",
     "hoàn thành trước ngày 31/12/2025", {"due": "2025-12-31"}),
    ("Theo dõi, đôn đốc kết quả triển khai thực hiện của địa phương, đơn vị, tổng hợp báo cáo "
     "Ủy ban nhân dân tỉnh trước ngày 25/12 hàng năm.",
     "trước ngày 25/12 hàng năm", {"recurrence": Y, "day_month": "25/12"}),
    ("Hằng năm, tổ chức kiểm tra, đánh giá tình hình thực hiện Chương trình trên địa bàn",
     "Hằng năm", {"recurrence": Y}),
    ("e) Hằng năm, tổ chức kiểm tra, đánh giá tình hình thực hiện Chương trình",
     "Hằng năm", {"recurrence": Y}),
    ("Tổ chức tập huấn, bồi dưỡng chuyên môn, nghiệp vụ; hội thảo, tọa đàm về giáo dục, dinh dưỡng, "
     "chăm sóc sức khỏe và bảo đảm an toàn cho trẻ em hàng năm.",
     "hàng năm", {"recurrence": Y}),
    ("yêu cầu các cơ quan, đơn vị báo cáo kết quả thực hiện Kế hoạch về Sở Thông tin và Truyền thông "
     "trước ngày 30/11 hằng năm để tổng hợp, báo cáo Ủy ban nhân dân tỉnh",
     "trước ngày 30/11 hằng năm", {"recurrence": Y, "day_month": "30/11"}),
    ("Thường xuyên kiểm tra chất lượng nước cấp cho mục đích sinh hoạt đối với các đơn vị cấp nước",
     "Thường xuyên", {"ongoing": True}),
    ("Sở Khoa học và Công nghệ có trách nhiệm giúp Chủ tịch theo dõi, đôn đốc các sở, ngành, "
     "báo cáo Chủ tịch Ủy ban nhân dân tỉnh kết quả thực hiện hằng năm theo quy định; đề xuất khen thưởng",
     "hằng năm", {"recurrence": Y}),
    ("Ủy ban nhân dân Thành phố yêu cầu các Sở, ban, ngành nghiêm túc triển khai thực hiện; định kỳ trước "
     "ngày 30 tháng 11 hàng năm báo cáo kết quả thực hiện về UBND Thành phố",
     "định kỳ trước ngày 30 tháng 11 hàng năm", {"recurrence": Y, "day_month": "30/11"}),
    ("Các Sở, ban, ngành cập nhật kết quả triển khai Đề án 06 trước ngày 20 hằng tháng lên phần mềm theo dõi",
     "trước ngày 20 hằng tháng", {"recurrence": "monthly", "day_month": "20"}),
    ("Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch triển khai thực hiện phù hợp với chức năng, "
     "nhiệm vụ xong trong tháng 12/2025.",
     "xong trong tháng 12/2025", {"start": "2025-12-01", "due": "2025-12-31"}),
    ("Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11) "
     "hoặc theo đề nghị để tổng hợp",
     "hằng năm (trước ngày 15 tháng 11)", {"recurrence": Y, "day_month": "15/11"}),
    ("Trong 6 tháng cuối năm 2017 tập trung một số nhiệm vụ trọng tâm: Tích cực tuyên truyền",
     "Trong 6 tháng cuối năm 2017", {"start": "2017-07-01", "due": "2017-12-31"}),
    ("Tổ chức sơ kết việc thực hiện Chỉ thị số 26/CT-BTTTT ngày 21/6/2017, hoàn thành trong Quý IV/2025",
     "hoàn thành trong Quý IV/2025", {"start": "2025-10-01", "due": "2025-12-31"}),
    # the most specific phrase wins: a date beats "thường xuyên" at the start
    ("Thường xuyên rà soát, cập nhật cơ sở dữ liệu, hoàn thành trước ngày 30/6/2026",
     "hoàn thành trước ngày 30/6/2026", {"due": "2026-06-30"}),
    ("- Thời gian thực hiện: Quý IV/2025- Quý II/2026.",
     "Quý IV/2025- Quý II/2026", {"start": "2025-10-01", "due": "2026-06-30"}),
]


@pytest.mark.parametrize("text,phrase,expected", FIND_CASES, ids=[c[1] for c in FIND_CASES])
def test_find_deadline_in_running_text(text: str, phrase: str, expected: dict) -> None:
    d = find_deadline(text, offset=1000, line=12)
    assert fields(d) == {"text": phrase, **expected}
    assert text[d.span.start - 1000:d.span.end - 1000] == phrase
    assert d.line == 12


# Running text with no deadline, including near misses.
NO_DEADLINE = [
    # plain duties
    "Tăng cường công tác tuyên truyền, phổ biến, tập huấn các quy định của pháp luật về tài nguyên nước",
    "Phối hợp với Sở Giáo dục và Đào tạo kiểm tra việc thực hiện chính sách",
    # dates of cited documents
    "Tổ chức triển khai thực hiện đạt hiệu quả Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông",
    "Tổ chức rà soát, xác định nơi có nhiều lao động theo quy định tại Nghị định số 145/2020/NĐ-CP "
    "ngày 14 tháng 12 năm 2020 của Chính phủ",
    "Thực hiện nghiêm túc Điều 3 Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 hướng dẫn quản lý hoạt động",
    "bảo đảm an ninh mạng theo tiêu chuẩn TCVN 14423:2025 về An ninh mạng",
    # 'thường xuyên' as an adjective or inside the clause
    "Tổ chức có hiệu quả phong trào thi đua thường xuyên và phong trào thi đua theo chuyên đề",
    "Chỉ đạo lực lượng Kiểm lâm thường xuyên tổ chức lực lượng, phối hợp tuần tra, kiểm tra rừng",
    "Sở Tài chính chủ trì bố trí kinh phí chi thường xuyên trong dự toán ngân sách nhà nước hàng năm cho các cơ quan",
    # recurrence words describing a noun
    "Tham mưu quyết định cơ chế lồng ghép; dự toán kinh phí hàng năm, kinh phí tổng thể và đề xuất nguồn vốn",
    "Tiếp tục đầu tư mạng lưới cấp nước nhằm đạt tỷ lệ sử dụng nước theo Nghị quyết hằng năm của Hội đồng nhân dân thành phố.",
    "Tổ chức tập huấn cho các đối tượng tham gia hoạt động thông tin đối ngoại hàng năm, đặc biệt là ở khu vực biên giới",
    "Tổ chức tập huấn theo kế hoạch công tác tư pháp hàng năm.",
    # periods that qualify a noun, not the task
    "Đối với các nhiệm vụ triển khai trong năm 2025, các sở, ngành liên quan chủ động bố trí kinh phí",
    "Ban hành kế hoạch thực hiện Chương trình tại địa phương giai đoạn 2025 - 2035, định hướng đến năm 2045.",
    "Phấn đấu 100% trẻ em từ 06 tháng đến 36 tháng tuổi được đến trường",
    # field values that name no date are not deadlines in running text
    "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo",
    "Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành",
    "Sau khi Nghị định quy định chi tiết thi hành Luật ban hành",
    # invalid date
    "Hoàn thành trước ngày 31/2/2025 việc rà soát",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NO_DEADLINE, ids=[t[:40] for t in NO_DEADLINE])
def test_find_deadline_none(text: str) -> None:
    assert find_deadline(text) is None


def test_find_uses_doc_year_for_triggered_day() -> None:
    d = find_deadline("Các đơn vị gửi báo cáo về Sở Tư pháp trước ngày 15/12 để tổng hợp", doc_year=2025)
    assert (d.text, d.due) == ("trước ngày 15/12", "2025-12-15")
    assert find_deadline("Các đơn vị gửi báo cáo về Sở Tư pháp trước ngày 15/12 để tổng hợp") is None


def test_first_of_equal_phrases_wins() -> None:
    d = find_deadline("Hằng năm, tổ chức hội nghị; báo cáo kết quả hằng quý.")
    assert (d.text, d.recurrence) == ("Hằng năm", Y)


# --------------------------------------------------------------------------- never raising


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-–() ,;:\nIVXQuýtháng năm hằngàtrước ngàyđịnhkỳ")), max_size=80),
       st.integers(min_value=0, max_value=10_000))
def test_odd_time_like_text_never_raises(text: str, offset: int) -> None:
    for fn in (find_deadline, parse_deadline):
        d = fn(text, offset)
        if d is not None:
            assert offset <= d.span.start <= d.span.end <= offset + len(text)
            assert text[d.span.start - offset:d.span.end - offset] == d.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    for fn in (find_deadline, parse_deadline):
        d = fn(text, 5, 1, doc_year=2025)
        if d is not None:
            assert 5 <= d.span.start <= d.span.end <= 5 + len(text)
            assert text[d.span.start - 5:d.span.end - 5] == d.text


# --------------------------------------------------------------------------- data pinning


def _entries() -> list[tuple[str, dict]]:
    return [(section, entry) for section, value in PHRASES.items() if isinstance(value, list) for entry in value]


def test_yaml_loaded_with_safe_load_and_complete() -> None:
    raw = yaml.safe_load(deadlines._DATA_PATH.read_text(encoding="utf-8"))
    assert raw == PHRASES
    sections = {"recurrence", "periodic", "ongoing", "triggers", "period_prefixes", "open_end", "halves",
                "calendar", "connectors", "drop_tails", "noun_heads", "reporting_verbs"}
    assert sections <= set(PHRASES)
    for section, entry in _entries():
        assert entry.get("phrases"), (section, entry)
        assert all(isinstance(p, str) and p.strip() == p and p for p in entry["phrases"]), entry
        assert isinstance(entry.get("example"), str) and entry["example"].strip(), (section, entry)


def test_yaml_has_comment_per_section() -> None:
    raw = deadlines._DATA_PATH.read_text(encoding="utf-8")
    lines = raw.splitlines()
    for section in PHRASES:
        idx = lines.index(f"{section}:")
        assert lines[idx - 1].startswith("#"), f"section {section} has no comment above it"


def test_every_phrase_is_an_atom() -> None:
    """Each listed phrase is matched by the scanner as written (no entry is shadowed or broken)."""
    for section, entry in _entries():
        if section in ("drop_tails", "noun_heads", "reporting_verbs", "connectors", "calendar"):
            continue  # context words, not atoms of their own
        for phrase in entry["phrases"]:
            m = deadlines._SCANNER.match(phrase)
            assert m is not None and m.end() == len(phrase), (section, phrase, m)


def test_examples_mean_what_their_entry_says() -> None:
    for section, entry in _entries():
        example = entry["example"]
        d = parse_deadline(example)
        assert d is not None, (section, example)
        if section == "recurrence":
            assert d.recurrence == entry["value"], example
        elif section == "ongoing":
            assert d.ongoing, example
        elif section == "halves":
            assert d.start and d.start[5:7] == ("01" if entry["half"] == 1 else "07"), example
        elif section in ("triggers", "period_prefixes", "open_end", "connectors", "calendar", "periodic"):
            assert d.start or d.due or d.recurrence, (section, example)
        elif section == "drop_tails":
            assert len(d.text) < len(example.rstrip(".")), example
        elif section == "noun_heads":
            assert find_deadline(example) is None, example
        elif section == "reporting_verbs":
            assert find_deadline(example) is not None, example


def test_trigger_roles_and_recurrence_values_are_known() -> None:
    assert {e["role"] for e in PHRASES["triggers"]} <= {"due", "complete", "within", "from", "to"}
    allowed = set(Deadline.model_fields["recurrence"].annotation.__args__[0].__args__)
    assert {e["value"] for e in PHRASES["recurrence"]} <= allowed


def test_variants_both_spellings() -> None:
    for word in ("hằng", "hàng"):
        assert parse_deadline(f"{word} năm").recurrence == Y
    assert parse_deadline("Quí III/2017").start == "2017-07-01"
    assert parse_deadline("Hàng tháng hoặc Quý, tuỳ theo tình hình").text == "Hàng tháng hoặc Quý"
