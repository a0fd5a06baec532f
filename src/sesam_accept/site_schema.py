"""The site file's schema, written once: the loader reads by it, editors get it as JSON Schema.

``loader`` asks ``validate.Reader`` for each mapping by its :class:`~sesam_accept.schema.Obj`
here (allowed keys, required keys) and for each scalar by its
:class:`~sesam_accept.schema.Value` (an integer's range, a choice's options); what only code
can decide (a Windows file name, a device's own address, unique names) stays in the loader,
and the patterns below describe it to editors. ``scripts/schemas`` writes
``site_configs/site.schema.json`` from :data:`SITE`; a test keeps that file equal to it.
"""

from __future__ import annotations

import re
from dataclasses import fields

from . import names
from .schema import ListOf, Obj, Value, schema_document
from .shipped import SITE_SCHEMA
from .site import CONFIRMATION_MAX_AGE_DAYS, OPERATING_SYSTEMS, ROLES, Ports, RareChecks
from .texts import LANGUAGES

HEADER = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": f"https://sesam-accept.invalid/{SITE_SCHEMA}",
    "title": "Sesam network acceptance: site file",
}

_CONTROL = r"\u0000-\u001f\u007f"
_LABEL = rf"^[^{_CONTROL}]*$"
#: names.WINDOWS_DEVICE_NAMES for a regex without flags: ``con`` becomes ``[Cc][Oo][Nn]``.
_DEVICE = re.sub(
    "[a-z]",
    lambda m: f"[{m[0].upper()}{m[0]}]",
    names.WINDOWS_DEVICE_NAMES.pattern.strip("^$"),
)
_NOT_IN_FILE_NAME = names.RESERVED_CHARACTERS.replace("\\", "\\\\") + _CONTROL
_HOST_NAME = rf"^(?!{_DEVICE} *(\.|$))[^{_NOT_IN_FILE_NAME}]*[^{_NOT_IN_FILE_NAME}. ]$"
_IPV4 = r"\d{1,3}(\.\d{1,3}){3}"
#: Never one device's address: unspecified, limited broadcast, multicast.
_NO_DEVICE = (
    r"^(0\.0\.0\.0|255\.255\.255\.255|2(2[4-9]|3\d)\.\d{1,3}\.\d{1,3}\.\d{1,3})(/\d{1,2})?$"
)
_VERSION = r"^\d+\.\d+-\d+$"
_CHECK = r"^[A-Z]+-[A-Z0-9]+(\[.+\])?$"
_DEVICE_ADDRESS = (
    "not 0.0.0.0, 255.255.255.255, multicast, or the network or broadcast address of a "
    "network the hosts name (validate checks the last two)"
)

SITE_INFO = Obj(
    {
        "name": Value(
            "string",
            f"site name, used in report titles and file names (at most {names.MAX_SITE_NAME} "
            "characters, no control characters; characters a file name cannot hold become '-' "
            "there)",
            min_length=1,
            max_length=names.MAX_SITE_NAME,
            pattern=_LABEL,
        ),
        "customer": Value("string", "the customer who signs the acceptance"),
        "software_version": Value(
            "string",
            "Sesam version MAJOR.MINOR-BUILD, quoted; up to 2.1-2 Microsoft RPC, from 2.1-3 TCP "
            "41801",
            pattern=_VERSION,
        ),
        "language": Value("string", "report language", options=LANGUAGES),
        "engineer": Value("string", "who runs the acceptance"),
        "upgrade_to": Value(
            "string",
            "before an upgrade: the later Sesam version (MAJOR.MINOR-BUILD, quoted, newer than "
            "software_version) whose new paths every run also checks as readiness checks; "
            "--upgrade-to overrides it",
            pattern=_VERSION,
        ),
    },
    required=("name", "software_version"),
)

COMMPARAM = Obj(
    {
        "path": Value(
            "string", "local path, UNC path, or a collected copy relative to the site file"
        ),
        "section": Value("string", "INI section holding the RPC port"),
        "key": Value("string", "INI key holding the RPC port"),
    },
    required=("path",),
)

HOST = Obj(
    {
        "name": Value(
            "string",
            "unique host name; it names folders and report files, so it must be a Windows file "
            f"name: at most {names.MAX_NAME} characters, none of {names.RESERVED_CHARACTERS} or "
            "control characters, not a device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also "
            "before a dot), no trailing dot or space",
            min_length=1,
            max_length=names.MAX_NAME,
            pattern=_HOST_NAME,
        ),
        "addresses": ListOf(
            Value("string", pattern=rf"^{_IPV4}(/\d{{1,2}})?$", not_pattern=_NO_DEVICE),
            "IPv4 addresses, optionally with the prefix length (/24); each a device's own "
            f"address: {_DEVICE_ADDRESS}",
            min_items=1,
        ),
        "roles": ListOf(Value("string", options=ROLES), min_items=1),
        "sesam_software": Value("boolean", "Sesam software installed (default true)"),
        "commparam": COMMPARAM,
        "os": Value(
            "string",
            "operating system (default windows): how Ansible reaches the host "
            "(sesam-accept inventory)",
            options=OPERATING_SYSTEMS,
        ),
    },
    required=("name", "addresses", "roles"),
)

