"""The judge of one run: each check's verdict by its method's rule (the registry), then the
rules every verdict obeys (:func:`~.base.earned`, waivers)."""

from __future__ import annotations

from ..checks import Check, ProbeKey, ProbeKind
from ..results import CheckResult, Verdict
from . import methods
from .base import JudgeBase, earned, matching, say


class Judge(JudgeBase):
    """Judges the checks of one run from its observations."""

    def judge(self, check: Check) -> CheckResult:
        """The verdict of one check run here, with waivers applied; a pass that is not
        :func:`earned` is never returned as one."""
        result = methods.dispatch(self, check)
        if not earned(result, self.probe_of, self.confirmed):
            result = self.result(
                check,
                Verdict.INCONCLUSIVE,
                result.message + say(self.lang, "judge.not_earned"),
                result.evidence,
                result.facts,
            )
        return self._apply_waiver(result)

    def probe_port(self, check: Check) -> int | None:
        """The port the probes of ``check`` went to (``methods.probe_port``)."""
        return methods.probe_port(check, self.site, self.obs, self.source.name)

    def probe_key(self, check: Check, kind: ProbeKind) -> ProbeKey:
        """The key the engine stored the probe of ``kind`` under (``methods.key_of``)."""
        return methods.key_of(check, kind, self.site, self.obs, self.source.name)

    def _apply_waiver(self, result: CheckResult) -> CheckResult:
        if result.verdict is not Verdict.FAIL:
            return result
        waiver = matching(self.site.waivers, result.check)
        if waiver is None or not waiver.is_active(self.today):
            return result
        note = say(
            self.lang,
            "judge.waived",
            expires=waiver.expires,
            approved_by=waiver.approved_by,
            reason=waiver.reason,
        )
        return CheckResult(
            result.check,
            Verdict.WAIVED,
            result.message + note,
            result.evidence,
            result.symptom,
            result.next_step,
            waiver,
            result.facts,
        )
