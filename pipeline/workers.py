"""Worker processes for a batch: one file at a time per worker, a time limit per file, and a report
for a worker that dies.

`run_jobs(jobs, func, workers, on_result, …)` runs `func(job)` for every job in worker processes
and calls `on_result` in the main process with each result, in the order they finish.

- The main process hands each worker one file at a time, so it always knows which file a worker
  holds. A worker that dies (SIGKILL, out of memory, a crash in a C library) is reported with that
  file and replaced; a file that runs past `time_limit` seconds has its worker killed, is reported,
  and the worker is replaced. The temporary files a killed worker left are removed (they carry its
  process id, see `export.write_atomic`), so no half-written file stays behind.
- A worker is retired after `tasks_per_worker` files and a new one started, which keeps memory
  flat over a long batch. Workers are forked from the main process where the platform allows, after
  it has imported the pipeline, so a new worker costs milliseconds, not a second of imports.
- `stop()` is asked between files: when it says so (Ctrl-C, a full disk), no new file is handed
  out and the files in progress are finished (or stopped at their time limit). An exception that
  leaves `run_jobs` (a second Ctrl-C) kills the busy workers and reports their files as lost.

Why not `concurrent.futures.ProcessPoolExecutor`: with `max_tasks_per_child` it does not start new
workers once the first ones have retired (CPython issue gh-115634, from 3.11: a stale idle-worker
token stops the replacement, so a batch of more files than jobs × quota waits forever after jobs ×
quota files), a worker that dies breaks the whole pool (every pending file fails with
BrokenProcessPool), and it has no way to stop one file that runs too long.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

_POLL = 0.5
"""Seconds the main process waits at most before looking at `stop()` and the clock again."""


@dataclass
class Lost:
    """A job whose worker did not return a result: it died, or it was stopped at the time limit."""

    job: Any
    reason: str  # "died" | "timeout" | "interrupted"
    detail: str  # "killed by signal SIGKILL", "exit status 1", or the time limit in seconds
    pid: int


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the chosen context
    conn: Connection
    job: Any = None
    started: float = 0.0
    done: int = 0


def _context():
    # fork: a worker starts from the main process's imported modules and compiled rules. Where
    # fork is not offered (Windows, and macOS's default), spawn works too, only slower to start.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _die_with(parent_pid: int) -> None:
    """On Linux, have the kernel end this worker when the main process dies (`kill -9` of kehoach):
    a forked worker holds copies of the pipes, so it would not see them close, and would finish a
    file nobody waits for. Elsewhere workers are spawned, and see the pipe close."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # not Linux: no prctl (or no C library by that name)
        return
    if os.getppid() != parent_pid:  # the main process died before the call above
        os._exit(1)


def _worker_main(conn: Connection, func: Callable[[Any], Any], parent_pid: int) -> None:
    """A worker: receive a job, send back func(job), until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the main process
    _die_with(parent_pid)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(func(job))


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def run_jobs(jobs: list[Any], func: Callable[[Any], Any], workers: int, on_result: Callable[[Any], None],
             on_lost: Callable[[Lost], None], *, time_limit: float | None = None, tasks_per_worker: int = 200,
             stop: Callable[[], bool] = lambda: False) -> None:
    """Run func(job) for every job in `workers` processes; report each result or lost job as it ends.

    `on_result(result)` gets what func returned; `on_lost(Lost)` a job whose worker died or ran past
    `time_limit` seconds (None: no limit). Jobs not started when `stop()` turns true are left out.
    """
    if not jobs:
        return
    ctx = _context()
    pending = deque(jobs)

    def start() -> _Worker:
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker_main, args=(child, func, os.getpid()), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def retire(w: _Worker, *, kill: bool = False) -> None:
        if kill:
            w.process.kill()
        else:
            try:
                w.conn.send(None)
            except OSError:
                pass  # already gone: join below reaps it
        w.process.join(timeout=None if kill else 10)
        if w.process.is_alive():  # did not leave when asked: it is stuck
            w.process.kill()
            w.process.join()
        w.conn.close()

    pool = [start() for _ in range(min(workers, len(jobs)))]
    try:
        while True:
            if not stop():
                for i, w in enumerate(pool):
                    if w.job is not None or not pending:
                        continue
                    if w.done >= tasks_per_worker or not w.process.is_alive():
                        retire(w)
                        pool[i] = w = start()
                    job = pending.popleft()
                    try:
                        w.conn.send(job)
                    except OSError:  # it died since the check above: the file goes to a new worker
                        retire(w)
                        pool[i] = w = start()
                        w.conn.send(job)
                    w.job, w.started = job, time.monotonic()
            busy = [w for w in pool if w.job is not None]
            if not busy:
                if not pending or stop():
                    return
                continue
            timeout = _POLL
            if time_limit:
                timeout = max(0.0, min(timeout, min(w.started + time_limit for w in busy) - time.monotonic()))
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for w in pool:
                if w.job is None:
                    continue
                result, got = None, False
                if w.conn in ready or w.process.sentinel in ready:
                    try:
                        if w.conn.poll():
                            result, got = w.conn.recv(), True
                    except Exception:  # a worker killed while sending leaves a closed pipe or a torn message
                        got = False
                if got:
                    w.job, w.done = None, w.done + 1
                    on_result(result)
                    continue
                if w.process.sentinel in ready or not w.process.is_alive():
                    w.process.join()
                    lost = Lost(w.job, "died", _describe_exit(w.process.exitcode), w.process.pid)
                elif time_limit and time.monotonic() - w.started >= time_limit:
                    lost = Lost(w.job, "timeout", f"{time_limit:g}", w.process.pid)
                    w.process.kill()
                    w.process.join()
                else:
                    continue
                w.job = None  # a dead worker is replaced when the next file is handed out
                on_lost(lost)
    finally:
        # Normally every worker is idle here. Leaving early (a second Ctrl-C raised in `stop` or
        # a callback): a busy worker is killed and its file reported, so that it can be cleaned up.
        for w in pool:
            job = w.job
            retire(w, kill=job is not None)
            if job is not None:
                w.job = None
                on_lost(Lost(job, "interrupted", "", w.process.pid))


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
