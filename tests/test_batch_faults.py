"""Faults in a batch: more files than a worker's quota, a worker killed mid-batch, a file that takes
too long, a full disk, an output folder that cannot be written. Each ends with the file named, the
batch going on (or stopping with one error when nothing more can be written), and no half-written
file.

The limits below (`timeout=`) only catch a hang; they are minutes, not measurements.
"""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FOOTER, HEADER, SAMPLES
from kehoach.pipeline import batch, export
from kehoach.pipeline.batch import ERRORS_NAME
from kehoach.pipeline.cli import main
from kehoach.pipeline.workers import run_jobs

SMALL = HEADER + "1. Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí trước ngày 30/6/2020." + FOOTER
SAMPLE = (SAMPLES / "ninh-thuan-2017-ttdn.txt").read_text(encoding="utf-8")


def cli(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True, timeout=timeout, **kw)


def outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp"))


def errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / ERRORS_NAME).read_text(encoding="utf-8").splitlines()]


def folder(root: Path, names: list[str], text: str = SMALL) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        (root / name).write_text(text, encoding="utf-8")
    return root


# --- more files than jobs × the worker quota (used to wait forever after jobs × quota files) -------


def test_more_files_than_two_workers_quota_finish(tmp_path: Path):
    count = 2 * batch.TASKS_PER_WORKER + 10
    src = folder(tmp_path / "in", [f"kh-{i:04}.txt" for i in range(count)])
    out = tmp_path / "out"
    result = cli("extract", str(src), "-o", str(out), "--jobs", "2", "-q", "--format", "json", timeout=600)
    assert result.returncode == 0, result.stderr
    assert len(outputs(out)) == count


def test_workers_are_replaced_after_their_quota():
    results: list[int] = []
    run_jobs(list(range(11)), _pid_of_worker, 2, results.append, lambda lost: pytest.fail(f"lost {lost}"),
             tasks_per_worker=2)
    assert len(results) == 11
    assert len(set(results)) >= 6  # 11 files, 2 per worker


def _pid_of_worker(job: int) -> int:
    return os.getpid()


# --- a worker killed mid-batch ------------------------------------------------------------------


