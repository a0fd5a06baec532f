"""``sesam-accept``: a thin command line over the library and the pytest suites.

Exit status: 0 accepted (or nothing wrong), 1 not accepted / regressions, 2 bad input (site
file, results file, options, environment), 3 open points only (inconclusive or not yet run),
4 nothing failed but the run cannot be accepted: not whole (narrowed with -k/-m/--deselect,
stopped by -x/--maxfail, or the probing crashed) or made as a host on a machine that does not
have its addresses, 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import SesamAcceptError, SiteFileError
from .resources import suites_dir
from .texts import LANGUAGES

EXIT = {"accepted": 0, "not_accepted": 1, "open_points": 3}
#: What ``sesam-accept demo`` exits with (its --help and the README say the same).
DEMO_EXIT_STATUS = (
    "Exit status of demo: 0 every step went through (the verdict, with any fault's failures, "
    "is in the reports, not in the exit status); 1 a run wrote no results; 2 bad input (an "
    "unknown fault or target, another simulated site running, a port in use); 124 a step did "
    "not finish within 600 s; any other: the exit status of the step that crashed."
)
#: Nothing failed, but the record is not whole (narrowed, or not made on the host it names).
EXIT_NOT_WHOLE = 4
EXIT_HELP = (
    "Exit status: 0 accepted, 1 not accepted, 2 bad input, 3 open points, 4 cannot be accepted "
    "although nothing failed (the run was narrowed with -k/-m/--deselect or stopped by "
    "-x/--maxfail, or made --as a host whose addresses this machine does not have), "
    "130 interrupted."
)


def entry() -> None:
    """The ``sesam-accept`` command (and ``python -m sesam_accept``): :func:`main`, then exit.

    Every report is written and closed when :func:`main` returns. The objects of a large run
    (a few hundred MB at 7,000 checks) are frozen first: otherwise the interpreter's collections
    at exit walk them all, about 1 s for nothing."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sesam-accept`` command."""
    words = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in words:  # everything after "--" goes to pytest (run only)
        cut = words.index("--")
        words, extra = words[:cut], words[cut + 1 :]
    args = _parser().parse_args(words)
    args.pytest_args = extra
    try:
        return int(args.func(args))
    except SiteFileError as exc:
        for problem in exc.problems:
            print(f"sesam-accept: {problem}", file=sys.stderr)
        return 2
    except SesamAcceptError as exc:
        print(f"sesam-accept: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sesam-accept: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sesam-accept",
        description="Network acceptance tests for Sesam access-control installations.",
        epilog=EXIT_HELP,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="check the paths that start on this host, write the report",
        usage="sesam-accept run SITE [options] [-- PYTEST-ARGS...]",
        epilog=EXIT_HELP,
    )
    run.add_argument("site", help="site file (YAML)")
    _host_option(run)
    run.add_argument("--lang", choices=LANGUAGES, help="report language")
    run.add_argument("--reports", default="reports", help="report folder (default: reports)")
    run.add_argument("--baseline", metavar="OLD.json", help="compare with an earlier run")
    run.add_argument("--engineer", help="who runs the acceptance")
    run.add_argument(
        "--upgrade-to",
        metavar="VERSION",
        help="before an upgrade: also check the paths VERSION will need and today's version "
        "does not (readiness checks; default: the site file's site.upgrade_to)",
    )
    run.add_argument("--sequential", action="store_true", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)
    validate = sub.add_parser("validate", help="check the site file; probe nothing")
    validate.add_argument("site")
    validate.add_argument("--json", action="store_true", help="machine-readable output")
    validate.set_defaults(func=cmd_validate)
    plan = sub.add_parser("plan", help="print the checks each host will run")
    plan.add_argument("site")
    _host_option(plan)
    plan.add_argument("--all", action="store_true", help="the plan of every host")
    plan.add_argument("--json", action="store_true", help="machine-readable output")
    plan.add_argument(
        "--upgrade-to",
        metavar="VERSION",
        help="also the readiness checks of an upgrade to VERSION (see run --upgrade-to)",
    )
    plan.set_defaults(func=cmd_plan)
    merge = sub.add_parser("merge", help="one site report from the runs on several hosts")
    merge.add_argument("runs", nargs="+", metavar="RUN.json")
    merge.add_argument("--reports", default="reports")
    merge.add_argument("--lang", choices=LANGUAGES)
    merge.add_argument(
        "--missing",
        action="append",
        default=[],
        metavar="HOST=REASON",
        help="a host whose run did not happen (unreachable, failed): its checks say why "
        "(repeatable)",
    )
    merge.set_defaults(func=cmd_merge)
    inventory = sub.add_parser(
        "inventory",
        help="print an Ansible inventory (YAML) of the site's hosts",
        description="One inventory host per site host (ansible_host: its first address), "
        "grouped by role (db, comm, workstation) and by os (windows, linux). For "
        "ansible/site-acceptance.yml; credentials go in group_vars, never in the site file.",
    )
    inventory.add_argument("site")
    inventory.set_defaults(func=cmd_inventory)
    diff = sub.add_parser("diff", help="what changed against a baseline run")
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument("new", metavar="NEW.json")
    diff.add_argument("--lang", choices=LANGUAGES, default="en")
    diff.add_argument(
        "--html",
        metavar="OUT.html",
        help="also write the before/after page: the site picture with the changed paths "
        "highlighted and every change, regressions first, with its evidence",
    )
    diff.set_defaults(func=cmd_diff)
    demo = sub.add_parser(
        "demo", help="run the suite against the built-in simulated site", epilog=DEMO_EXIT_STATUS
    )
    demo.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME[:TARGET]",
        help="inject a fault, e.g. isenet-missing:ISE-Tor2 (repeatable); --fault list shows them",
    )
    demo.add_argument("--lang", choices=LANGUAGES, default="en")
    demo.add_argument("--reports", default="reports")
    demo.set_defaults(func=cmd_demo)
    _init_parser(sub)
    return parser


