"""The report's site tables: ISENet inventory, CommParam.ini, manual checks and waivers, diff.

The functions here pick the rows; ``templates/site.html`` lays them out (escaped there).
"""

from __future__ import annotations

from markupsafe import Markup

from ..results import RunRecord
from .diff import Diff, diff_warnings
from .html_checks import is_manual, large_site
from .inventory import build_inventory
from .markup import render

#: The inventory's compared fields, each shown as found (flagged with the expected value).
COMPARED = ("mac", "serial", "firmware")
#: The columns of the unexpected-device table: (its text key, the device's field).
DEVICE_FIELDS = (
    ("c.address", "address"),
    ("c.mac", "mac"),
    ("c.serial", "serial"),
    ("c.firmware", "firmware"),
    ("c.device", "device_type"),
)


def inventory_section(record: RunRecord, t: dict[str, str]) -> Markup:
    """Expected vs found ISENets; missing, unexpected, duplicate and differing ones flagged."""
    return render(
        "inventory.html",
        t=t,
        inv=build_inventory(record),
        compared=COMPARED,
        device_fields=DEVICE_FIELDS,
    )


def commparam_section(record: RunRecord, t: dict[str, str]) -> Markup:
    """Host → CommParam.ini → RPC port and encoding, plus the site-wide consistency verdict."""
    results = [r for r in record.results if r.check.requirement == "RPC-INI"]
    return render("commparam.html", t=t, results=results)


def manual_section(record: RunRecord, t: dict[str, str]) -> Markup:
    """Manual confirmations (who, when) and every waiver (reason, approver, expiry). On a
    large site the path matrix leaves manual checks to this table: its rows carry the checks'
    anchors then."""
    return render(
        "manual.html",
        t=t,
        manual=[r for r in record.results if is_manual(r)],
        waived=[r for r in record.results if r.waiver is not None],
        here=large_site(len(record.results)),
    )


def diff_section(diff: Diff, t: dict[str, str], language: str) -> Markup:
    """The baseline comparison: warnings, then every change, worst first."""
    return render("diff.html", t=t, diff=diff, warnings=diff_warnings(diff, language))
