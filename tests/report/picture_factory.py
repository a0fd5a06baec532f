"""Records of a whole site of any size for the site-picture tests, from the real plan.

``site_record(folder, n)`` plans every check of a site with SRV-DB, SRV-COMM, WS-01 and ``n``
ISENets (250 per /24, as the benchmark's site) and gives each a verdict by a fixed rule:
the paths to every tenth ISENet fail, to every seventh are inconclusive, WS-01's are not run
(a run as SRV-COMM), the rest pass with their evidence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import yaml
from report_factory import make_info

from sesam_accept.checks import Check
from sesam_accept.loader import load_site
from sesam_accept.plan import site_checks
from sesam_accept.results import CheckResult, Evidence, RunRecord, Verdict

ADDRESSES = {"SRV-DB": "10.78.0.3", "SRV-COMM": "10.78.0.2", "WS-01": "10.78.0.21"}
ROLES = {"SRV-DB": "db", "SRV-COMM": "comm", "WS-01": "workstation"}
PER_SUBNET = 250
#: The paths :func:`later_run` changes: a pass that fails later, a failure that passes later.
REGRESSED = "ISE-DATA[SRV-COMM->ISE-0003:41796/tcp]"
FIXED = "ISE-DATA[SRV-COMM->ISE-0000:41796/tcp]"


def isenet_address(index: int) -> str:
    """The address of ISENet number ``index`` (0-based): 250 per /24 from 10.78.1.0/24."""
    return f"10.78.{index // PER_SUBNET + 1}.{index % PER_SUBNET + 1}"


def site_file(folder: Path, isenets: int) -> Path:
    """A valid site file of the three hosts and ``isenets`` ISENets."""
    doc = {
        "site": {"name": "Werk Nord", "customer": "ACME GmbH", "software_version": "2.3-1"},
        "hosts": [
            {"name": name, "addresses": [f"{address}/24"], "roles": [ROLES[name]]}
            for name, address in ADDRESSES.items()
        ],
        "isenets": [{"name": f"ISE-{i:04d}", "address": isenet_address(i)} for i in range(isenets)],
    }
    path = folder / "site.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def verdict_of(check: Check) -> Verdict:
    """The fixed rule of the module docstring."""
    if check.source != "SRV-COMM":
        return Verdict.NOT_RUN
    number = int(check.target[4:]) if check.target.startswith("ISE-") else 1
    if number % 10 == 0:
        return Verdict.FAIL
    if number % 7 == 0:
        return Verdict.INCONCLUSIVE
    return Verdict.PASS


def result_of(check: Check) -> CheckResult:
    """A result with the rule's verdict and a piece of evidence (none for not run)."""
    verdict = verdict_of(check)
    if verdict is Verdict.NOT_RUN:
        return CheckResult(check, verdict, "run on WS-01")
    evidence = Evidence(
        check.method,
        check.protocol,
        check.address or check.target,
        check.port,
        ADDRESSES["SRV-COMM"],
        detail=f"{verdict.value} on {check.label}",
    )
    return CheckResult(check, verdict, f"{verdict.value}: {check.label}", (evidence,))


def site_record(folder: Path, isenets: int) -> RunRecord:
    """The record of a run as SRV-COMM on the site of ``isenets`` ISENets."""
    site = load_site(site_file(folder, isenets))
    info = dataclasses.replace(
        make_info("SRV-COMM"), addresses=(ADDRESSES["SRV-COMM"],), site_sha256=site.sha256
    )
    return RunRecord(info, tuple(result_of(c) for c in site_checks(site)))


def later_run(
    record: RunRecord, changed: Mapping[str, Verdict] | None = None, message: str = "<changed>"
) -> RunRecord:
    """A later run of ``record``'s site: the checks of ``changed`` (default: REGRESSED fails,
    FIXED passes) have their new verdict and ``message``."""
    changed = changed or {REGRESSED: Verdict.FAIL, FIXED: Verdict.PASS}
    return dataclasses.replace(
        record,
        results=tuple(
            dataclasses.replace(r, verdict=changed[r.check.id], message=message)
            if r.check.id in changed
            else r
            for r in record.results
        ),
    )
