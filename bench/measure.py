"""Wall time and peak memory (RSS summed over the process tree) of one command."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

#: How often the process tree's memory is sampled (seconds).
POLL = 0.02


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command."""

    wall_s: float
    peak_rss_mb: float
    returncode: int | None  # None: killed at the time cap
    capped: bool


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def measure(argv: Sequence[str], *, cap_s: float, log: Path) -> Measurement:
    """Run ``argv`` (output to ``log``), sampling its tree's RSS; kill it after ``cap_s``."""
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        popen = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.STDOUT)
        proc, peak, capped = psutil.Process(popen.pid), 0, False
        try:
            while popen.poll() is None:
                peak = max(peak, _tree_rss(proc))
                if time.perf_counter() - started > cap_s:
                    capped = True
                    popen.kill()
                    break
                time.sleep(POLL)
            popen.wait(10)
        finally:
            if popen.poll() is None:
                popen.kill()
                popen.wait(10)
        wall = time.perf_counter() - started
    return Measurement(wall, peak / 2**20, None if capped else popen.returncode, capped)
