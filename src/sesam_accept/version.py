"""Sesam software versions such as ``2.1-2`` or ``2.3-1``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(r"^\s*(\d+)\.(\d+)-(\d+)\s*$")


@dataclass(frozen=True, order=True)
class SoftwareVersion:
    """A Sesam version ``MAJOR.MINOR-BUILD``; ordered so that ``2.1-2 < 2.1-3``."""

    major: int
    minor: int
    build: int

    @classmethod
    def parse(cls, text: str) -> SoftwareVersion:
        """Parse ``"2.1-3"``; raise ``ValueError`` with the expected form otherwise."""
        match = _VERSION.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a Sesam version like '2.1-3' (MAJOR.MINOR-BUILD)")
        major, minor, build = (int(g) for g in match.groups())
        return cls(major, minor, build)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}-{self.build}"


#: The last version that uses Microsoft RPC (endpoint mapper 135 + dynamic ports).
LAST_MS_RPC = SoftwareVersion(2, 1, 2)

#: The first version the vendor document's connection flows (FLOW-*) apply to
#: ("ab Software-Version 2.1-2").
FIRST_FLOWS = SoftwareVersion(2, 1, 2)


def upgrade_problem(current: SoftwareVersion, target: SoftwareVersion) -> str | None:
    """Why ``target`` is no upgrade of ``current`` (a downgrade or the same version), or None."""
    if target > current:
        return None
    what = "the same version as" if target == current else "older than"
    return (
        f"{target} is {what} the site's software_version {current}: an upgrade-readiness run "
        "needs a later version"
    )
