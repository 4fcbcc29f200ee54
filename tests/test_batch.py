"""Batch runs: folders, bad and duplicate files, resuming, --force, interruption."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kehoach.pipeline.batch import CACHE_NAME, ERRORS_NAME
from kehoach.pipeline.cli import main
from conftest import SAMPLES

SAMPLE = (SAMPLES / "ninh-thuan-2017-ttdn.txt").read_text(encoding="utf-8")
OTHER = (SAMPLES / "quangtri-06-ct-ubnd-2025-lan-chiem-rung.txt").read_text(encoding="utf-8")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "2017").mkdir(parents=True)
    (root / "2025" / "chi-thi").mkdir(parents=True)
    (root / "2017" / "ke-hoach.txt").write_text(SAMPLE, encoding="utf-8")
    (root / "2017" / "ke-hoach-copy.txt").write_text(SAMPLE, encoding="utf-8")  # a duplicate
    (root / "2025" / "chi-thi" / "ke-hoach.txt").write_text(OTHER, encoding="utf-8")  # same name, other folder
    (root / "2025" / "empty.txt").write_bytes(b"")
    (root / "2025" / "scan.pdf").write_bytes(b"%PDF-1.4\n%garbage that is no PDF\n")
    (root / "2025" / "notes.odt").write_bytes(b"ignored: not a document kehoach reads")
    return root


def outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_folder_with_good_bad_and_duplicate_files(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "-q", "--jobs", "2"]) == 1
    assert outputs(out) == [
        "2017/ke-hoach-copy.checklist.md", "2017/ke-hoach-copy.json",
        "2017/ke-hoach.checklist.md", "2017/ke-hoach.json",
        "2025/chi-thi/ke-hoach.checklist.md", "2025/chi-thi/ke-hoach.json",
        ERRORS_NAME,
    ]
    errors = [json.loads(line) for line in (out / ERRORS_NAME).read_text(encoding="utf-8").splitlines()]
    assert [Path(e["file"]).name for e in errors] == ["empty.txt", "scan.pdf"]
    assert "file is empty" in errors[0]["error"]
    # The duplicate gives the same plan under its own name.
    a = json.loads((out / "2017/ke-hoach.json").read_text(encoding="utf-8"))
    b = json.loads((out / "2017/ke-hoach-copy.json").read_text(encoding="utf-8"))
    assert a["tasks"] == b["tasks"] and a["source"]["sha256"] == b["source"]["sha256"]


def test_rerun_skips_up_to_date_files_and_force_redoes_them(archive: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress"])
    first = (out / "2017" if False else out / "ke-hoach.json").stat().st_mtime_ns
    capsys.readouterr()
    assert main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress"]) == 0
    assert "up to date (skipped) │ 2" in capsys.readouterr().err
    assert (out / "ke-hoach.json").stat().st_mtime_ns == first
    # A changed input is redone; --force redoes everything.
    (archive / "2017" / "ke-hoach.txt").write_text(SAMPLE + "\n", encoding="utf-8")
    main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress"])
    assert "extracted            │ 1" in capsys.readouterr().err
    main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress", "--force"])
    assert "extracted            │ 2" in capsys.readouterr().err
    cache = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))
    assert sorted(cache) == ["ke-hoach", "ke-hoach-copy"]


def test_asking_for_a_new_format_redoes_the_file(archive: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress", "--format", "json"])
    capsys.readouterr()
    main(["extract", str(archive / "2017"), "-o", str(out), "--no-progress", "--format", "json,md"])
    assert "extracted            │ 2" in capsys.readouterr().err
    assert (out / "ke-hoach.checklist.md").is_file()


def whole(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.json") if not p.name.startswith("."))


def test_interrupted_run_leaves_only_whole_files(tmp_path: Path):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(60):
        (src / f"plan-{i:03}.txt").write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "extract", str(src), "-o", str(out), "--jobs", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(whole(out)) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    done = whole(out)
    assert 5 <= len(done) < 60
    for path in done:
        json.loads(path.read_text(encoding="utf-8"))  # whole, valid JSON
    # The next run finishes the rest and skips what was done.
    assert main(["extract", str(src), "-o", str(out), "-q", "--jobs", "2"]) == 0
    assert len(whole(out)) == 60
