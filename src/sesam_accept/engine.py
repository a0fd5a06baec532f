"""The check engine: run a host's plan concurrently and judge every check.

Probing happens once: the checks of a plan are reduced to the distinct probes they need
(several checks share one probe, e.g. ISE-CMD, FLOW-ADD and FLOW-ADMIN share the 41797 query
of an ISENet), the probes run concurrently under a global cap and a per-destination cap, each
socket operation with its own timeout, and the judge turns the probe results into verdicts.
A plan of hundreds of ISENets therefore costs about one timeout (plus retries) of wall time.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from .checks import ProbeKey, ProbeKind, probe_key
from .eventloop import loop_choice, run_on
from .judge import Judge, Observations, probe_keys
from .notrun import on_this_machine
from .plan import Plan
from .probes import commparam, firebird, icmp_batch, local, rpc, tcp, tftp, udp
from .probes.isenet import ISENetClient, broadcast_targets
from .results import CheckResult, ProbeResult
from .site import Host, Site

T = TypeVar("T")
Job = Callable[[], Awaitable[ProbeResult]]

#: Probes made in one batch each, over one shared socket (see ``_isenet_job``, ``_ping_job``).
_BATCHED = frozenset({ProbeKind.ISENET, ProbeKind.SEARCH, ProbeKind.PING})


@dataclass
class EngineOptions:
    """How the engine runs; defaults come from the site's ``timing``."""

    timeout: float
    retries: int
    concurrency: int
    per_destination: int
    sequential: bool = False  # one probe at a time (the naive baseline of the benchmark)

    @classmethod
    def from_site(
        cls, site: Site, *, sequential: bool = False, platform: str = sys.platform
    ) -> EngineOptions:
        """Options from the site file's ``timing`` section, the concurrency capped to what
        ``platform``'s event loop can wait on (see :mod:`sesam_accept.eventloop`)."""
        t = site.timing
        concurrency = loop_choice(platform).concurrency(t.concurrency)
        return cls(t.timeout, t.retries, concurrency, t.per_destination, sequential)


@dataclass
class Context:
    """Where the run happens: the source host and the addresses the probes leave from."""

    plan: Plan
    addresses_local: bool  # this machine has (can bind) the source host's addresses
    language: str
    machine_addresses: tuple[str, ...] = ()  # this machine's own addresses (when not local)

    @property
    def site(self) -> Site:
        """The site of the plan."""
        return self.plan.site

    @property
    def source(self) -> Host:
        """The host the run is made as."""
        return self.plan.source

    @property
    def bind_address(self) -> str | None:
        """The address probes bind to (None lets the OS choose)."""
        return self.source.address if self.addresses_local else None


def run_plan(ctx: Context, options: EngineOptions) -> list[CheckResult]:
    """Run every check of ``ctx.plan`` here and judge it; checks of other hosts are not run."""
    observations = run_sync(_probe_all(ctx, options))
    judge = Judge(ctx.site, ctx.source, ctx.language, observations, ctx.addresses_local)
    results = [judge.judge(check) for check in ctx.plan.checks]
    if not ctx.addresses_local:  # the wrong machine: see notrun
        results = on_this_machine(results, ctx.source, ctx.machine_addresses, ctx.language)
    results += [judge.not_run_here(check) for check in ctx.plan.elsewhere]
    return results


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on this platform's selector event loop (see :mod:`.eventloop`)."""
    return run_on(loop_choice(sys.platform), coro)


# -- collecting the probes a plan needs ------------------------------------------------------


async def _probe_all(ctx: Context, options: EngineOptions) -> Observations:
    obs = Observations(
        commparam=await asyncio.to_thread(read_commparams, ctx),
        live=await asyncio.to_thread(live_links, ctx),
    )
    limiter = _Limiter(options)
    needed = _needed(ctx, obs)
    jobs = {key: _job(key, ctx, obs, options) for key in needed if key[0] not in _BATCHED}
    batched = (_isenet_job(ctx, options, obs, needed), _ping_job(ctx, options, obs, needed))
    batches = [b for b in batched if b]
    keys = list(jobs)
    if options.sequential:  # the naive baseline: one probe after the other
        outcomes = [await limiter.run(key, jobs[key]) for key in keys]
        for batch in batches:
            await batch
    else:
        gathered = await asyncio.gather(
            asyncio.gather(*(limiter.run(k, jobs[k]) for k in keys)), *batches
        )
        outcomes = list(gathered[0])
    obs.probes.update(zip(keys, outcomes, strict=True))
    return obs


def read_commparams(ctx: Context) -> dict[str, ProbeResult]:
    """Read every CommParam.ini this run can read (the source host's own, collected copies),
    each read given at most ``commparam.READ_TIMEOUT`` seconds (a UNC share may hang). On a
    machine that is not the source host, its local path is some other machine's file."""
    found: dict[str, ProbeResult] = {}
    for host in ctx.site.sw_hosts:
        location = host.commparam
        if location is None:
            continue
        own = host.name == ctx.source.name and ctx.addresses_local
        if own or location.readable_anywhere:
            path = str(location.resolved or location.path)
            found[host.name] = commparam.commparam_check(path, location.section, location.key)
    return found


def _needed(ctx: Context, obs: Observations) -> list[ProbeKey]:
    """The distinct probes the plan's checks need, in plan order (keys: ``judge.probe_keys``)."""
    source = ctx.source.name
    keys = (key for c in ctx.plan.checks for key in probe_keys(c, ctx.site, obs, source))
    return list(dict.fromkeys(keys))


