"""Upgrade readiness: the paths a later Sesam version needs that today's version does not.

Before an upgrade nothing listens yet on the new version's ports, so these paths are checked
next to today's requirements as *readiness checks* (``Check.upgrade_to`` set; requirement IDs
unchanged). What a version needs is data in the catalog (each requirement's ``applies_from`` /
``applies_until``); this module only derives "needed by TARGET and not by today's version" from
it and plans those checks as the site would have them after the upgrade.
"""

from __future__ import annotations

import dataclasses

from .catalog import requirement, version_changes
from .checks import Check, Method, ProbeKind
from .errors import ConfigError
from .judge import SPECS, say
from .plan import Plan, site_checks
from .results import Inapplicable
from .site import Site
from .texts import Said
from .version import SoftwareVersion, upgrade_problem


def upgrade_target(site: Site, option: str | None) -> SoftwareVersion | None:
    """The version to check readiness for: ``--upgrade-to`` (``option``) over the site file's
    ``site.upgrade_to``; ConfigError when it is no version or no upgrade."""
    if option is None:
        return site.upgrade_to
    try:
        target = SoftwareVersion.parse(option)
    except ValueError as exc:
        raise ConfigError(f"--upgrade-to: {exc}") from None
    problem = upgrade_problem(site.software_version, target)
    if problem is not None:
        raise ConfigError(f"--upgrade-to: {problem}")
    return target


def readiness_checks(site: Site, target: SoftwareVersion) -> tuple[list[Check], list[Inapplicable]]:
    """The checks ``target`` needs and today's version does not, planned as the site will be
    after the upgrade, and the ones left out (with the reason)."""
    added, _ = version_changes(site.software_version, target)
    future = dataclasses.replace(site, software_version=target)
    checks: list[Check] = []
    left_out: list[Inapplicable] = []
    for check in site_checks(future):
        if check.requirement not in added:
            continue
        probes = SPECS[check.method].probes
        if ProbeKind.LISTENER in probes:  # before the upgrade nothing listens there
            reason = _listener_reason(target)
            left_out.append(Inapplicable(check.requirement, reason, check.id, check.target))
            continue
        # a TCP connect to a port nothing listens on yet: a reset counts as ready
        method = Method.READINESS_TCP if probes == (ProbeKind.TCP,) else check.method
        checks.append(dataclasses.replace(check, method=method, upgrade_to=str(target)))
    return checks, left_out


def with_readiness(plan: Plan, target: SoftwareVersion) -> Plan:
    """``plan`` plus the readiness checks for ``target``, split by source host like the rest."""
    checks, left_out = readiness_checks(plan.site, target)
    source = plan.source.name
    here = tuple(c for c in checks if c.source == source or c.portable)
    elsewhere = tuple(c for c in checks if not (c.source == source or c.portable))
    return dataclasses.replace(
        plan,
        checks=plan.checks + here,
        elsewhere=plan.elsewhere + elsewhere,
        not_applicable=plan.not_applicable + tuple(left_out),
        upgrade_to=target,
    )


def readiness_summary(current: SoftwareVersion, target: SoftwareVersion, language: str) -> str:
    """One line for the CLI and the report: what the upgrade adds and drops, or that nothing
    changes between the two versions."""
    added, dropped = version_changes(current, target)
    if not added and not dropped:
        return say(language, "upgrade.nothing_changes", current=current, target=target)
    new = ", ".join(f"{r} ({requirement(r).title(language)})" for r in added) or "-"
    old = ", ".join(f"{r} ({requirement(r).title(language)})" for r in dropped) or "-"
    return say(language, "upgrade.changes", target=target, new=new, old=old)


def _listener_reason(target: SoftwareVersion) -> Said:
    return Said("na.listener", {"target": str(target)})
