"""``plan --all``: a host's count is the same in its own section and in the others' sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sesam_accept.cli import main

CONFIGS = Path(__file__).parents[2] / "site_configs"
HEADER = re.compile(
    r"^Plan of (\S+) \(.*\): (\d+) checks here: (\d+) only this host can run \+ (\d+) any host "
    r"can run \(CommParam\.ini copies, manual confirmations\)$"
)
OTHERS = re.compile(r"(\S+) \((\d+) checks\)")


@pytest.mark.parametrize("name", ["example.yaml", "demo.yaml"])
def test_each_host_is_counted_alike_everywhere(capsys, name: str) -> None:
    assert main(["plan", str(CONFIGS / name), "--all"]) == 0
    own: dict[str, int] = {}
    anywhere: set[int] = set()
    seen_from: dict[str, dict[str, int]] = {}
    host = ""
    for line in capsys.readouterr().out.splitlines():
        header = HEADER.match(line)
        if header:
            host, total, only, shared = header[1], *map(int, header.groups()[1:])
            assert only + shared == total
            own[host] = only
            anywhere.add(shared)
        elif line.startswith("Only the other hosts can run: "):
            seen_from[host] = {h: int(n) for h, n in OTHERS.findall(line)}
    assert len(own) >= 4 and len(anywhere) == 1  # the same shared checks on every host
    for viewer, others in seen_from.items():
        assert others == {h: n for h, n in own.items() if h != viewer}, viewer