def _job(key: ProbeKey, ctx: Context, obs: Observations, options: EngineOptions) -> Job:
    """The probe of one key (every kind but the batched ones)."""
    src, t, retries = ctx.bind_address, options.timeout, options.retries
    kind = key[0]
    if kind is ProbeKind.LISTENER:
        _, port, transport = key
        return lambda: _sync(local.listener_check, port, str(transport))
    _, addr, port = key
    if kind is ProbeKind.FIREBIRD:
        return lambda: firebird.firebird_probe(addr, port, timeout=t, source=src)
    if kind is ProbeKind.TCP:
        return lambda: tcp.tcp_connect(addr, port, timeout=t, source=src)
    if kind is ProbeKind.EPM:
        return lambda: rpc.epm_probe(addr, port, timeout=t, source=src)
    if kind is ProbeKind.UDP:
        return lambda: udp.udp_probe(addr, port, timeout=t, retries=retries, source=src)
    if kind is ProbeKind.TFTP:
        return lambda: tftp.tftp_probe(addr, port, timeout=t, retries=retries, source=src)
    if kind is ProbeKind.DATA:
        return lambda: _data_probe(ctx, obs.live, addr, port, t)
    raise ValueError(f"no probe for the key {key!r}")


def _of_kind(keys: list[ProbeKey], kind: ProbeKind) -> list[str]:
    """The addresses of the probes of ``kind`` among ``keys``, sorted."""
    return sorted({str(key[1]) for key in keys if key[0] is kind and key[1:2] != (None,)})


async def _data_probe(
    ctx: Context, live: dict[str, ProbeResult], address: str, port: int, timeout: float
) -> ProbeResult:
    """41796/tcp: SesComm's live connection is the evidence if it exists; else connect+close."""
    found = live.get(address)
    if found is not None and found.is_open:
        return found
    return await tcp.tcp_connect(address, port, timeout=timeout, source=ctx.bind_address)


def live_links(ctx: Context) -> dict[str, ProbeResult]:
    """SesComm's established connections to the ISENets' 41796, from one read of the socket
    table taken before any probe runs (so none of our own connections is among them)."""
    keys = _needed(ctx, Observations())  # the data port does not depend on CommParam.ini
    addresses = _of_kind(keys, ProbeKind.DATA)
    if not ctx.addresses_local or not addresses:
        return {}
    return local.established_checks(addresses, ctx.site.ports.isenet_data)


def _isenet_job(
    ctx: Context, options: EngineOptions, obs: Observations, keys: list[ProbeKey]
) -> Coroutine[Any, Any, None] | None:
    queried = _of_kind(keys, ProbeKind.ISENET)
    search = any(key[0] is ProbeKind.SEARCH for key in keys)
    if not queried and not search:
        return None
    return _isenet_session(ctx, options, obs, queried, search)


async def _isenet_session(
    ctx: Context, options: EngineOptions, obs: Observations, addresses: list[str], search: bool
) -> None:
    """The unicast queries and the broadcast search on one socket bound to PC:41797: overlapped
    (the search beside the unicast retries), or one after the other when sequential."""
    site = ctx.site
    source = ctx.bind_address or "0.0.0.0"
    targets = broadcast_targets(source) if ctx.addresses_local else ["255.255.255.255"]
    window, rounds = options.timeout * (options.retries + 1), options.retries + 1
    async with ISENetClient(source, port=site.ports.isenet_command) as client:
        if search and addresses and not options.sequential:
            answers, obs.search = await client.query_and_search(
                addresses,
                queries=site.discovery.queries,
                timeout=options.timeout,
                retries=options.retries,
                window=window,
                broadcast_targets=targets,
                rounds=rounds,
            )
            obs.probes.update({probe_key(ProbeKind.ISENET, a): r for a, r in answers.items()})
            return
        batches = [[a] for a in addresses] if options.sequential else [addresses]
        for batch in batches if addresses else []:
            answers = await client.query_all(
                batch,
                queries=site.discovery.queries,
                timeout=options.timeout,
                retries=options.retries,
            )
            obs.probes.update({probe_key(ProbeKind.ISENET, a): r for a, r in answers.items()})
        if search:
            obs.search = await client.search(
                window=window, broadcast_targets=targets, rounds=rounds
            )


def _ping_job(
    ctx: Context, options: EngineOptions, obs: Observations, keys: list[ProbeKey]
) -> Coroutine[Any, Any, None] | None:
    """All pings of the plan through one ICMP socket (see probes.icmp_batch)."""
    addresses = _of_kind(keys, ProbeKind.PING)
    if not addresses:
        return None
    return _ping_all(ctx, options, obs, addresses)


async def _ping_all(
    ctx: Context, options: EngineOptions, obs: Observations, addresses: list[str]
) -> None:
    batches = [[a] for a in addresses] if options.sequential else [addresses]
    for batch in batches:
        answers = await icmp_batch.ping_many(
            batch, count=options.retries + 1, timeout=options.timeout, source=ctx.bind_address
        )
        obs.probes.update({probe_key(ProbeKind.PING, a): r for a, r in answers.items()})


async def _sync(func: Callable[..., ProbeResult], *args: Any) -> ProbeResult:
    """Run a blocking local probe (psutil, file) in a worker thread."""
    return await asyncio.to_thread(func, *args)


class _Limiter:
    """A global cap and a per-destination cap on probes in flight."""

    def __init__(self, options: EngineOptions) -> None:
        cap = 1 if options.sequential else options.concurrency
        self.global_sem = asyncio.Semaphore(cap)
        self.per_dest = 1 if options.sequential else options.per_destination
        self.dest: dict[Any, asyncio.Semaphore] = {}

    async def run(self, key: ProbeKey, job: Job) -> ProbeResult:
        dest = key[1] if len(key) > 1 else key[0]
        sem = self.dest.setdefault(dest, asyncio.Semaphore(self.per_dest))
        async with self.global_sem, sem:
            return await job()
