"""The one exception hierarchy of the library.

Network outcomes (a refused port, a silent device) are *values* (see ``results``), never
exceptions. Exceptions are for bad input and for an environment that does not let a check run::

    SesamAcceptError
    ├── ConfigError                 bad input: fix the file and run again
    │   ├── SiteFileError           the site file has problems (one line per problem)
    │   └── CommParamError          a CommParam.ini cannot be read or holds no unique port
    │       └── CommParamTimeout    its read did not return in time (a UNC share not answering)
    ├── EnvironmentProblem          the machine does not allow what a check needs
    │   ├── PermissionProblem       no permission (raw ICMP, a privileged port, a directory)
    │   └── PortInUse               a local port is held by another process (an OSError)
    └── ResultsError                a results file cannot be read, merged or compared
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .texts import Said, say


class SesamAcceptError(Exception):
    """Base of every error this library raises on purpose."""


class ConfigError(SesamAcceptError):
    """Bad input: a file the user gave us is wrong."""


@dataclass(frozen=True)
class Problem:
    """One problem with a site file: where it is and what was expected."""

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return (
            f"{where}:{field} {self.message}"
            if self.severity == "error"
            else (f"{where}:{field} warning: {self.message}")
        )


class SiteFileError(ConfigError):
    """The site file has one or more problems; nothing is probed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CommParamError(ConfigError):
    """A CommParam.ini cannot be read, decoded, or holds no unique RPC port."""

    def __init__(self, path: str | Path, said: Said) -> None:
        self.path = str(path)
        self.said = said  # the reason in no language yet: a report renders it in its own
        self.reason = said.render("en")
        super().__init__(f"{self.path}: {self.reason}")


class CommParamTimeout(CommParamError):
    """Reading a CommParam.ini did not return within the time allowed (a hung UNC share)."""

    def __init__(self, path: str | Path, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(path, say("p.ini.timeout", seconds=seconds))


class EnvironmentProblem(SesamAcceptError):
    """The machine does not allow what a check needs."""


class PermissionProblem(EnvironmentProblem):
    """No permission for an operation (raw ICMP socket, privileged port, writing a directory)."""

    def __init__(self, what: str, where: str, hint: str = "") -> None:
        self.what, self.where, self.hint = what, where, hint
        text = f"no permission to {what} ({where})"
        super().__init__(f"{text}: {hint}" if hint else text)


class PortInUse(EnvironmentProblem, OSError):
    """A local port is held by another process (also an OSError with errno EADDRINUSE)."""

    def __init__(self, address: str, port: int, protocol: str, holder: str) -> None:
        super().__init__(f"{address}:{port}/{protocol} is already in use by {holder}")
        self.address, self.port, self.protocol, self.holder = address, port, protocol, holder
        self.errno = errno.EADDRINUSE


class ResultsError(SesamAcceptError):
    """A results file cannot be read, merged or compared."""
