"""``python -m sesam_accept.simulator serve SITE [--only NAME ...] [--fault F ...]``.

Plays the site (or only the named hosts/ISENets) until SIGINT/SIGTERM and prints ``ready`` on
its own line once every service listens; the lab starts one such process per namespace.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from ..errors import SesamAcceptError
from ..loader import load_site
from .faults import describe_faults
from .site_sim import FIREBIRD_MODES, PASSWORD_MODES, SiteSimulator


def build_parser() -> argparse.ArgumentParser:
    """The command line of the simulator."""
    parser = argparse.ArgumentParser(prog="python -m sesam_accept.simulator")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser(
        "serve",
        help="play a site until interrupted",
        epilog="faults:\n" + describe_faults(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("site", help="the site file (YAML)")
    serve.add_argument("--only", action="append", metavar="NAME", help="play only this host/ISENet")
    serve.add_argument("--fault", action="append", default=[], metavar="F", help="a fault to show")
    serve.add_argument("--password-service", choices=PASSWORD_MODES, default="silent")
    serve.add_argument("--firebird", choices=FIREBIRD_MODES, default="auto")
    serve.add_argument("--sescomm-holds-41797", action="store_true")
    serve.add_argument("--sescomm-links", action="store_true")
    return parser


def serve(args: argparse.Namespace) -> int:
    """Run the simulator until SIGINT/SIGTERM."""
    site = load_site(args.site)
    simulator = SiteSimulator(
        site,
        only=args.only,
        faults=args.fault,
        password_service=args.password_service,
        firebird=args.firebird,
        sescomm_holds_41797=args.sescomm_holds_41797,
        sescomm_links=args.sescomm_links,
    )
    done = threading.Event()
    _on_signals(done)
    with simulator:
        print(f"firebird: {simulator.firebird_kind}", flush=True)
        print("ready", flush=True)
        while not done.wait(0.2):
            pass
    return 0


def _on_signals(done: threading.Event) -> None:
    def handler(_signum: int, _frame: object) -> None:
        done.set()

    signal.signal(signal.SIGINT, handler)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, handler)
    if hasattr(signal, "SIGBREAK"):  # Windows console Ctrl+Break
        signal.signal(signal.SIGBREAK, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; a bad site file or fault is one message and exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return serve(args)
    except (SesamAcceptError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot start the simulated site: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