def _init_parser(sub: Any) -> None:
    from .site import Timing

    defaults = Timing()  # the FLOW-SEARCH check's window and rounds (isenet_discovery)
    init = sub.add_parser(
        "init",
        help="write a commented starting site file (and site.schema.json beside it)",
        description="Write a starting site file for a new installation, every key explained, "
        "and the JSON Schema beside it. It fails validation until every FILL-IN is replaced. "
        "Never overwrites a file (exit 2, nothing written).",
    )
    init.add_argument("file", nargs="?", default="site.yaml", metavar="FILE",
                      help="the site file to write (default: site.yaml)")  # fmt: skip
    init.add_argument(
        "--discover",
        action="store_true",
        help="on the SesComm host: fill the ISENet list from the read-only broadcast search "
        "(4-byte F6/F4 queries, only to the broadcast addresses of this machine's interfaces, "
        "loopback left out); serials are bytes 22-23 of the F7 answer, an offset inferred "
        "from the Lantronix manuals, not from a Sesam source",
    )
    init.add_argument(
        "--timeout",
        type=_seconds,
        default=defaults.search_window,
        metavar="SECONDS",
        help=f"how long --discover listens for answers, asking {defaults.search_rounds} times "
        "within it (default: %(default)g s, as the FLOW-SEARCH check with the default timing)",
    )
    init.set_defaults(func=cmd_init)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 60:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 60")
    return value


def _host_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_host",
        metavar="HOST",
        help="the site host (default: the one whose address this machine has)",
    )


# -- commands ------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the site file and print a summary."""
    from .loader import check_site

    if args.json:
        return _validate_json(args.site)
    loaded = check_site(args.site)
    for warning in loaded.warnings:
        print(f"sesam-accept: {warning}", file=sys.stderr)
    site = loaded.site
    print(
        f"{args.site}: OK — site {site.name!r}, software {site.software_version}, "
        f"{len(site.hosts)} hosts, {len(site.isenets)} ISENets, "
        f"{len(site.waivers)} waivers, {len(site.confirmations)} confirmations"
    )
    return 0


