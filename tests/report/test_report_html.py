"""The HTML report: sections in order, both languages, banners, and escaping of everything."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from report_factory import make_run, with_verdicts

from sesam_accept.checks import Check, Method, Protocol
from sesam_accept.report import diff_records, html_checks, render_document, render_sections
from sesam_accept.report.markup import anchor
from sesam_accept.results import CheckResult, Evidence, RunRecord, Verdict

XSS = "<script>alert(1)</script>"


class _Tags(HTMLParser):
    """Collects start tags and checks that the markup nests."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag not in ("meta", "br", "hr", "img", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def _evil(record: RunRecord) -> RunRecord:
    """Every string from the network, a file or the site file carries a script tag."""
    info = dataclasses.replace(
        record.info, site=f"Werk {XSS}", customer=XSS, engineer=XSS, site_file=f"{XSS}.yaml"
    )
    check = Check(
        requirement="ISE-CMD",
        source="SRV-COMM",
        target=f"ISE-{XSS}",
        label=f"SRV-COMM->ISE-{XSS}",
        method=Method.ISENET_QUERY,
        protocol=Protocol.UDP,
        address="192.168.20.40",
        port=41797,
    )
    evidence = Evidence(
        "isenet-F6",
        "udp",
        "192.168.20.40",
        41797,
        detail=XSS,
        answer_hex=XSS,
        notes=(XSS,),
        facts={"device": XSS},
    )
    result = CheckResult(
        check,
        Verdict.FAIL,
        f"device said {XSS}",
        (evidence,),
        symptom=XSS,
        next_step=XSS,
        facts={"expected": {"serial": XSS}, "found": {"device_type": XSS, "serial": "1"}},
    )
    return dataclasses.replace(record, info=info, results=(*record.results, result))


@pytest.mark.parametrize("language", ["de", "en"])
def test_nothing_from_outside_becomes_a_tag(comm_run: RunRecord, language: str) -> None:
    record = _evil(comm_run)
    page = render_document(
        record, language=language, diff=diff_records(comm_run, record, allow_mismatch=True)
    )
    parser = _parse(page)
    assert "script" not in parser.tags
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>X5K</b>" not in page  # a device type from the unexpected-device list


def test_ids_are_unique_and_links_resolve(comm_run: RunRecord) -> None:
    page = render_document(comm_run, language="de")
    parser = _parse(page)
    assert len(parser.ids) == len(set(parser.ids))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets
    assert targets <= set(parser.ids)


def test_sections_in_order(comm_run: RunRecord) -> None:
    page = render_sections(comm_run, language="en")
    assert page.startswith("<style>")
    marks = [
        'id="overall"',
        'class="requirements"',
        'class="matrix"',
        'class="inventory"',
        'class="commparam"',
        'class="manual"',
        'class="meta"',
        'class="signoff"',
    ]
    positions = [page.index(m) for m in marks]
    assert positions == sorted(positions)
    assert "<script" not in page


def test_banner_words_per_language(comm_run: RunRecord) -> None:
    assert "NICHT ABGENOMMEN" in render_sections(comm_run, language="de")
    assert "NOT ACCEPTED" in render_sections(comm_run, language="en")
    passed = with_verdicts(comm_run, Verdict.PASS)
    assert 'data-verdict="accepted"' in render_sections(passed, language="de")
    assert "ABGENOMMEN" in render_sections(passed, language="de")
    ws = render_sections(make_run("WS-01"), language="en")
    assert "OPEN POINTS" in ws or "NOT ACCEPTED" in ws
    assert "checks must run on host SRV-COMM" in ws


def test_incomplete_and_not_local_are_loud(comm_run: RunRecord) -> None:
    info = dataclasses.replace(comm_run.info, complete=False, addresses_local=False)
    page = render_sections(dataclasses.replace(comm_run, info=info), language="en")
    assert 'id="incomplete"' in page
    assert "INCOMPLETE" in page
    assert "does not have these addresses" in page
    normal = render_sections(comm_run, language="en")
    assert 'id="incomplete"' not in normal
    assert "does not have these addresses" not in normal


def test_inventory_flags_missing_mismatch_unexpected_duplicate(comm_run: RunRecord) -> None:
    page = render_sections(comm_run, language="en")
    inventory = page[page.index('class="inventory"') : page.index('class="commparam"')]
    assert "no answer" in inventory  # ISE-Lager
    assert "differs: firmware" in inventory
    assert "6.1.0.1" in inventory
    assert "192.168.20.99" in inventory  # unexpected device
    assert "00:20:4A:AB:CD:EF" in inventory  # duplicate address


