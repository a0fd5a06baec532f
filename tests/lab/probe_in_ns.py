"""Run one of the project's probes and print its outcome as JSON (executed inside a namespace).

probe_in_ns.py tcp ADDRESS PORT
probe_in_ns.py udp ADDRESS PORT
probe_in_ns.py isenet SOURCE ADDRESS...
probe_in_ns.py search SOURCE
probe_in_ns.py full tcp|tftp ADDRESS PORT    (the whole ProbeResult: outcome and evidence)
probe_in_ns.py full listener PORT            (the local listener check of this namespace)
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from sesam_accept.checks import ProbeKind
from sesam_accept.probes.isenet import ISENetClient
from sesam_accept.probes.local import listener_check
from sesam_accept.probes.tcp import tcp_connect
from sesam_accept.probes.tftp import tftp_probe
from sesam_accept.probes.udp import udp_probe


async def full(kind: str, args: list[str]) -> Any:
    if kind == "listener":
        result = listener_check(int(args[0]), "tcp")
    elif kind == ProbeKind.TFTP:
        result = await tftp_probe(args[0], int(args[1]), timeout=1.0, retries=1)
    else:
        result = await tcp_connect(args[0], int(args[1]), timeout=1.0)
    return {"outcome": result.outcome.value, "evidence": result.evidence.to_json()}


async def main(kind: str, args: list[str]) -> Any:
    if kind == "full":
        return await full(args[0], args[1:])
    if kind == "tcp":
        result = await tcp_connect(args[0], int(args[1]), timeout=1.0)
        return {"outcome": result.outcome.value, "error_class": result.evidence.error_class}
    if kind == "udp":
        result = await udp_probe(args[0], int(args[1]), payload=b"\0\0\0\1", timeout=0.5, retries=1)
        return {"outcome": result.outcome.value, "error_class": result.evidence.error_class}
    async with ISENetClient(args[0], 0) as client:
        if kind == "isenet":
            found = await client.query_all(args[1:], timeout=0.5, retries=1)
            return {a: r.outcome.value for a, r in found.items()}
        search = await client.search(window=0.8)
        return sorted(search.addresses)


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2:]))))
