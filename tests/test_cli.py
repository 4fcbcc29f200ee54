"""The command line: outputs, bad input, exit codes, no half-written files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach import __version__
from kehoach.pipeline.cli import main
from conftest import SAMPLES


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True)


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "plan.txt"
    path.parent.mkdir()
    path.write_text((SAMPLES / "ninh-thuan-2017-ttdn.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_version_and_help():
    assert run("--version").stdout.strip() == f"kehoach {__version__}"
    out = run("extract", "--help").stdout
    assert "examples:" in out and "kehoach extract plan.txt -o out/" in out


def test_extract_writes_json_and_checklist(good: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert main(["extract", str(good), "-o", str(out), "-q"]) == 0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["schema_version"] == 1 and plan["source"]["file"] == "plan.txt"
    assert (out / "plan.checklist.md").read_text(encoding="utf-8").startswith("# KẾ HOẠCH")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["plan.checklist.md", "plan.json"]


def test_no_file_runs_on_the_bundled_samples(tmp_path: Path):
    assert main(["extract", "-o", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "ninh-thuan-2017-ttdn.json").is_file()


BAD_INPUTS = [
    # (file name, bytes or None for a directory / missing file, expected message part)
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"   \n\n  ", "file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary data, not text"),
    ("latin1.txt", "Kế hoạch số 12 – Phòng Nội vụ".encode("utf-8")[:3] + "café crème".encode("latin-1"), "not valid UTF-8"),
    ("folder", None, "is a directory with no .txt, .docx, .doc or .pdf document in it"),
    ("missing.txt", "missing", "no such file"),
]


@pytest.mark.parametrize("name,content,message", BAD_INPUTS)
def test_bad_input_is_one_line_and_the_rest_is_processed(tmp_path: Path, good: Path, name, content, message):
    bad = tmp_path / name
    if content is None:
        bad.mkdir()
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    out = tmp_path / "out"
    result = run("extract", str(bad), str(good), "-o", str(out), "-q")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"kehoach: error: {bad}: ") and message in errors[0]
    assert (out / "plan.json").is_file() and (out / "plan.checklist.md").is_file()
    assert not (out / f"{bad.stem}.json").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_unknown_format_is_a_usage_error(good: Path, tmp_path: Path):
    result = run("extract", str(good), "-o", str(tmp_path), "--format", "pdf")
    assert result.returncode == 2 and "unknown format pdf" in result.stderr


def test_output_is_byte_identical_across_runs(good: Path, tmp_path: Path):
    main(["extract", str(good), "-o", str(tmp_path / "a"), "-q"])
    main(["extract", str(good), "-o", str(tmp_path / "b"), "-q"])
    for name in ("plan.json", "plan.checklist.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_failed_write_leaves_no_partial_file(good: Path, tmp_path: Path, monkeypatch, capsys):
    from kehoach.pipeline import export

    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    assert main(["extract", str(good), "-o", str(out), "-q"]) == 1
    assert (out / "plan.json").read_text(encoding="utf-8") == "old"
    assert "No space left on device" in capsys.readouterr().err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