ISENET = Obj(
    {
        "name": Value(
            "string",
            f"unique ISENet name (at most {names.MAX_NAME} characters, no control characters)",
            min_length=1,
            max_length=names.MAX_NAME,
            pattern=_LABEL,
        ),
        "address": Value(
            "string",
            f"the ISENet's own IPv4 address: {_DEVICE_ADDRESS}",
            pattern=rf"^{_IPV4}$",
            not_pattern=_NO_DEVICE,
        ),
        "mac": Value("string", "quote it", pattern=r"^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$"),
        "serial": Value("string", "serial number (quote it)"),
        "firmware": Value("string", "firmware version"),
        "location": Value("string", "where to find it"),
    },
    required=("name", "address"),
)

PORTS = Obj({f.name: Value("integer", lo=1, hi=65535) for f in fields(Ports)})
RARE_CHECKS = Obj({f.name: Value("boolean") for f in fields(RareChecks)})
TIMING = Obj(
    {
        "timeout": Value("number", lo=0.05, hi=60),
        "retries": Value("integer", lo=0, hi=10),
        "concurrency": Value("integer", lo=1, hi=4096),
        "per_destination": Value("integer", lo=1, hi=64),
    }
)
DISCOVERY = Obj(
    {
        "queries": ListOf(
            Value("string", options=("000000F6", "000000F4", "000000f6", "000000f4")),
            "only the read-only Lantronix queries are accepted",
            min_items=1,
        )
    },
    required=("queries",),
)

WAIVER = Obj(
    {
        "check": Value(
            "string",
            "a requirement ID (e.g. ISE-DEBUG) or a check id (e.g. DIAG-JP1[ISE-Tor1])",
            pattern=_CHECK,
        ),
        "reason": Value("string", "why"),
        "approved_by": Value("string", "who approved"),
        "expires": Value("string", "YYYY-MM-DD", format="date"),
    },
    required=("check", "reason", "approved_by", "expires"),
)


def _scope(doc: str) -> ListOf:
    return ListOf(Value("string"), doc, min_items=1)


def _either(*keys: str) -> dict[str, object]:
    return {"anyOf": [{"required": [key]} for key in keys]}


CONFIRMATION = Obj(
    {
        "check": Value(
            "string",
            "one check id (e.g. DIAG-JP1[ISE-Tor1]), or a requirement ID (e.g. FB-PWD) together "
            "with hosts: or isenets: — a bare requirement ID covers nothing and is refused",
            pattern=_CHECK,
        ),
        "hosts": _scope(
            "with a requirement ID whose paths start at hosts (FB-*, RPC-*, DIAG-COMM): the "
            "host names it covers, e.g. [WS-01, WS-02]"
        ),
        "isenets": _scope(
            "with a requirement ID whose paths lead to ISENets (ISE-*, FLOW-*, DIAG-ISENET, "
            "DIAG-JP1): the ISENet names it covers"
        ),
        "confirmed_by": Value("string", "who confirmed"),
        "date": Value(
            "string",
            "YYYY-MM-DD, required; counts for confirmations_max_age_days days",
            format="date",
        ),
        "note": Value("string", "what was seen"),
    },
    required=("check", "confirmed_by", "date"),
    # the loader's _check_scope: a check id alone, or a requirement ID with hosts/isenets
    rules={
        "oneOf": [
            {"properties": {"check": {"pattern": r"\]$"}}, "not": _either("hosts", "isenets")},
            {
                "properties": {"check": {"pattern": r"^[A-Z]+-[A-Z0-9]+$"}},
                **_either("hosts", "isenets"),
            },
        ]
    },
)

SITE = Obj(
    {
        "site": SITE_INFO,
        "hosts": ListOf(HOST, min_items=1),
        "isenets": ListOf(ISENET),
        "ports": PORTS,
        "rare_checks": RARE_CHECKS,
        "timing": TIMING,
        "discovery": DISCOVERY,
        "waivers": ListOf(WAIVER, nullable=True),
        "confirmations": ListOf(CONFIRMATION, nullable=True),
        "confirmations_max_age_days": Value(
            "integer",
            f"how many days a confirmation counts after its date (default "
            f"{CONFIRMATION_MAX_AGE_DAYS}); an older one does not count and the report says so",
            lo=1,
            hi=3650,
            default=CONFIRMATION_MAX_AGE_DAYS,
        ),
    },
    required=("site", "hosts", "isenets"),
    doc="One Sesam installation. See site_configs/example.yaml for every key explained.",
)


def site_schema_text() -> str:
    """The text of ``site.schema.json``."""
    return schema_document(SITE, HEADER)
