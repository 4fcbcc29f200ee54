"""Property: the whole pipeline never raises on edited real text, and every item it reports can
be found again in the normalised text at the offsets and line it gives."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.pipeline.normalize import normalize
from kehoach.pipeline.run import extract_plan

SAMPLE = (Path(__file__).resolve().parents[1] / "samples" / "ninh-thuan-2017-ttdn.txt").read_text(encoding="utf-8")
REAL = SAMPLE[: 6000]  # header, the background part and the first duties: every kind of line

# Pieces of the documents' own language: markers, field labels, roles, unit names, dates.
_PIECES = st.sampled_from([
    "\n", "\n\n", "\n- ", "\n+ ", "\n1. ", "\na) ", "\nb. ", "\nII. ", "\nThứ hai, ", ": ", "; ", ", ", ". ", "(", ")",
    "Đơn vị chủ trì: ", "Đơn vị phối hợp: ", "Thời gian thực hiện: ", "chủ trì, phối hợp với ", "Giao ",
    "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân các huyện", "các sở, ban, ngành",
    "Công an tỉnh", "Bộ tư lệnh Vùng Cảnh sát biển 3", " có trách nhiệm ", "trước ngày 30/11 hằng năm",
    "Quý II/2026", "Quyết định số 12/QĐ-UBND ngày 03/01/2025 của Chủ tịch UBND tỉnh", "Nghị định nêu trên",
    "TỔ CHỨC THỰC HIỆN", "Nơi nhận:", "KT. CHỦ TỊCH", "\t", "\u00a0", "o\u0300", "x",
])


def _check(text: str) -> None:
    plan = extract_plan(text, name="edited.txt")
    norm, _ = normalize(text)
    lines = norm.count("\n") + 1

    def where(span, line):
        assert 0 <= span.start <= span.end <= len(norm)
        assert 1 <= line <= lines
        assert norm.count("\n", 0, span.start) + 1 == line

    for s in plan.sections:
        where(s.span, s.line)
    units = {u.id for u in plan.units}
    for t in plan.tasks:
        where(t.span, t.line)
        assert set(t.lead_units) | set(t.support_units) <= units
        for a in t.assignments:
            where(a.span, a.line)
            assert " ".join(norm[a.span.start:a.span.end].split()) == a.text
    for r in plan.legal_refs:
        for m in r.mentions:
            assert norm[m.span.start:m.span.end] == m.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(REAL)), st.integers(0, 12), st.lists(_PIECES, max_size=5).map("".join)),
                min_size=1, max_size=10))
def test_edited_real_text_never_raises_and_every_item_points_back(edits):
    text = REAL
    for pos, cut, insert in edits:
        pos = min(pos, len(text))
        text = text[:pos] + insert + text[pos + cut:]
    _check(text)


def test_the_unedited_sample_points_back():
    _check(SAMPLE)
