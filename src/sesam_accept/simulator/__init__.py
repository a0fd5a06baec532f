"""A simulated Sesam site on loopback (or in network namespaces) for demos and tests."""

from __future__ import annotations

from .faults import FAULTS, parse_faults
from .site_sim import SiteSimulator

__all__ = ["FAULTS", "SiteSimulator", "parse_faults"]
