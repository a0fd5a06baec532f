"""The site picture and the before/after page in real headless Chromium.

A small script is added to a copy of each page (the product's pages carry none): it reads what
Chromium drew, finds a point where a line itself is hit (``elementFromPoint``), clicks there
and reports whether the check's evidence became visible. Its findings come back in the DOM.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from picture_factory import FIXED, REGRESSED, later_run, site_record
from test_report_browser import CHROMIUM, _chromium, _console

from sesam_accept.report import diff_records, render_document, write_atomic
from sesam_accept.report.diff_html import render_diff_page
from sesam_accept.report.markup import anchor
from sesam_accept.report.picture import is_network_path
from sesam_accept.results import RunRecord

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]

#: Reads the drawn picture, clicks the line of check CLICK and reports as JSON in #harness.
HARNESS = """
<pre id="harness"></pre>
<script>
window.addEventListener('load', function () {
  var out = {lines: [], rows: []};
  var style = function (el) { return getComputedStyle(el); };
  document.querySelectorAll('svg.pic path.p').forEach(function (line) {
    var verdict = Array.from(line.classList).find(function (c) { return c.startsWith('v-'); });
    var badge = document.querySelector('.legend .' + verdict);
    out.lines.push({check: line.dataset.check, verdict: verdict.slice(2),
      stroke: style(line).stroke, badge: style(badge).color,
      width: parseFloat(style(line).strokeWidth), opacity: parseFloat(style(line).opacity),
      changed: line.classList.contains('ch'), regression: line.classList.contains('ch-regression'),
      href: line.parentNode.getAttribute('href')});
  });
  document.querySelectorAll('tr[data-kind]').forEach(function (row) {
    out.rows.push(row.dataset.kind);
  });
  var line = Array.from(document.querySelectorAll('svg.pic path.p')).find(function (l) {
    return l.dataset.check === CLICK;
  });
  var row = document.getElementById(line.parentNode.getAttribute('href').slice(1));
  var shown = function () {
    return Array.from(row.querySelectorAll('details dl')).map(function (d) {
      return d.checkVisibility();
    });
  };
  out.before = shown();
  line.scrollIntoView({block: 'center'});
  var length = line.getTotalLength(), m = line.getScreenCTM(), at = null;
  [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75].some(function (f) {
    var p = line.getPointAtLength(length * f);
    var x = p.x * m.a + p.y * m.c + m.e, y = p.x * m.b + p.y * m.d + m.f;
    if (document.elementFromPoint(x, y) === line) { at = [x, y]; return true; }
    return false;
  });
  out.hit = at !== null;
  if (at) {
    line.dispatchEvent(new MouseEvent('click',
      {bubbles: true, cancelable: true, view: window, clientX: at[0], clientY: at[1]}));
  }
  setTimeout(function () {
    out.hash = decodeURIComponent(location.hash);
    out.after = shown();
    document.getElementById('harness').textContent = JSON.stringify(out);
  }, 300);
});
</script>
"""


def _drawn(page: Path, document: str, click: str, profile: Path) -> dict[str, Any]:
    """What Chromium drew of ``document`` and what a click on ``click``'s line revealed."""
    script = HARNESS.replace("CLICK", json.dumps(click))
    write_atomic(page, document.replace("</body>", script + "</body>"))
    out = _chromium(page, profile, "--dump-dom", "--virtual-time-budget=5000",
                    "--window-size=1200,1000")  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert _console(out.stderr) == []
    dom = out.stdout
    text = dom[dom.index('<pre id="harness">') + 18 : dom.index("</pre>", dom.index("harness"))]
    return dict(json.loads(html.unescape(text)))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> RunRecord:
    """A run as SRV-COMM on a site of 6 ISENets: ISE-0000's paths fail, WS-01's not run."""
    return site_record(tmp_path_factory.mktemp("site"), 6)


FAILED = "ISE-CMD[SRV-COMM->ISE-0000:41797/udp]"


def test_one_line_per_path_in_its_verdicts_colour_and_a_click_opens_the_evidence(
    small: RunRecord, tmp_path: Path
) -> None:
    drawn = _drawn(tmp_path / "report.html", render_document(small, language="en"), FAILED,
                   tmp_path / "profile")  # fmt: skip
    paths = {r.check.id: r.verdict.value for r in small.results if is_network_path(r)}
    assert sorted(line["check"] for line in drawn["lines"]) == sorted(paths)
    assert {line["verdict"] for line in drawn["lines"]} == {"pass", "fail", "not_run"}
    for line in drawn["lines"]:
        assert line["verdict"] == paths[line["check"]]
        assert line["stroke"] == line["badge"]  # the badge's colour, as Chromium computed it
        assert line["href"] == f"#{anchor(line['check'])}"
    strokes = {line["verdict"]: line["stroke"] for line in drawn["lines"]}
    assert len(set(strokes.values())) == 3  # three verdicts, three colours
    assert drawn["hit"]  # the line itself is under the point clicked
    assert drawn["before"] == [False]  # the failed check's evidence is folded...
    assert drawn["hash"] == f"#{anchor(FAILED)}"
    assert drawn["after"] == [True]  # ...and open after the click


def test_the_grouped_picture_of_a_thousand_isenets_opens_a_failure(tmp_path: Path) -> None:
    large = site_record(tmp_path, 1000)
    drawn = _drawn(tmp_path / "report.html", render_document(large, language="de"), FAILED,
                   tmp_path / "profile")  # fmt: skip
    assert 10 < len(drawn["lines"]) < 40
    failed = [line for line in drawn["lines"] if line["verdict"] == "fail"]
    assert failed and all(line["stroke"] == line["badge"] for line in drawn["lines"])
    assert drawn["hit"] and drawn["after"] == [True]


def test_the_before_after_page_puts_regressions_first_and_highlights_them(
    small: RunRecord, tmp_path: Path
) -> None:
    new = later_run(small)
    page = render_diff_page(small, new, diff_records(small, new), language="en")
    assert "<script" not in page
    drawn = _drawn(tmp_path / "diff.html", page, REGRESSED, tmp_path / "profile")
    assert drawn["rows"] == ["regression", "fix"]
    lines = {line["check"]: line for line in drawn["lines"]}
    assert lines[REGRESSED]["regression"] and lines[REGRESSED]["verdict"] == "fail"
    assert lines[FIXED]["changed"] and not lines[FIXED]["regression"]
    unchanged = [line for line in drawn["lines"] if not line["changed"]]
    assert unchanged and all(line["href"] is None for line in unchanged)  # no row to go to
    assert all(line["opacity"] < 0.5 for line in unchanged)
    assert lines[REGRESSED]["opacity"] == 1
    assert lines[REGRESSED]["width"] > lines[FIXED]["width"] > unchanged[0]["width"]
    assert drawn["hit"] and drawn["after"] == [True, True]  # evidence now and before
