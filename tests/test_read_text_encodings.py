"""The .txt reader on legacy and other encodings, and on tab-separated rows (issue 5, parts 4–5)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from kehoach.pipeline.errors import InputError
from kehoach.pipeline.read import legacy, read_document
from kehoach.pipeline.read.text import read_text_file, tabs_to_cells

PLAN = (
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n"
    "Số: 125/KH-UBND\n"
    "KẾ HOẠCH\n"
    "Triển khai thực hiện Chương trình cải cách hành chính năm 2026\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
    "1. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tham mưu kế hoạch.\n"
    "2. Sở Tài chính bố trí kinh phí thực hiện; hoàn thành trong quý II năm 2026.\n"
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → legacy characters, by the reader's own tables read backwards."""
    chars = yaml.safe_load((Path(legacy.__file__).with_name("data") / f"{encoding}.yaml").read_text(encoding="utf-8"))["chars"]
    back = {v: k for k, v in chars.items()}
    if encoding == "tcvn3":  # VN3 has no toned capitals: write them lower case (.VnTimeH draws them)
        return "".join(back.get(c, back.get(c.lower(), c)) for c in text)
    return "".join(back.get(c, c) for c in text)


def windows_1258(text: str) -> bytes:
    """Unicode → Windows-1258 bytes: base letter (ă â ê ô ơ ư đ composed), then the tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tone)
    return "".join(out).encode("cp1258")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def same_text(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).lower() == unicodedata.normalize("NFC", b).lower()


# ---- encodings --------------------------------------------------------------------------------

ENCODED = [
    # (file name, how the bytes are made, encoding read)
    ("tcvn3-8bit.txt", lambda: encode_legacy(PLAN, "tcvn3").encode("cp1252"), "tcvn3"),
    ("vni-8bit.txt", lambda: encode_legacy(PLAN, "vni").encode("cp1252"), "vni"),
    # LibreOffice's "Text (encoded) UTF-8" export of an old .doc: legacy characters, UTF-8 bytes
    ("tcvn3-as-utf8.txt", lambda: encode_legacy(PLAN, "tcvn3").encode("utf-8"), "tcvn3"),
    ("vni-as-utf8.txt", lambda: encode_legacy(PLAN, "vni").encode("utf-8"), "vni"),
    ("windows-1258.txt", lambda: windows_1258(PLAN), "windows-1258"),
    ("utf-16-le.txt", lambda: PLAN.encode("utf-16"), "utf-16"),
    ("utf-16-be.txt", lambda: b"\xfe\xff" + PLAN.encode("utf-16-be"), "utf-16"),
    ("utf-8-bom.txt", lambda: PLAN.encode("utf-8-sig"), "utf-8-sig"),
    ("decomposed.txt", lambda: unicodedata.normalize("NFD", PLAN).encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize("name,make,encoding", ENCODED)
def test_encodings_are_detected_and_converted(tmp_path: Path, name, make, encoding):
    raw = read_text_file(write(tmp_path, name, make()))
    assert raw.encoding == encoding
    # TCVN3 capitals typed in lower-case codes cannot be told apart: compare case-insensitively.
    assert same_text(raw.text, PLAN)
    if encoding in ("tcvn3", "vni"):
        assert raw.conversions == (f"{encoding}→unicode",)


def test_decomposed_unicode_is_left_to_normalisation(tmp_path: Path):
    raw = read_text_file(write(tmp_path, "nfd.txt", unicodedata.normalize("NFD", PLAN).encode("utf-8")))
    assert raw.text == unicodedata.normalize("NFD", PLAN) and raw.conversions == ()


def test_plain_utf8_is_untouched(tmp_path: Path):
    raw = read_text_file(write(tmp_path, "plain.txt", PLAN.encode("utf-8")))
    assert (raw.text, raw.encoding, raw.conversions, raw.locations) == (PLAN, "utf-8", (), ())


@pytest.mark.parametrize("forced", ["tcvn3", "TCVN3", "abc"])
def test_forced_encoding(tmp_path: Path, forced):
    path = write(tmp_path, "short.txt", encode_legacy("Sở Nội vụ", "tcvn3").encode("cp1252"))
    raw = read_text_file(path, encoding=forced)
    assert raw.text == "Sở Nội vụ" and raw.encoding == "tcvn3"


def test_forced_encoding_that_does_not_decode(tmp_path: Path):
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_text_file(write(tmp_path, "x.txt", b"Kh\xe1c"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'koi8-r'"):
        read_text_file(write(tmp_path, "y.txt", b"abc"), encoding="koi8-r")


def test_a_file_mixing_tcvn3_and_vni_lines_is_converted_line_by_line(tmp_path: Path):
    lines = (PLAN + PLAN).strip().split("\n")
    mixed = "\n".join(encode_legacy(line, "tcvn3" if i % 2 else "vni") for i, line in enumerate(lines))
    raw = read_text_file(write(tmp_path, "mixed.txt", mixed.encode("cp1252")))
    assert raw.encoding == "tcvn3+vni"
    assert same_text(raw.text, (PLAN + PLAN).strip())


def test_text_that_is_no_known_encoding_is_still_an_error(tmp_path: Path):
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_text_file(write(tmp_path, "latin1.txt", "café crème brûlée, déjà vu".encode("latin-1")))


def test_utf16_is_not_taken_for_binary(tmp_path: Path):
    assert read_document(write(tmp_path, "u16.txt", PLAN.encode("utf-16"))).text == PLAN


# ---- tab-separated rows ----------------------------------------------------------------------

TABS = [
    # (line, line read)
    ("1\tSở Tài chính\tQuý II/2025", "1 | Sở Tài chính | Quý II/2025"),
    ("UBND TỈNH CÀ MAU\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND TỈNH CÀ MAU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("  Số: 991/QĐ-UBND  \t  \tĐồng Xoài, ngày 14 tháng 5 năm 2008", "Số: 991/QĐ-UBND | Đồng Xoài, ngày 14 tháng 5 năm 2008"),
    ("\tCăn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Luật Tổ chức chính quyền địa phương;"),
    ("1.\tMục đích", "1. Mục đích"),
    ("a)\tSở Nội vụ chủ trì", "a) Sở Nội vụ chủ trì"),
    ("-\tPhối hợp với Công an tỉnh", "- Phối hợp với Công an tỉnh"),
    ("\tĐiều 1.\tPhạm vi điều chỉnh", "Điều 1. Phạm vi điều chỉnh"),
    ("Không có tab", "Không có tab"),
]


@pytest.mark.parametrize("line,expected", TABS)
def test_tabs_to_cells(line, expected):
    assert tabs_to_cells(line)[0] == expected


def test_tab_rows_keep_their_line_and_cells(tmp_path: Path):
    text = "KẾ HOẠCH\r\nTT\tNội dung\tCơ quan chủ trì\r\n1\tRà soát thủ tục\tSở Tư pháp\r\n\tGhi chú\n"
    raw = read_text_file(write(tmp_path, "table.txt", text.encode("utf-8")))
    assert raw.text.split("\r\n")[1:3] == ["TT | Nội dung | Cơ quan chủ trì", "1 | Rà soát thủ tục | Sở Tư pháp"]
    assert raw.conversions == ("tabs→cells",)
    assert [loc.line for loc in raw.locations] == [1, 2, 3, 4, 5]
    assert [loc.cells for loc in raw.locations] == [(), (0, 1, 2), (0, 1, 2), (), ()]


def test_tab_rows_reach_the_plan(tmp_path: Path):
    from kehoach.pipeline.run import extract_plan

    body = PLAN + "II. TỔ CHỨC THỰC HIỆN\nTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\n1\tRà soát thủ tục hành chính\tSở Tư pháp\tSở Nội vụ\n"
    plan = extract_plan(write(tmp_path, "plan.txt", body.encode("utf-8")))
    assert plan.source.conversions[0] == "tabs→cells"
    assert plan.source.characters > 0
