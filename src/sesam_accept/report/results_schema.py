"""The results file's schema, written once: ``validate`` reads by it, the JSON Schema and the
field table of docs/results-schema.md are made from it (``scripts/schemas``; a test keeps the
published files equal to it).

``overall``, ``summary`` and ``requirements`` are derived: written for people and other tools
and recomputed when a file is read, so the reader does not check them.
"""

from __future__ import annotations

from ..results import Verdict
from ..schema import ListOf, Obj, Spec, Value, field_table, schema_document
from .rollup import NOT_APPLICABLE, OVERALL_VERDICTS

SCHEMA_NAME = "sesam-accept/results"
SCHEMA_VERSION = 1
SCHEMA_FILE = "results.schema.json"
HEADER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://sesam-accept.invalid/{SCHEMA_FILE}",
    "title": "Sesam network acceptance results",
}
VERDICTS = tuple(v.value for v in Verdict)
OPEN_POINT_KINDS = (
    "fail",
    "inconclusive",
    "skipped",
    "not_run",
    "no_check",
    "incomplete",
    "not_this_machine",
)

TEXT = Value("string")
TEXTS = ListOf(TEXT)
FACTS = Value("object", "JSON values the check or probe found")


def _text(doc: str, *, nullable: bool = False) -> Value:
    return Value("string", doc, nullable=nullable)


def _record(
    fields: dict[str, Spec],
    doc: str = "",
    *,
    optional: tuple[str, ...] = (),
    nullable: bool = False,
) -> Obj:
    """An object whose fields are required unless ``optional``; other keys are allowed (a
    newer writer may add optional fields)."""
    required = tuple(key for key in fields if key not in optional)
    return Obj(fields, required, doc, nullable=nullable, closed=False)


RUN = _record(
    {
        "site": _text("the site's name"),
        "customer": _text("the customer"),
        "software_version": _text("the Sesam version, MAJOR.MINOR-BUILD"),
        "host": _text('the source host the run was made as; "(site)" for a merged record'),
        "addresses": ListOf(TEXT, "the addresses the probes left from"),
        "addresses_local": Value(
            "boolean",
            "false when the machine does not have the host's addresses: the report then warns "
            "loudly",
        ),
        "language": _text("the report language, de or en"),
        "started": _text("ISO 8601 with time zone"),
        "finished": _text("ISO 8601 with time zone"),
        "site_file": _text("the site file the run read"),
        "site_sha256": _text("hex SHA-256 of the site file"),
        "tool_version": _text("the sesam-accept version"),
        "engineer": _text("who ran it"),
        "complete": Value(
            "boolean",
            "false when the run was narrowed with -k/-m/--deselect, stopped by -x/--maxfail, "
            "interrupted, or its probing crashed",
        ),
        "platform": _text("the operating system the run was made on"),
        "incomplete_reason": _text(
            "why the run is not whole (narrowed, stopped early, interrupted, the probing "
            "crashed); empty when complete"
        ),
        "machine_addresses": ListOf(
            TEXT,
            "this machine's own addresses when it does not have the host's (addresses_local "
            "false): where the probes really left from",
        ),
        "upgrade_to": _text(
            "the later Sesam version this run checked readiness for (--upgrade-to); empty or "
            "absent for a normal run"
        ),
    },
    doc="metadata of the run (RunInfo)",
    # added after version 1 was published: older files lack them
    optional=("incomplete_reason", "machine_addresses", "upgrade_to"),
)

WAIVER = _record(
    {
        "check": _text("the requirement ID or check id it waives"),
        "reason": _text("why"),
        "approved_by": _text("who approved"),
        "expires": Value("string", "YYYY-MM-DD", format="date"),
    },
    doc="the site file's waiver for this check, or null",
    nullable=True,
)

EVIDENCE = _record(
    {
        "method": _text("how it was probed"),
        "protocol": _text("tcp, udp, icmp, file, local …"),
        "target": _text("the address or file probed"),
        "port": Value("integer", "the port probed", nullable=True),
        "source": _text("the address the probe left from", nullable=True),
        "source_port": Value("integer", "the port it left from", nullable=True),
        "started": Value("number", "epoch seconds"),
        "elapsed_ms": Value("number", "how long it took"),
        "attempts": Value("integer", "how often it asked"),
        "sent_hex": _text("what was sent, spaced hex, at most 64 bytes"),
        "answer_hex": _text("what came back, spaced hex, at most 64 bytes"),
        "error_class": _text(
            "refused / timeout / host unreachable / admin prohibited / permission, or null",
            nullable=True,
        ),
        "detail": _text("what the probe observed, in words"),
        "facts": FACTS,
        "notes": ListOf(TEXT, 'e.g. "information only" for what a check not run observed'),
    },
    doc="what one probe observed (Evidence.to_json)",
)

