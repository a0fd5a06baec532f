"""From probe results to verdicts: the one place where the verdict rules live.

Rules (design.md): ``pass`` only on positive evidence; ``fail`` on evidence of the opposite
(refused, ICMP unreachable, a wrong answer, a timeout where an answer is required, a mismatch);
``inconclusive`` when there is no evidence either way (UDP silence, a check this machine cannot
run); ``not_run`` for paths that start on another host; ``waived`` for a failure an active
waiver of the site file covers.

Modules, each importing only those above it: ``observations`` (what the probes saw), ``base``
(the shared rules and :class:`JudgeBase`), ``rules`` / ``isenet`` / ``readiness`` (each
method's rule), ``methods`` (the registry of check methods), ``verdict`` (:class:`Judge`).
"""

from .base import (
    JudgeBase,
    confirmation_evidence,
    earned,
    matching,
    required_answer,
    say,
    t,
    udp_silence_undecided,
)
from .isenet import differences, differing_fields, expected_facts, mismatches
from .methods import (
    SPECS,
    MethodSpec,
    Port,
    Runs,
    Shape,
    Use,
    dispatch,
    key_of,
    probe_keys,
    probe_port,
    spec,
    uses_of,
)
from .observations import Observations
from .readiness import readiness_class, readiness_verdict
from .rules import RpcIniDecision, rpc_ini_decision, rpc_ini_verdict
from .verdict import Judge

__all__ = [
    "SPECS",
    "Judge",
    "JudgeBase",
    "MethodSpec",
    "Observations",
    "Port",
    "RpcIniDecision",
    "Runs",
    "Shape",
    "Use",
    "confirmation_evidence",
    "differences",
    "differing_fields",
    "dispatch",
    "earned",
    "expected_facts",
    "key_of",
    "matching",
    "mismatches",
    "probe_keys",
    "probe_port",
    "readiness_class",
    "readiness_verdict",
    "required_answer",
    "rpc_ini_decision",
    "rpc_ini_verdict",
    "say",
    "spec",
    "t",
    "udp_silence_undecided",
    "uses_of",
]
