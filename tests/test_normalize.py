"""Normalisation: NFC, one tone-mark convention, clean spaces, line count kept."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.pipeline.normalize import normalize

TONES = [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("thuỷ lợi", "thủy lợi"),
    ("sức khoẻ", "sức khỏe"),
    ("văn hoá", "văn hóa"),
    ("Thuỵ Khuê", "Thụy Khuê"),
    ("quý III", "quý III"),  # "quý": qu + ý is already right
    ("Quỳnh Lưu", "Quỳnh Lưu"),
    ("giữa", "giữa"),
    ("hòa bình", "hòa bình"),  # already normalised: unchanged
]


@pytest.mark.parametrize("raw,expected", TONES)
def test_tone_marks(raw, expected):
    assert normalize(raw)[0] == expected


def test_nfc_spaces_and_line_breaks():
    text, steps = normalize("CO\u0302\u0323NG HÒA\t\u00a0XÃ  HỘI  \r\nline two\u200b\r\n")
    assert text == "CỘNG HÒA XÃ HỘI\nline two\n"
    assert steps == ["nfc", "line-breaks", "spaces"]


@given(st.text())
def test_line_count_is_kept(raw):
    text, _ = normalize(raw)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    assert text.count("\n") == lines.count("\n")


@given(st.text())
def test_idempotent(raw):
    once, _ = normalize(raw)
    assert normalize(once)[0] == once
