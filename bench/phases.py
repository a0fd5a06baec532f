"""Where one run's time goes, without pytest: ``python bench/phases.py SITE HOST REPORTS``.

Run inside the source host's namespace. Prints JSON: seconds for importing, preparing (site
file + plan), probing (the engine's concurrent probes), judging, and writing the JSON + HTML
report; the rest of a ``sesam-accept run`` is pytest (collection, 3 phases per test, terminal
summary, pytest-html, JUnit XML).
"""

from __future__ import annotations

import json
import sys
import time

started = time.perf_counter()
from sesam_accept import engine  # noqa: E402
from sesam_accept.engine import EngineOptions, _probe_all, run_sync  # noqa: E402
from sesam_accept.judge import Judge  # noqa: E402
from sesam_accept.probes import icmp_batch  # noqa: E402
from sesam_accept.probes.isenet import ISENetClient  # noqa: E402
from sesam_accept.run import finish_run, prepare_run  # noqa: E402


def main(site: str, host: str, reports: str) -> dict[str, float]:
    """Time each phase of one run of ``host``'s plan."""
    times = {"import": time.perf_counter() - started}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = now - mark
        mark = now

    state = prepare_run(site, as_host=host, reports_dir=reports)
    spans = _instrument()
    lap("prepare")
    ctx, options = state.context, EngineOptions.from_site(state.site)
    obs = run_sync(_probe_all(ctx, options))
    lap("probe")
    for kind, (count, first, last, total) in spans.items():
        times[f"{kind}: count"] = count
        times[f"{kind}: first start s"] = first - mark + times["probe"]
        times[f"{kind}: last end s"] = last - mark + times["probe"]
        times[f"{kind}: mean s"] = total / count if count else 0.0
    judge = Judge(ctx.site, ctx.source, ctx.language, obs, ctx.addresses_local)
    results = [judge.judge(c) for c in ctx.plan.checks]
    results += [judge.not_run_here(c) for c in ctx.plan.elsewhere]
    state.results, state.probed = {r.check.id: r for r in results}, True
    lap("judge")
    finish_run(state, complete=True, standalone_html=True)
    lap("report")
    times["checks"] = len(results)
    return times


def _instrument() -> dict[str, list[float]]:
    """Wrap the engine's probe coroutines to record count, first start, last end, total time."""
    spans: dict[str, list[float]] = {}

    def wrap(owner: object, name: str, kind: str) -> None:
        inner = getattr(owner, name)

        async def timed(*args: object, **kwargs: object) -> object:
            begin = time.perf_counter()
            try:
                return await inner(*args, **kwargs)
            finally:
                end = time.perf_counter()
                span = spans.setdefault(kind, [0, begin, end, 0.0])
                span[0] += 1
                span[1], span[2] = min(span[1], begin), max(span[2], end)
                span[3] += end - begin

        setattr(owner, name, timed)

    wrap(icmp_batch, "ping_many", "ping batch")
    wrap(engine, "_data_probe", "tcp 41796")
    wrap(engine, "_isenet_session", "isenet session (unicast + search)")
    wrap(ISENetClient, "query_all", "isenet unicast query_all")
    wrap(ISENetClient, "search", "isenet broadcast search")
    return spans


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
