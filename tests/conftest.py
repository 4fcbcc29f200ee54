"""Shared test helpers: build a plan from a few lines of real phrasing."""
from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.pipeline.run import extract_plan
from kehoach.schemas import Plan

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
OUTPUTS = ROOT / "outputs"
FIXTURES = Path(__file__).parent / "fixtures"

HEADER = (
    "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
    "Số: 125/KH-UBND | Ninh Thuận, ngày 12 tháng 5 năm 2020\n\nKẾ HOẠCH\n\nTriển khai thực hiện nhiệm vụ năm 2020\n\n"
)
FOOTER = "\n\nNơi nhận: - Các Sở, ban, ngành; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Bình\n"


def plan_of(body: str, *, header: bool = True) -> Plan:
    """The plan of a small document: a standard header, `body`, a standard footer."""
    text = (HEADER if header else "") + body.strip("\n") + FOOTER
    return extract_plan(text, name="test.txt")


def unit_names(plan: Plan, ids: list[str]) -> list[str]:
    names = {u.id: u for u in plan.units}
    return [names[i].name for i in ids]


def surfaces(plan: Plan, task, role: str) -> list[str]:
    """The units of a task in one role, as written in the text."""
    return [a.text for a in task.assignments if a.role == role]


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLES / "ninh-thuan-2017-ttdn.txt"


@pytest.fixture(scope="session")
def sample_plan(sample_path: Path) -> Plan:
    return extract_plan(sample_path)


def wait_for_server(proc, port: int, what: str, seconds: float = 60) -> None:
    """Wait until a server started in `proc` answers on localhost:`port`; fail the test with its
    output if it exits or does not answer in time."""
    import socket
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{what} did not start:\n{proc.stdout.read()}", pytrace=False)
            time.sleep(0.2)
