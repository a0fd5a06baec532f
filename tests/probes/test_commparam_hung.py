"""A CommParam.ini whose read never returns (a UNC share not answering) must not hang the run.

A FIFO stands in for the hung share: ``open()`` of a FIFO blocks until a writer comes. Each test
lets the blocked reader go at the end (it opens the FIFO for writing), so no thread is left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sesam_accept.errors import CommParamTimeout
from sesam_accept.probes.commparam import (
    HUNG_NOTE,
    READ_TIMEOUT,
    commparam_check,
    read_bytes_within,
    read_commparam,
)
from sesam_accept.results import Outcome

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo (POSIX)")


@pytest.fixture
def hung(tmp_path: Path) -> Iterator[Path]:
    """A path whose read blocks until the test ends."""
    fifo = tmp_path / "CommParam.ini"
    os.mkfifo(fifo)
    yield fifo
    release(fifo)


def release(fifo: Path) -> None:
    """Open the FIFO for writing (non-blocking) and close it: a blocked reader sees EOF."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no reader waiting (ENXIO): nothing to release
        return
    os.close(fd)


def test_a_read_that_never_returns_is_an_error_after_the_timeout(hung: Path) -> None:
    result = commparam_check(hung, timeout=0.3)
    assert result.outcome is Outcome.ERROR
    ev = result.evidence_in("en")
    assert ev.error_class == "timeout"
    assert ev.detail == "could not be read within 0.3 s: share not answering"
    assert ev.facts == {"read_timeout_s": 0.3}
    assert HUNG_NOTE.render("en") in ev.notes


def test_the_reader_is_a_daemon_thread_left_behind(hung: Path) -> None:
    before = set(threading.enumerate())
    with pytest.raises(CommParamTimeout) as caught:
        read_bytes_within(str(hung), 0.2)
    assert caught.value.path == str(hung) and caught.value.seconds == 0.2
    left = [t for t in threading.enumerate() if t not in before]
    assert left and all(t.daemon for t in left)  # cannot keep the interpreter from exiting
    release(hung)
    for thread in left:
        thread.join(5)
    assert not any(t.is_alive() for t in left)


def test_a_normal_file_is_read_through_the_thread(tmp_path: Path) -> None:
    ini = tmp_path / "CommParam.ini"
    ini.write_bytes(b"[Comm]\r\nRpcPort=41801\r\n")
    assert read_commparam(ini, timeout=5).port == 41801
    assert commparam_check(ini).outcome is Outcome.OPEN
    missing = commparam_check(tmp_path / "nope.ini", timeout=5)
    assert (missing.outcome, missing.text("en")) == (Outcome.ERROR, "file not found")


SITE = """\
site: {name: Hung Share, customer: Test, software_version: "2.3-1", language: en}
hosts:
  - {name: SRV-DB, addresses: [127.0.32.1/8], roles: [db]}
  - {name: SRV-COMM, addresses: [127.0.32.2/8], roles: [comm]}
  - {name: WS-01, addresses: [127.0.32.3/8], roles: [workstation],
     commparam: {path: files/WS-01/CommParam.ini}}
isenets:
  - {name: ISE-A, address: 127.0.33.1, mac: "00:20:4A:E0:00:01", serial: "101"}
timing: {timeout: 0.3, retries: 0}
"""


def test_a_run_with_a_hung_commparam_finishes_and_writes_its_report(tmp_path: Path) -> None:
    """The whole run, as the CLI starts it: before, it hung with no report (killed at 60 s)."""
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    fifo = tmp_path / "files" / "WS-01" / "CommParam.ini"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "sesam_accept", "run", "site.yaml", "--as", "WS-01"]
    try:
        done = subprocess.run(
            [*command, "--reports", str(reports)],
            capture_output=True,
            text=True,
            timeout=READ_TIMEOUT + 110,
            check=False,
            cwd=tmp_path,
        )
    finally:
        release(fifo)
    assert done.returncode in (1, 3), done.stdout + done.stderr
    doc = json.loads(next(reports.glob("*.json")).read_text(encoding="utf-8"))
    texts = json.dumps(doc)
    assert f"could not be read within {READ_TIMEOUT:g} s: share not answering" in texts
    assert next(reports.glob("*.html")).stat().st_size > 1000
    assert "SelectorEventLoop" in doc["run"]["platform"]  # the metadata names the event loop
