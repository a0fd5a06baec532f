"""The lab: namespaces come and go, firewall faults show the right outcome, routers stop
broadcasts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sesam_accept.simulator.lab import PREFIX, Lab
from sesam_accept.simulator.lab_net import namespaces
from sesam_accept.site import Site

pytestmark = pytest.mark.lab
Probe = Callable[..., Any]


def test_lab_comes_up_and_goes_down_without_leftovers(tmp_path: Path, site: Site) -> None:
    prefix = PREFIX + "t-"  # a prefix of its own: the module's lab is not touched
    with Lab(site, tmp_path, prefix=prefix) as lab:
        up = namespaces(prefix)
        assert len(up) == 2 + len(site.hosts) + len(site.isenets)  # switch, router, nodes
        assert lab.run("WS-01", ["true"]).returncode == 0
        assert (tmp_path / "collected" / "SRV-COMM" / "CommParam.ini").exists()
    assert namespaces(prefix) == []


def test_leftovers_of_a_crashed_run_are_removed(tmp_path: Path, site: Site) -> None:
    prefix = PREFIX + "c-"
    subprocess.run(["ip", "netns", "add", f"{prefix}stale"], check=True, timeout=10)
    with Lab(site, tmp_path, prefix=prefix):
        assert f"{prefix}stale" not in namespaces(prefix)
    assert namespaces(prefix) == []


def test_lab_cleans_up_when_the_body_fails(tmp_path: Path, site: Site) -> None:
    prefix = PREFIX + "f-"
    with pytest.raises(RuntimeError, match="boom"), Lab(site, tmp_path, prefix=prefix):
        raise RuntimeError("boom")
    assert namespaces(prefix) == []


def test_every_service_answers_through_the_lab(lab: Lab, probe: Probe) -> None:
    db = lab.address("SRV-DB")
    assert probe("WS-01", "tcp", db, "41800")["outcome"] == "open"
    assert probe("WS-01", "tcp", lab.address("SRV-COMM"), "41801")["outcome"] == "open"
    assert probe("WS-01", "udp", db, "41799")["outcome"] == "timeout"  # silent by default
    assert probe("SRV-COMM", "tcp", lab.address("ISE-Server"), "41796")["outcome"] == "open"


def test_input_drop_is_a_timeout_and_reject_is_refused_or_prohibited(
    lab: Lab, probe: Probe
) -> None:
    db = lab.address("SRV-DB")
    lab.set_firewall(["drop:SRV-DB:41800/tcp", "reject:SRV-DB:41799/udp"])
    assert probe("WS-01", "tcp", db, "41800")["outcome"] == "timeout"
    assert probe("WS-01", "udp", db, "41799")["outcome"] == "prohibited"
    lab.set_firewall(["reject:SRV-DB:41800/tcp"])
    assert probe("WS-01", "tcp", db, "41800")["outcome"] == "refused"


def test_router_drop_and_reject_towards_the_other_subnet(lab: Lab, probe: Probe) -> None:
    far = lab.address("ISE-Server")
    lab.set_firewall(["router:drop:ISE-Server:41796/tcp"])
    assert probe("SRV-COMM", "tcp", far, "41796")["outcome"] == "timeout"
    lab.set_firewall(["router:reject:ISE-Server:41796/tcp"])
    assert probe("SRV-COMM", "tcp", far, "41796")["outcome"] == "refused"
    lab.set_firewall(["router:reject:ISE-Server:41797/udp"])
    result = probe("SRV-COMM", "udp", far, "41797")
    assert result["outcome"] == "prohibited"
    near = lab.address("ISE-Tor1")
    assert probe("SRV-COMM", "tcp", near, "41796")["outcome"] == "open"  # not routed: untouched


def test_isenet_behind_the_router_answers_unicast_but_not_broadcast(lab: Lab, probe: Probe) -> None:
    isenets = lab.site.isenets
    unicast = probe("SRV-COMM", "isenet", lab.address("SRV-COMM"), *(i.address for i in isenets))
    assert set(unicast.values()) == {"open"}
    found = probe("SRV-COMM", "search", lab.address("SRV-COMM"))
    near = sorted(i.address for i in isenets if i.address.startswith("10.77.1."))
    assert found == near
    assert len(near) == 3


def test_lab_cleans_up_when_the_process_is_terminated(tmp_path: Path) -> None:
    prefix = PREFIX + "k-"
    code = (
        "import sys, time; from pathlib import Path\n"
        "from sesam_accept.loader import load_site\n"
        "from sesam_accept.simulator.demo import demo_site_file\n"
        "from sesam_accept.simulator.lab import Lab\n"
        f"with Lab(load_site(demo_site_file()), Path({str(tmp_path)!r}), prefix={prefix!r}):\n"
        "    print('up', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "up"
        assert namespaces(prefix)
        proc.terminate()
        proc.wait(20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert namespaces(prefix) == []