def _validate_json(site_file: str) -> int:
    """``validate --json``: every problem (errors and warnings) as data; exit 2 on errors."""
    from dataclasses import asdict

    from .loader import check_site

    try:
        loaded = check_site(site_file)
    except SiteFileError as exc:
        problems = [asdict(p) for p in exc.problems]
        print(json.dumps({"ok": False, "problems": problems}, indent=2, ensure_ascii=False))
        return 2
    site = loaded.site
    summary = {
        "name": site.name,
        "software_version": str(site.software_version),
        "hosts": [h.name for h in site.hosts],
        "isenets": len(site.isenets),
        "sha256": site.sha256,
    }
    problems = [asdict(p) for p in loaded.warnings]
    print(
        json.dumps(
            {"ok": True, "problems": problems, "site": summary}, indent=2, ensure_ascii=False
        )
    )
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the plan of one host (or of every host)."""
    from .loader import load_site
    from .plan import plan_for
    from .planview import plan_json, plan_table
    from .run import source_host
    from .upgrade import readiness_summary, upgrade_target, with_readiness

    site = load_site(args.site)
    names = [h.name for h in site.hosts] if args.all else [source_host(site, args.as_host).name]
    plans = [plan_for(site, name) for name in names]
    target = upgrade_target(site, args.upgrade_to)
    if target is not None:
        plans = [with_readiness(p, target) for p in plans]
        print(readiness_summary(site.software_version, target, "en"), file=sys.stderr)
    if args.json:
        print(json.dumps([plan_json(p) for p in plans], indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(plan_table(p) for p in plans))
    return 0


#: pytest plugins the acceptance suites do not use. Each hooks into every phase of every test
#: (log capture, warning capture, ...): on a site of a thousand ISENets, 7,000 tests, that was
#: seconds. Hypothesis' plugin (installed with the tests' tools) imported all of Hypothesis to
#: print its summary. --pdb (debugging) and the outputs (junitxml, html) stay.
_UNUSED_PLUGINS = [
    arg
    for name in (
        "cacheprovider",
        "hypothesispytest",
        "logging",
        "warnings",
        "faulthandler",
        "unraisableexception",
        "threadexception",
        "doctest",
        "pastebin",
        "legacypath",
        "unittest",
        "setuponly",
        "setupplan",
        "stepwise",
        "tmpdir",
        "monkeypatch",
        "recwarn",
        "subtests",
    )
    for arg in ("-p", f"no:{name}")
]


def cmd_run(args: argparse.Namespace) -> int:
    """Run the acceptance suites as one host (pytest in this process)."""
    import pytest

    suites = suites_dir()
    argv = [
        str(suites),
        "--site",
        args.site,
        "--reports",
        args.reports,
        "--rootdir",
        str(suites.parent),
        *_UNUSED_PLUGINS,
        "-q",
        "-rfEs",
        # One line per failure: the messages are ours (no Python traceback to show), and the
        # long form costs seconds on a site with thousands of checks.
        "--tb=line",
        # Nothing to capture: the suites and the library print nothing (a verdict is the whole
        # message). Swapping the streams around each of 3 phases a test cost ~10 % of pytest's
        # time per test. (The capture plugin stays loaded, with its Windows console set-up.)
        "--capture=no",
    ]
    for option, value in (
        ("--as", args.as_host),
        ("--lang", args.lang),
        ("--baseline", args.baseline),
        ("--engineer", args.engineer),
        ("--upgrade-to", args.upgrade_to),
    ):
        if value:
            argv += [option, value]
    if args.sequential:
        argv.append("--sequential")
    outcome = _Outcome()
    # A run only grows until its reports are written: its checks, tests, results and reports
    # live to the end. Full collections walk every object (8 of them, 0.7 s in all at 7,000
    # checks) and free almost nothing (11,000 of 450,000 objects), so they are put off; the
    # young generations are collected as usual.
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], 1000))
    try:
        code = pytest.main([*argv, *args.pytest_args], plugins=[outcome])
    finally:
        gc.set_threshold(*thresholds)
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        return 2
    if code == pytest.ExitCode.INTERRUPTED:
        return 130
    if outcome.record is None:
        return 2
    return exit_status(outcome.record)


def exit_status(record: Any) -> int:
    """The exit status of a record: a failure is 1; else a record that is not whole is 4;
    else the overall verdict's (0 accepted, 3 open points)."""
    from .report import overall_verdict
    from .report.rollup import NOT_ACCEPTED, whole

    verdict = overall_verdict(record).verdict
    if verdict != NOT_ACCEPTED and not whole(record):
        return EXIT_NOT_WHOLE
    return EXIT[verdict]