def test_commparam_waiver_and_manual(comm_run: RunRecord) -> None:
    page = render_sections(comm_run, language="de")
    commparam = page[page.index('class="commparam"') : page.index('class="manual"')]
    assert "cp1252" in commparam
    assert "41801" in commparam
    manual = page[page.index('class="manual"') : page.index('class="meta"')]
    assert "K. Leiter" in manual
    assert "2027-03-31" in manual
    assert "confirmed by M. Muster" in manual


def test_evidence_and_advice_in_details(comm_run: RunRecord) -> None:
    page = render_sections(comm_run, language="en")
    assert "00 00 00 f7 00 20 50 06" in page  # answer hex of a failed check, in its details
    assert "Allow 41799/udp inbound on the DB host." in page  # next step of an open point
    assert "<details>" in page
    # A passed check shows one line of evidence; its answer bytes stay in the JSON results.
    assert "firebird-op_connect" in page
    assert "00 00 00 5c" not in page


def test_unknown_language_is_refused(comm_run: RunRecord) -> None:
    with pytest.raises(ValueError, match="use one of de, en"):
        render_document(comm_run, language="fr")


def _failing_twice(record: RunRecord) -> RunRecord:
    """Two failed checks of one requirement with the same advice, sharing one probe's evidence
    with a third check of another requirement (as a flow shares its steps' probes)."""
    base = next(r for r in record.results if r.verdict is Verdict.FAIL and r.evidence)
    probe = base.evidence[0]
    advice = {"symptom": "SYMPTOM-ONCE", "next_step": "STEP-ONCE"}

    def failed(req: str, name: str, evidence: tuple[Evidence, ...]) -> CheckResult:
        check = dataclasses.replace(base.check, label=name, requirement=req)
        return dataclasses.replace(
            base, check=check, verdict=Verdict.FAIL, evidence=evidence, **advice
        )

    extra = [
        failed("ISE-CMD", "A", (probe,)),
        failed("ISE-CMD", "B", (dataclasses.replace(probe, target="10.0.0.99"),)),
        failed("FLOW-ADD", "A", (probe,)),
    ]
    return dataclasses.replace(record, results=(*record.results, *extra))


def test_advice_stands_once_in_its_requirement_row(comm_run: RunRecord) -> None:
    page = render_document(_failing_twice(comm_run), language="en")
    requirements = page[page.index('class="requirements"') : page.index('class="matrix"')]
    matrix = page[page.index('class="matrix"') :]
    assert requirements.count("SYMPTOM-ONCE") == 2  # ISE-CMD's row and FLOW-ADD's row
    assert requirements.count("STEP-ONCE") == 2
    assert "SYMPTOM-ONCE" not in matrix  # each failed check links to its requirement instead
    assert 'href="#req-ISE-CMD"' in matrix


def test_evidence_shared_by_two_checks_is_shown_in_full_once(comm_run: RunRecord) -> None:
    record = _failing_twice(comm_run)
    page = render_document(record, language="en")
    shared = next(r for r in record.results if r.check.id == "FLOW-ADD[A]").evidence[0]
    # shown in full in the first row (this host's first) that did not pass and holds it
    first = next(r for r in record.results if r.verdict is Verdict.FAIL and shared in r.evidence)
    row = page[page.index(f'id="{anchor("FLOW-ADD[A]")}"') :]
    row = row[: row.index("</tr>")]
    assert "shown in full there" in row  # the same probe as an earlier row: a line and a link
    assert f'href="#{anchor(first.check.id)}"' in row
    other = page[page.index(f'id="{anchor("ISE-CMD[B]")}"') :]
    assert "shown in full there" not in other[: other.index("</tr>")]  # another probe: in full


def test_a_large_matrix_lists_passed_checks_by_name_and_every_link_lands(
    comm_run: RunRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_checks, "LARGE_SITE", 5)
    page = render_document(comm_run, language="en")
    manual = [r for r in comm_run.results if r.check.protocol == Protocol.MANUAL]
    passed = [r for r in comm_run.results if r.verdict is Verdict.PASS and r not in manual]
    others = [r for r in comm_run.results if r.verdict is not Verdict.PASS and r not in manual]
    assert passed and others and manual
    matrix = page[page.index('class="matrix"') : page.index('class="inventory"')]
    rows = matrix[: matrix.index("Checks that passed")]
    for r in others:  # in full, as rows
        assert f'<tr id="{anchor(r.check.id)}"' in rows
    manual_section = page[page.index('class="manual"') :]
    for r in manual:  # left to the manual-checks section, which holds their anchors
        assert anchor(r.check.id) not in matrix
        assert f'<tr id="{anchor(r.check.id)}"' in manual_section
    for r in passed:  # one name each, under its requirement, still the check's anchor
        assert f'<tr id="{anchor(r.check.id)}"' not in rows
        assert f'<span id="{anchor(r.check.id)}">' in matrix
    assert f"{len(passed)} checks passed" in matrix
    parser = _parse(page)
    assert len(parser.ids) == len(set(parser.ids))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= set(parser.ids)
