"""Screenshots of parts of the demo's merged site report, in German and English (see
``scripts/screenshots --help``).

Chromium's command line photographs the top of a window: each screenshot is taken of a copy
of the report in which a small script leaves only the chosen element (with the report's
style). A first pass measures the element's height, the second photographs a window of that
height. The report itself carries no script; only these copies do.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from sesam_accept.report import load_record, render_document

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "chromium"
WIDTH = 1100
#: Leaves only the element ``SELECTOR`` in the page (inside a .sesam-report, which scopes the
#: report's style) and puts its height, or -1 when missing, into the title.
ISOLATE = """<script>addEventListener("load", function () {
  var el = document.querySelector(SELECTOR);
  if (!el) { document.title = "-1"; return; }
  document.head.append.apply(document.head, document.querySelectorAll("style"));
  var box = document.createElement("div");
  box.className = "sesam-report";
  box.style.padding = "12px";
  box.appendChild(el);
  document.body.replaceChildren(box);
  document.body.style.margin = "0";
  document.title = String(Math.ceil(box.getBoundingClientRect().height));
});</script>"""


def main(argv: list[str] | None = None) -> int:
    """Render the merged report in each language and photograph each selected element."""
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sesam-shots-") as tmp:
        work = Path(tmp)
        merged = _merged_report(args.source or _run_demo(work))
        record = load_record(merged)
        for language in ("de", "en"):
            html = render_document(record, language=language)
            for selector in args.select or ["summary"]:
                css = selector if selector[:1] in "#.[" else f"#{selector}"
                name = re.sub(r"[^A-Za-z0-9]+", "-", css).strip("-")
                out = args.out / f"report-{name}-{language}.png"
                _shoot(html, css, out, work / f"{name}-{language}")
                print(out)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/screenshots", description=__doc__)
    parser.add_argument(
        "--select",
        action="append",
        default=None,
        help="what to photograph: an element id (summary) or a CSS selector (#site-picture); "
        "repeat for several (default: summary)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder (default docs/)")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="a folder with the demo's reports (a *_site_*.json in it); default: run the demo",
    )
    return parser


def _run_demo(work: Path) -> Path:
    argv = [sys.executable, "-m", "sesam_accept", "demo", "--reports", str(work / "reports")]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return work / "reports"


def _merged_report(folder: Path) -> Path:
    found = sorted(folder.rglob("*_site_*.json"))
    if not found:
        raise SystemExit(f"screenshots: no merged site report (*_site_*.json) under {folder}")
    return found[-1]


def _chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    argv = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def _shoot(html: str, selector: str, out: Path, work: Path) -> None:
    work.mkdir(parents=True)
    page = work / "page.html"
    script = ISOLATE.replace("SELECTOR", json.dumps(selector))
    page.write_text(html.replace("</body>", script + "</body>", 1), encoding="utf-8")
    dom = _chromium(page, work / "profile", f"--window-size={WIDTH},800", "--dump-dom").stdout
    found = re.search(r"<title>(-?\d+)</title>", dom)
    if found is None or int(found.group(1)) < 0:
        raise SystemExit(f"screenshots: nothing matches {selector!r} in the report")
    height = int(found.group(1))
    out.parent.mkdir(parents=True, exist_ok=True)
    shot = _chromium(
        page, work / "profile", f"--window-size={WIDTH},{height}", f"--screenshot={out}"
    )
    if not out.is_file():
        raise SystemExit(f"screenshots: chromium wrote no {out}: {shot.stderr[-500:]}")


if __name__ == "__main__":
    sys.exit(main())
