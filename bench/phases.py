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
from sesam_accept.engine import EngineOptions, _probe_all, run_sync  # noqa: E402
from sesam_accept.judge import Judge  # noqa: E402
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
    lap("prepare")
    ctx, options = state.context, EngineOptions.from_site(state.site)
    obs = run_sync(_probe_all(ctx, options))
    lap("probe")
    judge = Judge(ctx.site, ctx.source, ctx.language, obs, ctx.addresses_local)
    results = [judge.judge(c) for c in ctx.plan.checks]
    results += [judge.not_run_here(c) for c in ctx.plan.elsewhere]
    state.results, state.probed = {r.check.id: r for r in results}, True
    lap("judge")
    finish_run(state, complete=True, standalone_html=True)
    lap("report")
    times["checks"] = len(results)
    return times


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