CHECK = _record(
    {
        "id": _text(
            "REQUIREMENT[label], e.g. FB-TCP[WS-01->SRV-DB:41800/tcp]; must equal requirement + "
            "[ + label + ]"
        ),
        "requirement": _text("the requirement ID (see the catalog, sesam_accept.catalog)"),
        "source": _text("the source host"),
        "target": _text("the target: a host, an ISENet, broadcast, all, unexpected"),
        "label": _text("the readable part of the id"),
        "method": _text("how it was checked (tcp-connect, isenet-F6, commparam, manual …)"),
        "protocol": _text("tcp, udp, icmp, file, local, manual or flow"),
        "address": _text("where the probe went", nullable=True),
        "port": Value("integer", "where the probe went", nullable=True, lo=0, hi=65535),
        "verdict": Value("string", "see design.md", options=VERDICTS),
        "message": _text("what was tried and what happened"),
        "symptom": _text("what the Sesam software shows when broken"),
        "next_step": _text("the document's next step"),
        "waiver": WAIVER,
        "facts": Value(
            "object",
            "check facts (JSON values): the ISENet inventory, CommParam.ini path/port/encoding, "
            "the ports of all hosts …",
        ),
        "evidence": ListOf(EVIDENCE, "one object per probe; a pass has at least one"),
        "upgrade_to": _text(
            "set on a readiness check: the later version that will need this path and today's "
            "version does not (--upgrade-to); null or absent for today's checks. Readiness "
            "checks count in the overall verdict, not in today's requirement verdicts",
            nullable=True,
        ),
    },
    doc="one check: a requirement on one path, its verdict and evidence",
    optional=("upgrade_to",),  # added after version 1 was published
)

NOT_APPLICABLE_ITEM = _record(
    {
        "requirement": _text(
            "the requirement ID (files written before check existed may hold a single check id "
            "here)"
        ),
        "reason": _text("why it does not apply to this site"),
        "check": _text(
            "only when a single check of the requirement does not apply: its id (e.g. "
            "FLOW-SEARCH[SRV-COMM->ISE-Halle1 by broadcast] for an ISENet outside the SesComm "
            "host's subnet: it can only be added by IP)"
        ),
        "subject": _text("with check: what the check is about, e.g. the ISENet"),
    },
    optional=("check", "subject"),  # added after version 1 was published
)

SIGNOFF_ITEM = _record(
    {
        "item": _text("the checklist item (its words are in sesam_accept.catalog.SIGNOFF)"),
        "subjects": ListOf(TEXT, "the hosts or ISENets it is asked for"),
    },
)

REQUIREMENT = _record(
    {
        "id": _text("the requirement ID"),
        "verdict": Value(
            "string", "the worst verdict of its checks", options=(*VERDICTS, NOT_APPLICABLE)
        ),
        "checks": ListOf(TEXT, "the ids of its checks"),
        "reason": _text("why it does not apply, when not_applicable"),
    },
)

OPEN_POINT = _record(
    {
        "kind": Value("string", "what is open", options=OPEN_POINT_KINDS),
        "subject": _text("the check, host or requirement it is about"),
        "checks": ListOf(TEXT, "the ids of the checks behind it"),
        "detail": _text("why"),
    },
)

SUMMARY = _record(
    {
        "counts": _record(
            {v: Value("integer", f"the checks with verdict {v}", lo=0) for v in VERDICTS},
            "the number of checks per verdict",
        ),
        "open_points": ListOf(OPEN_POINT, "why the record is not accepted"),
    },
    doc="derived: recomputed when read",
)

RESULTS = _record(
    {
        "schema": Value("string", "says that this is a results file", const=SCHEMA_NAME),
        "schema_version": Value(
            "integer", "the format's version (see Versioning)", const=SCHEMA_VERSION
        ),
        "overall": Value(
            "string", "the overall verdict; derived: recomputed when read", options=OVERALL_VERDICTS
        ),
        "summary": SUMMARY,
        "run": RUN,
        "requirements": ListOf(
            REQUIREMENT, "one entry per requirement ID; derived: recomputed when read"
        ),
        "checks": ListOf(CHECK, "one entry per planned check of the host, whether it ran or not"),
        "not_applicable": ListOf(
            NOT_APPLICABLE_ITEM, "the requirements that do not apply to this site"
        ),
        "signoff": ListOf(
            SIGNOFF_ITEM,
            "the sign-off checklist: what the document asks that no network probe proves; "
            "files written before it existed have none",
        ),
    },
    doc="One run of the Sesam network acceptance suite on one host, or a merged site record "
    '(run.host = "(site)"). See docs/results-schema.md.',
    optional=("signoff",),  # added after version 1 was published
)


def results_schema_text() -> str:
    """The text of ``results.schema.json``."""
    return schema_document(RESULTS, HEADER)


#: docs/results-schema.md holds the field table between these lines (``scripts/schemas``).
TABLE_BEGIN = "<!-- generated from sesam_accept.report.results_schema by scripts/schemas -->"
TABLE_END = "<!-- end of the generated table -->"


def with_field_table(doc: str) -> str:
    """``doc`` (docs/results-schema.md) with the field table made from :data:`RESULTS`."""
    head, begin, rest = doc.partition(TABLE_BEGIN)
    _, end, tail = rest.partition(TABLE_END)
    if not (begin and end):
        raise ValueError(f"the page has no {TABLE_BEGIN} … {TABLE_END} block for the table")
    return f"{head}{TABLE_BEGIN}\n{field_table(RESULTS)}{TABLE_END}{tail}"