class _Outcome:
    """Catches the run's record from the plugin's state."""

    record: Any = None

    def pytest_unconfigure(self, config: Any) -> None:
        from .plugin import STATE

        state = config.stash.get(STATE, None)
        self.record = state.record if state is not None else None


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge the runs of several hosts into one site report."""
    from .report import (
        check_writable,
        dump_record,
        load_record,
        merge_records,
        overall_verdict,
        render_document,
        report_paths,
        write_atomic,
    )

    missing = _missing_hosts(args.missing)
    records = [load_record(path) for path in args.runs]
    merged = merge_records(records, missing=missing)
    folder = check_writable(args.reports)
    language = args.lang or merged.info.language
    html, js = report_paths(
        folder, merged.info.site, "site", merged.info.finished, ("html", "json")
    )
    write_atomic(js, dump_record(merged))
    write_atomic(html, render_document(merged, language=language))
    overall = overall_verdict(merged)
    print(f"merged {len(records)} runs of {merged.info.site!r}: {overall.verdict}")
    print(f"html  {html}\njson  {js}")
    return exit_status(merged)


def _missing_hosts(options: Sequence[str]) -> dict[str, str]:
    """``--missing HOST=REASON`` options as host → reason."""
    missing: dict[str, str] = {}
    for option in options:
        host, sep, reason = option.partition("=")
        if not sep or not host.strip() or not reason.strip():
            raise SesamAcceptError(f"--missing {option!r}: expected HOST=REASON")
        missing[host.strip()] = reason.strip()
    return missing


def cmd_inventory(args: argparse.Namespace) -> int:
    """Print the site's Ansible inventory."""
    from .fleet import inventory_text
    from .loader import load_site

    print(inventory_text(load_site(args.site)), end="")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Print what changed between two runs (``--html``: also write the before/after page);
    exit 1 when anything regressed."""
    from .report import diff_records, format_diff_text, load_record

    inputs = {Path(args.old).resolve(), Path(args.new).resolve()}
    if args.html and Path(args.html).resolve() in inputs:
        raise SesamAcceptError(
            f"--html {args.html}: that is a results file being compared; name another file"
        )
    old, new = load_record(args.old), load_record(args.new)
    diff = diff_records(old, new)
    if args.html:
        from .report.diff_html import render_diff_page

        _write_page(Path(args.html), render_diff_page(old, new, diff, language=args.lang))
    print(format_diff_text(diff, args.lang))
    if args.html:
        print(f"html  {args.html}")
    return 1 if diff.regressions else 0


def _write_page(path: Path, text: str) -> None:
    """Write a page whole or not at all; a clear error when it cannot be written there."""
    from .errors import EnvironmentProblem
    from .report import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise EnvironmentProblem(
            f"cannot write {path}: {reason}; choose a file in a writable folder"
        ) from None


def cmd_demo(args: argparse.Namespace) -> int:
    """Start the simulated demo site on loopback and run the suite against it."""
    from .loader import load_site
    from .simulator.demo import demo_site_file, run_demo
    from .simulator.faults import describe_faults

    if args.fault == ["list"]:
        print(describe_faults(load_site(demo_site_file())))
        return 0
    return run_demo(faults=args.fault, language=args.lang, reports_dir=Path(args.reports))


def cmd_init(args: argparse.Namespace) -> int:
    """Write a commented starting site file (``--discover``: with the ISENets found)."""
    from .site_starter import init_site_file

    return init_site_file(Path(args.file), discover=args.discover, window=args.timeout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
