"""Names and addresses the site file refuses: no device's address, no file name (Windows too).

Each refusal is one problem with the field, and the editors' JSON Schema refuses the same value
(except what only the whole file shows: a network's network or broadcast address).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sesam_accept.errors import SiteFileError
from sesam_accept.loader import check_site

CONFIGS = Path(__file__).parents[2] / "site_configs"
SCHEMA = json.loads((CONFIGS / "site.schema.json").read_text(encoding="utf-8"))

Data = dict[str, Any]


def _example() -> Data:
    data = yaml.safe_load((CONFIGS / "example.yaml").read_text(encoding="utf-8"))
    for item in data["waivers"] + data["confirmations"]:
        for key, value in item.items():
            if isinstance(value, dt.date):
                item[key] = value.isoformat()
    return data


def _at(*path: str | int) -> Callable[[str], Callable[[Data], str]]:
    """value -> a change that writes it at ``path`` and returns the field path (hosts[2].name)."""
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")

    def value(new: str) -> Callable[[Data], str]:
        def change(data: Data) -> str:
            node: Any = data
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = new
            return field

        return change

    return value


_site_name = _at("site", "name")
_host_name = _at("hosts", 4, "name")  # WS-03: no confirmation names it
_isenet_name = _at("isenets", 2, "name")  # ISE-Empfang: no confirmation names it
_host_address = _at("hosts", 4, "addresses", 1)
_isenet_address = _at("isenets", 1, "address")


#: case id -> (the change, what the loader says; the schema refuses it too)
REFUSED = {
    "isenet-limited-broadcast": (
        _isenet_address("255.255.255.255"),
        "255.255.255.255 is the limited broadcast address (every device on the segment)",
    ),
    "isenet-unspecified": (_isenet_address("0.0.0.0"), "0.0.0.0 is the unspecified address"),
    "isenet-multicast": (_isenet_address("239.1.2.3"), "239.1.2.3 is a multicast address"),
    "host-multicast": (_host_address("224.0.0.1/24"), "224.0.0.1 is a multicast address"),
    "host-unspecified": (_host_address("0.0.0.0/16"), "0.0.0.0 is the unspecified address"),
    "site-name-100000": (_site_name("W" * 100_000), "is 100000 characters long; at most 100"),
    "site-name-control": (_site_name("Werk\nNord"), "contains a control character"),
    "site-name-empty": (_site_name(""), "is empty"),
    "host-name-64": (_host_name("W" * 64), "is 64 characters long; at most 63"),
    "host-name-slash": (_host_name("WS/01"), "contains /: a host name is a folder name"),
    "host-name-reserved": (_host_name('W<S>:"1|?*'), 'contains " * : < > ? |'),
    "host-name-backslash": (_host_name("..\\WS"), "contains \\"),
    "host-name-device": (_host_name("nul"), "is a Windows device name"),
    "host-name-device-dot": (_host_name("COM1.local"), "is a Windows device name"),
    "host-name-dot": (_host_name("WS-01."), "ends with a dot or a space"),
    "host-name-dotdot": (_host_name(".."), "ends with a dot or a space"),
    "host-name-tab": (_host_name("WS\t01"), "contains a control character"),
    "isenet-name-long": (_isenet_name("I" * 64), "is 64 characters long; at most 63"),
    "isenet-name-control": (_isenet_name("ISE\x1b[31m"), "contains a control character"),
}

#: Refused by the loader only: the schema checks one value, not the hosts' networks.
REFUSED_BY_NETWORK = {
    "isenet-subnet-broadcast": (
        _isenet_address("192.168.10.255"),
        "192.168.10.255 is the broadcast address of 192.168.10.0/24 (SRV-DB's network)",
    ),
    "isenet-network": (
        _isenet_address("10.20.0.0"),
        "10.20.0.0 is the network address of 10.20.0.0/16 (WS-03's network)",
    ),
    "host-network": (
        _host_address("192.168.10.0/24"),
        "192.168.10.0 is the network address of 192.168.10.0/24 (SRV-DB's network)",
    ),
    "host-broadcast-of-another": (
        _host_address("192.168.10.255"),
        "192.168.10.255 is the broadcast address of 192.168.10.0/24",
    ),
}

#: Accepted by both: loopback (the demo's), reserved characters where no file name is made.
ACCEPTED = {
    "isenet-loopback": _isenet_address("127.0.20.1"),
    "host-loopback": _host_address("127.0.10.9/8"),
    "host-network-of-a-31": _host_address("10.30.0.0/31"),  # /31: no network address
    "isenet-name-slash": _isenet_name("Tor 1/2: Nord"),
    "site-name-colon": _site_name('Werk Nord: Halle "2/3" *'),
    "site-name-100": _site_name("W" * 100),
    "host-name-63": _host_name("W" * 63),
    "host-name-dotted": _host_name("ws-01.werk.local"),
    "host-name-console": _host_name("CONSOLE"),
}


def _load(tmp_path: Path, data: Data) -> list[tuple[str, str]]:
    """The errors the loader finds in ``data``, as (field, message)."""
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        check_site(path)
    except SiteFileError as error:
        return [(p.field, p.message) for p in error.problems]
    return []


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_by_the_loader_and_the_schema(tmp_path: Path, case: str) -> None:
    change, says = REFUSED[case]
    data = _example()
    field = change(data)
    ((where, message),) = _load(tmp_path, data)
    assert where == field and says in message
    assert len(message) < 200  # a 100,000-character name is not repeated back
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize("case", sorted(REFUSED_BY_NETWORK))
def test_network_and_broadcast_addresses_of_the_hosts_networks(tmp_path: Path, case: str) -> None:
    change, says = REFUSED_BY_NETWORK[case]
    data = _example()
    field = change(data)
    ((where, message),) = _load(tmp_path, data)
    assert where == field and message.startswith(says)
    jsonschema.validate(data, SCHEMA)  # one value alone does not show it


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_by_the_loader_and_the_schema(tmp_path: Path, case: str) -> None:
    data = _example()
    ACCEPTED[case](data)
    assert _load(tmp_path, data) == []
    jsonschema.validate(data, SCHEMA)
