"""Sesam network acceptance suite: the library behind ``sesam-accept`` and the pytest plugin.

The public API: load a site file, plan a host's checks, run them, and read or compare results.
Everything else is internal and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalog import CATALOG, Requirement
from .checks import Check
from .errors import (
    CommParamError,
    ConfigError,
    EnvironmentProblem,
    PermissionProblem,
    PortInUse,
    Problem,
    ResultsError,
    SesamAcceptError,
    SiteFileError,
)
from .loader import check_site, load_site
from .plan import Plan, plan_for
from .results import CheckResult, Evidence, Outcome, ProbeResult, RunRecord, Verdict
from .site import Site

__all__ = [
    "CATALOG",
    "Check",
    "CheckResult",
    "CommParamError",
    "ConfigError",
    "EnvironmentProblem",
    "Evidence",
    "Outcome",
    "PermissionProblem",
    "Plan",
    "PortInUse",
    "ProbeResult",
    "Problem",
    "Requirement",
    "ResultsError",
    "RunRecord",
    "SesamAcceptError",
    "Site",
    "SiteFileError",
    "Verdict",
    "__version__",
    "check_site",
    "load_site",
    "plan_for",
]