def test_worker_killed_while_writing_is_reported_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    src = folder(tmp_path / "in", ["a.txt", "b-killed.txt", "c.txt", "d.txt"])
    out = tmp_path / "out"
    real = batch.process

    def dies_while_writing(job):
        if job.path.endswith("b-killed.txt"):
            with export.staged_writes():  # a temporary output on disk, not yet renamed
                export.write_atomic(Path(job.out_dir) / "b-killed.json", "{")
                os.kill(os.getpid(), signal.SIGKILL)
        return real(job)

    monkeypatch.setattr(batch, "process", dies_while_writing)
    assert main(["extract", str(src), "-o", str(out), "--jobs", "2", "-q"]) == 1
    [error] = errors(out)
    assert Path(error["file"]).name == "b-killed.txt" and error["kind"] == "worker"
    assert "died (killed by signal SIGKILL)" in error["error"]
    assert outputs(out) == sorted([ERRORS_NAME] + [f"{s}.{e}" for s in "acd" for e in ("checklist.md", "json")])
    assert leftovers(out) == []


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_worker_killed_from_outside_is_reported(tmp_path: Path):
    # "a-big" (a long document, seconds of work) goes to the first worker; the second does the
    # small ones, then both are killed with SIGKILL, as the kernel's out-of-memory killer would.
    src = folder(tmp_path / "in", ["b.txt", "c.txt", "d.txt"])
    (src / "a-big.txt").write_text(SAMPLE * 150, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "extract", str(src), "-o", str(out), "--jobs", "2",
                             "-q", "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all((out / f"{s}.json").exists() for s in "bcd"):
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers, "no worker process found"
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    [error] = errors(out)
    assert Path(error["file"]).name == "a-big.txt" and error["kind"] == "worker", error
    assert err.strip().splitlines() == [f"kehoach: error: {error['error']}"]
    assert outputs(out) == ["b.json", "c.json", "d.json", ERRORS_NAME]
    assert leftovers(out) == []


# --- a file that takes too long ------------------------------------------------------------------


def test_a_long_document_is_stopped_at_the_time_limit(tmp_path: Path):
    src = folder(tmp_path / "in", ["b.txt"])
    (src / "a-long.txt").write_text(SAMPLE * 150, encoding="utf-8")  # seconds of work, over a 1 s limit
    out = tmp_path / "out"
    started = time.monotonic()
    result = cli("extract", str(src), "-o", str(out), "--jobs", "1", "-q", "--time-limit", "1")
    assert time.monotonic() - started < 120
    assert result.returncode == 1, result.stderr
    [error] = errors(out)
    assert Path(error["file"]).name == "a-long.txt" and error["kind"] == "timeout"
    assert "took longer than the time limit of 1 s" in error["error"] and "--time-limit" in error["error"]
    assert outputs(out) == ["b.checklist.md", "b.json", ERRORS_NAME]
    assert leftovers(out) == []


def test_a_file_that_never_ends_is_stopped_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    src = folder(tmp_path / "in", ["a.txt", "b-hangs.txt", "c.txt"])
    out = tmp_path / "out"
    real = batch.process

    def hangs(job):
        if job.path.endswith("b-hangs.txt"):
            time.sleep(3600)
        return real(job)

    monkeypatch.setattr(batch, "process", hangs)
    started = time.monotonic()
    assert main(["extract", str(src), "-o", str(out), "--jobs", "2", "-q", "--time-limit", "1.5"]) == 1
    assert time.monotonic() - started < 120
    [error] = errors(out)
    assert Path(error["file"]).name == "b-hangs.txt" and error["kind"] == "timeout"
    assert outputs(out) == ["a.checklist.md", "a.json", "c.checklist.md", "c.json", ERRORS_NAME]


def test_time_limit_must_be_seconds(tmp_path: Path):
    result = cli("extract", str(SAMPLES / "ninh-thuan-2017-ttdn.txt"), "-o", str(tmp_path), "--time-limit", "-1")
    assert result.returncode == 2 and "--time-limit -1: expected seconds" in result.stderr


# --- a full disk, a folder that cannot be written -------------------------------------------------


def test_disk_full_stops_the_batch_with_one_error_and_no_partial_file(tmp_path: Path, monkeypatch, capsys):
    src = folder(tmp_path / "in", ["a.txt", "b.txt", "c.txt", "d.txt"])
    out = tmp_path / "out"
    real = export._write_fd
    writes = {"n": 0}

    def fills_up(fd: int, data: bytes) -> None:
        writes["n"] += 1
        if writes["n"] > 3:  # a.json, a.checklist.md, b.json fit; half of b.checklist.md does not
            real(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(export, "_write_fd", fills_up)
    assert main(["extract", str(src), "-o", str(out), "--jobs", "1", "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "b.txt (No space left on device); the batch stopped" in err[0] and err[0].startswith("kehoach: error: ")
    # a is whole; b has neither of its outputs (its first was written, then taken back); c, d not begun.
    assert [p for p in outputs(out) if not p.endswith("jsonl")] == ["a.checklist.md", "a.json"]
    assert leftovers(out) == []


def test_read_only_output_folder_is_one_error_before_anything_starts(tmp_path: Path, monkeypatch, capsys):
    # Root ignores directory permissions, so the folder refuses new files the way a read-only mount does.
    src = folder(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kw):
        if flags & os.O_CREAT and Path(path).resolve().is_relative_to(out.resolve()):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", read_only)
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"kehoach: error: {out}: cannot write to the output folder (Read-only file system)"]
    assert list(out.iterdir()) == []


def test_output_folder_that_cannot_be_created_is_one_error(tmp_path: Path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["extract", str(SAMPLES / "ninh-thuan-2017-ttdn.txt"), "-o", str(blocker / "out"), "-q"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"kehoach: error: {blocker / 'out'}: cannot write to the output folder (")


def test_temporary_files_of_a_run_killed_outright_are_removed_by_the_next(tmp_path: Path):
    # kill -9 of kehoach itself: its workers go with it, and what they were writing stays as
    # ".<name>.<pid>.<random>.tmp"; the next run removes the files of processes that no longer run.
    src = folder(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = [out / f".a.json.{dead}.k2j4_x.tmp", out / "sub" / f".b.checklist.md.{dead}.zz9q.tmp"]
    for f in stale:
        f.write_text("{", encoding="utf-8")
    alive = out / f".c.json.{os.getpid()}.abc123.tmp"  # a run still going: left alone
    alive.write_text("{", encoding="utf-8")
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    assert not any(f.exists() for f in stale) and alive.exists()


def test_workers_end_with_a_main_process_killed_outright(tmp_path: Path):
    src = folder(tmp_path / "in", [f"kh-{i:03}.txt" for i in range(20)], text=SAMPLE)
    (src / "a-long.txt").write_text(SAMPLE * 150, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "extract", str(src), "-o", str(tmp_path / "out"),
                             "--jobs", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_children(proc.pid)) < 2:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _running(pid)]


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_second_ctrl_c_stops_the_file_in_progress(tmp_path: Path):
    # The first Ctrl-C lets the file in progress finish; the second stops it, reports it, and
    # leaves nothing of it.
    src = folder(tmp_path / "in", ["a.txt", "c.txt"])
    (src / "b-long.txt").write_text(SAMPLE * 300, encoding="utf-8")  # seconds of work
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "extract", str(src), "-o", str(out), "--jobs", "1", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "a.json").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    [error] = errors(out)
    assert Path(error["file"]).name == "b-long.txt" and error["kind"] == "interrupted"
    assert outputs(out) == ["a.checklist.md", "a.json", ERRORS_NAME]
    assert leftovers(out) == []
