"""The site picture's layout: what it draws from a record, at 6 and at 1,000 ISENets."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from picture_factory import ADDRESSES, isenet_address, later_run, site_record
from report_factory import make_run

from sesam_accept.report import diff_records, render_document
from sesam_accept.report.picture import (
    NODE_H,
    NODE_W,
    UNKNOWN_BAND,
    WIDTH,
    Picture,
    band_of,
    curve,
    group_rows,
    is_network_path,
    machines,
    per_row,
    render_picture,
    site_picture,
)
from sesam_accept.results import RunRecord, Verdict
from sesam_accept.texts import texts


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> RunRecord:
    """The record of a run as SRV-COMM on a site of 6 ISENets (the demo's size)."""
    return site_record(tmp_path_factory.mktemp("small"), 6)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> RunRecord:
    """The record of a run as SRV-COMM on a site of 1,000 ISENets (the benchmark's size)."""
    return site_record(tmp_path_factory.mktemp("large"), 1000)


def _paths(record: RunRecord) -> list[str]:
    """The ids of the checks that are network paths, by the plan's own fields."""
    return [
        r.check.id
        for r in record.results
        if r.check.protocol in ("tcp", "udp")
        and r.check.address
        and r.check.port
        and r.check.source != r.check.target
    ]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < NODE_W and abs(a[1] - b[1]) < NODE_H


def _sane(picture: Picture) -> None:
    """Every node inside the picture and inside one band, no two nodes on top of each other."""
    corners = [(n.x, n.y) for n in picture.nodes]
    for i, a in enumerate(corners):
        assert a[0] >= 0 and a[0] + NODE_W <= WIDTH
        assert not any(_overlap(a, b) for b in corners[i + 1 :])
        assert sum(b.y <= a[1] and a[1] + NODE_H <= b.y + b.height for b in picture.bands) == 1
    assert picture.height >= max(b.y + b.height for b in picture.bands)


def test_the_record_says_who_is_who(small: RunRecord) -> None:
    found = {m.name: m for m in machines(small)}
    assert found["SRV-DB"].roles == ("db",) and found["SRV-DB"].address == ADDRESSES["SRV-DB"]
    assert found["SRV-COMM"].roles == ("comm",)
    assert found["SRV-COMM"].address == ADDRESSES["SRV-COMM"]
    # WS-01 is no check's target and did not run here: the results do not give its address
    assert found["WS-01"].roles == ("workstation",) and found["WS-01"].address == ""
    isenets = [found[f"ISE-{i:04d}"] for i in range(6)]
    assert [m.address for m in isenets] == [isenet_address(i) for i in range(6)]
    assert all(m.is_isenet for m in isenets)


def test_bands_are_slash_24_or_slash_64_or_unknown() -> None:
    assert band_of("10.78.1.250") == "10.78.1.0/24"
    assert band_of("2001:db8:1:2::17") == "2001:db8:1:2::/64"
    assert band_of("") == UNKNOWN_BAND
    assert band_of("SRV-DB") == UNKNOWN_BAND


def test_six_isenets_one_line_per_network_path(small: RunRecord) -> None:
    picture = site_picture(small)
    assert not picture.grouped
    assert sorted(line.check_id for line in picture.lines) == sorted(_paths(small))
    assert {"FB-TCP[WS-01->SRV-DB:41800/tcp]", "ISE-DATA[SRV-COMM->ISE-0005:41796/tcp]"} <= {
        line.check_id for line in picture.lines
    }
    by_id = {r.check.id: r.verdict.value for r in small.results}
    assert all(line.verdict == by_id[line.check_id] for line in picture.lines)
    assert {n.key for n in picture.nodes} == {"SRV-DB", "SRV-COMM", "WS-01"} | {
        f"ISE-{i:04d}" for i in range(6)
    }
    labels = [b.label for b in picture.bands]
    assert labels == ["10.78.0.0/24", UNKNOWN_BAND, "10.78.1.0/24"]  # hosts first
    _sane(picture)


def test_parallel_lines_of_one_pair_stay_apart(small: RunRecord) -> None:
    picture = site_picture(small)
    to_one = [line.d for line in picture.lines if line.target == "ISE-0001"]
    assert len(to_one) == len(set(to_one)) >= 4  # ISE-CMD, ISE-DATA, FLOW-SEARCH, FLOW-ADD
    assert curve((0, 0), (100, 0), 0) == "M0 0Q50 -30 100 0"  # one row: arches over it
    assert curve((0, 0), (0, 100), 7) == "M0 0Q-14 50 0 100"


def test_failures_are_drawn_last_on_top(small: RunRecord) -> None:
    order = [line.verdict for line in site_picture(small).lines]
    assert order.index("fail") > max(i for i, v in enumerate(order) if v == "pass")


def test_thousand_isenets_are_grouped_per_subnet(large: RunRecord) -> None:
    picture = site_picture(large)
    assert picture.grouped and picture.isenets == 1000
    groups = [n for n in picture.nodes if n.count > 1]
    assert [n.count for n in groups] == [250, 250, 250, 250]
    assert [n.address for n in groups] == [f"10.78.{k}.0/24" for k in (1, 2, 3, 4)]
    # every path is counted once: by its group's node and by exactly one line
    paths = _paths(large)
    assert sum(line.paths for line in picture.lines) == len(paths)
    wanted = set(paths)
    to_groups = [r for r in large.results if r.check.id in wanted and r.check.target[4:].isdigit()]
    for node in groups:
        expected = Counter(
            r.verdict.value for r in to_groups if band_of(r.check.address or "") == node.address
        )
        assert dict(node.counts) == dict(expected)
    # a grouped line has the worst verdict of its paths and leads to a check of that verdict
    by_id = {r.check.id: r.verdict.value for r in large.results}
    for line in picture.lines:
        if line.counts:
            assert line.verdict == line.counts[0][0] == by_id[line.check_id]
    assert len(picture.lines) < 40
    _sane(picture)


def test_thousand_isenets_are_counted_in_a_table(large: RunRecord, small: RunRecord) -> None:
    rows = group_rows(site_picture(large))
    requirements = ["FLOW-ADD", "FLOW-SEARCH", "ISE-CMD", "ISE-DATA"]  # the site's ISENet paths
    assert [(r.group.address, r.line.requirement) for r in rows] == [
        (f"10.78.{k}.0/24", req) for k in (1, 2, 3, 4) for req in requirements
    ]
    assert all(sum(r.counts.values()) == 250 for r in rows)
    assert rows[0].counts == {"fail": 25, "inconclusive": 32, "pass": 193}  # ISE-0000..0249
    assert group_rows(site_picture(small)) == []  # each ISENet drawn: nothing to count


def test_thousand_isenets_picture_is_small(large: RunRecord) -> None:
    markup = render_picture(site_picture(large), "en")
    assert len(markup.encode("utf-8")) < 30_000
    assert markup.count("<path ") == len(site_picture(large).lines)


def test_a_grouped_line_leads_to_the_worst_change(large: RunRecord) -> None:
    wanted = "ISE-DATA[SRV-COMM->ISE-0251:41796/tcp]"
    new = later_run(large, {wanted: Verdict.FAIL})
    diff = diff_records(large, new)
    kinds = {c.check_id: c.kind for c in diff.changes}
    assert kinds == {wanted: "regression"}
    picture = site_picture(new, changes=kinds)
    (changed,) = [line for line in picture.lines if line.change]
    assert changed.check_id == wanted and changed.change == "regression"
    assert changed.target == "isenets 10.78.2.0/24"
    assert picture.lines[-1] == changed  # drawn last, on top


def test_no_network_path_says_so(small: RunRecord) -> None:
    local = dataclasses.replace(
        small, results=tuple(r for r in small.results if not is_network_path(r))
    )
    markup = render_picture(site_picture(local), "de")
    assert texts("de")["pic.none"] in markup and "<svg" not in markup


def test_names_and_labels_are_escaped_and_in_the_language(small: RunRecord) -> None:
    evil = "ISE-<script>x</script>"
    results = tuple(
        dataclasses.replace(r, check=dataclasses.replace(r.check, target=evil))
        if r.check.target == "ISE-0001"
        else r
        for r in small.results
    )
    markup = render_picture(site_picture(dataclasses.replace(small, results=results)), "de")
    assert "<script>" not in markup and "ISE-&lt;script&gt;" in markup
    de = texts("de")
    for key in ("h.picture", "pic.role.workstation", "v.fail", "pic.unknown"):
        assert de[key] in markup


def test_the_report_carries_the_picture_once() -> None:
    page = render_document(make_run("SRV-COMM"), language="en")
    assert page.count('<svg class="pic"') == 1
    assert page.index('id="picture"') < page.index('id="req-FB-TCP"')


def test_a_band_wraps_its_nodes_in_rows(tmp_path: Path) -> None:
    picture = site_picture(site_record(tmp_path, 20))  # 20 ISENets: drawn one by one, in rows
    isenets = [n for n in picture.nodes if n.key.startswith("ISE-")]
    assert len(isenets) == 20 and not picture.grouped
    assert len({n.y for n in isenets}) == -(-20 // per_row()) > 1
    _sane(picture)
