"""What the benchmark ran on: CPU, memory, kernel, and the versions of every tool measured."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _first_line(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def commit(root: Path = ROOT) -> str:
    """The checkout's commit, with "+dirty" when src/ has uncommitted changes (others work here)."""
    head = _first_line(["git", "-C", str(root), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--", "src", "suites", "fixtures"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    return head + ("+dirty" if status.stdout.strip() else "")


def speed_check() -> float:
    """Milliseconds a fixed pure-Python workload takes right now (the best of 3 tries): how fast
    this shared VM's CPU runs at the moment. Identical runs of ours were seen to differ by a
    third in CPU time, with the same page faults and collections; when this check does not
    differ with them, plain CPU speed is not why (see analysis.md)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def loadavg() -> list[float]:
    """The 1/5/15-minute load average (other work on the machine skews the timings)."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def describe() -> dict[str, Any]:
    """The machine and the versions, for RESULTS.md."""
    import pytest

    import sesam_accept

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "os": _first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(),
        "pytest": pytest.__version__,
        "sesam_accept": sesam_accept.__version__,
        "commit": commit(),
        "nmap": _first_line(["nmap", "--version"]),
        "chromium": _first_line(["chromium", "--version"]),
    }
