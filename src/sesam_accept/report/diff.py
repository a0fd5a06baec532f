"""What changed between a baseline run and a new run of the same host: regressions first."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ResultsError
from ..results import CheckResult, RunInfo, RunRecord, Verdict
from ..texts import texts
from .rollup import SEVERITY

GOOD = (Verdict.PASS, Verdict.WAIVED)
BAD = (Verdict.FAIL, Verdict.INCONCLUSIVE)
#: Change kinds, in report order (worst first).
KINDS = ("regression", "new", "vanished", "change", "fix")


@dataclass(frozen=True)
class Change:
    """One check whose verdict differs (or that exists in only one of the runs)."""

    kind: str  # regression | new | vanished | change | fix
    check_id: str
    old: Verdict | None
    new: Verdict | None
    message: str  # the newer message (the old one for a vanished check)


@dataclass(frozen=True)
class Diff:
    """The changes between two runs, worst first, with warnings about comparing them."""

    old: RunInfo
    new: RunInfo
    changes: tuple[Change, ...]

    @property
    def site_file_changed(self) -> bool:
        """True when the two runs used site files with different SHA-256 hashes."""
        return self.old.site_sha256 != self.new.site_sha256

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        """The changes of one kind."""
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def regressions(self) -> tuple[Change, ...]:
        """Checks that got worse: pass/waived → fail/inconclusive, or inconclusive → fail."""
        return self.of_kind("regression")

    @property
    def fixes(self) -> tuple[Change, ...]:
        """Checks that failed or were inconclusive and now pass."""
        return self.of_kind("fix")


def classify(old: Verdict, new: Verdict) -> str | None:
    """The kind of change from ``old`` to ``new``, None when the verdict is the same."""
    if old is new:
        return None
    if (old in GOOD and new in BAD) or (old is Verdict.INCONCLUSIVE and new is Verdict.FAIL):
        return "regression"
    if old in BAD and new is Verdict.PASS:
        return "fix"
    return "change"


def _rank(change: Change) -> tuple[int, int, str]:
    verdict = change.new if change.new is not None else change.old
    assert verdict is not None
    return (KINDS.index(change.kind), SEVERITY.index(verdict), change.check_id)


def _compare(old: dict[str, CheckResult], new: dict[str, CheckResult]) -> list[Change]:
    changes = []
    for check_id, result in new.items():
        before = old.get(check_id)
        if before is None:
            changes.append(Change("new", check_id, None, result.verdict, result.message))
            continue
        kind = classify(before.verdict, result.verdict)
        if kind:
            changes.append(Change(kind, check_id, before.verdict, result.verdict, result.message))
    changes += [
        Change("vanished", i, r.verdict, None, r.message) for i, r in old.items() if i not in new
    ]
    return changes


def _refuse_mismatch(old: RunInfo, new: RunInfo, allow_mismatch: bool) -> None:
    if allow_mismatch:
        return
    if old.site != new.site:
        raise ResultsError(
            f"cannot compare runs of different sites ({old.site!r} and {new.site!r}); "
            "compare a run with a baseline of the same site"
        )
    if old.host != new.host:
        raise ResultsError(
            f"cannot compare runs made as different hosts ({old.host!r} and {new.host!r}); "
            "compare a run with a baseline made as the same host"
        )


def diff_records(old: RunRecord, new: RunRecord, *, allow_mismatch: bool = False) -> Diff:
    """Compare a baseline run ``old`` with ``new``; changes worst first.

    ResultsError when the runs are of different sites or hosts (unless ``allow_mismatch``);
    a different site-file hash is only a warning, since a firewall change may change nothing in
    the file and a file change may change nothing on the network.
    """
    _refuse_mismatch(old.info, new.info, allow_mismatch)
    changes = _compare({r.check.id: r for r in old.results}, {r.check.id: r for r in new.results})
    return Diff(old.info, new.info, tuple(sorted(changes, key=_rank)))


def diff_warnings(diff: Diff, language: str) -> list[str]:
    """Warnings about comparing these two runs, in ``language``."""
    t = texts(language)
    warnings = []
    if diff.old.site != diff.new.site or diff.old.host != diff.new.host:
        warnings.append(
            t["diff.other"].format(
                old=f"{diff.old.site}/{diff.old.host}", new=f"{diff.new.site}/{diff.new.host}"
            )
        )
    if diff.site_file_changed:
        old, new = diff.old.site_sha256[:12], diff.new.site_sha256[:12]
        warnings.append(t["diff.sha"].format(old=old + "…", new=new + "…"))
    return warnings


def format_diff_text(diff: Diff, language: str) -> str:
    """The diff as plain text for the terminal, one line per change, worst first."""
    t = texts(language)
    lines = [t["diff.baseline"].format(host=diff.old.host, started=diff.old.started)]
    lines += diff_warnings(diff, language)
    if not diff.changes:
        lines.append(t["diff.none"])
    for c in diff.changes:
        old = t[f"v.{c.old.value}"] if c.old else "—"
        new = t[f"v.{c.new.value}"] if c.new else "—"
        lines.append(f"{t['diff.' + c.kind].upper():<20} {c.check_id}: {old} → {new}")
    return "\n".join(lines) + "\n"
