"""``sesam-accept init``: the starting site file, its schema, and never overwriting anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sesam_accept.cli import main
from sesam_accept.resources import site_config
from sesam_accept.site_starter import PLACEHOLDER


def _init(target: Path) -> int:
    return main(["init", str(target)])


def test_the_file_is_the_examples_comments_with_placeholders_and_the_schema_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "werk" / "werk-sued.yaml"
    assert _init(target) == 0
    text = target.read_text(encoding="utf-8")
    site = yaml.safe_load(text)
    assert site["site"] == {"name": "werk-sued", "software_version": PLACEHOLDER, "language": "de"}
    assert [h["roles"] for h in site["hosts"]] == [["db"], ["comm"], ["workstation"]]
    assert site["isenets"] == [] and site["waivers"] == [] and site["confirmations"] == []
    example = site_config("example.yaml").read_text(encoding="utf-8")
    assert site["ports"] == yaml.safe_load(example)["ports"]  # the document's defaults
    # every explanation of the example, word for word (its first lines are about the example)
    body = example[example.index("\nsite:") :]
    for comment in re.findall(r"#\s*(.+)", body):
        assert comment in text, comment
    # the schema line, and the schema it names, beside the file
    assert "\n# yaml-language-server: $schema=site.schema.json\n" in text
    schema = target.parent / "site.schema.json"
    assert schema.read_bytes() == site_config("site.schema.json").read_bytes()
    out = capsys.readouterr().out
    assert f"wrote {schema}" in out and f"wrote {target}" in out


def test_validate_names_each_placeholder_at_its_line_and_passes_once_they_are_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site.yaml"
    assert _init(target) == 0
    capsys.readouterr()
    assert main(["validate", str(target)]) == 2
    problems = capsys.readouterr().err.splitlines()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(problems) == 4  # the software version and three hosts' addresses
    for problem in problems:
        number = int(re.match(rf"sesam-accept: {re.escape(str(target))}:(\d+): ", problem)[1])
        assert f"'{PLACEHOLDER}' is not" in problem and PLACEHOLDER in lines[number - 1]
    filled = target.read_text(encoding="utf-8").replace(f'"{PLACEHOLDER}"', '"2.3-1"', 1)
    for n in range(3):
        filled = filled.replace(f"[{PLACEHOLDER}]", f"[10.1.0.{n + 1}/24]", 1)
    target.write_text(filled, encoding="utf-8")
    assert main(["validate", str(target)]) == 0
    assert "OK — site 'site'" in capsys.readouterr().out


def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert _init(target) == 2
    assert "already exists: nothing written" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site.yaml"]  # no schema either


def test_a_schema_beside_is_kept_when_it_is_the_same_and_stops_init_when_it_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _init(tmp_path / "first.yaml") == 0
    capsys.readouterr()
    assert _init(tmp_path / "second.yaml") == 0  # a second site file beside the same schema
    wrote = [line for line in capsys.readouterr().out.splitlines() if line.startswith("wrote")]
    assert wrote == [f"wrote {tmp_path / 'second.yaml'}"]
    (tmp_path / "site.schema.json").write_text("{}", encoding="utf-8")  # an older one
    assert _init(tmp_path / "third.yaml") == 2
    assert "is not this version's schema: nothing written" in capsys.readouterr().err
    assert not (tmp_path / "third.yaml").exists()
    assert (tmp_path / "site.schema.json").read_text(encoding="utf-8") == "{}"


def test_a_failed_write_leaves_no_file_and_no_folder_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 255 characters: the name itself is allowed, its temporary file's name is not, so the
    # schema is written first and the site file then fails.
    target = tmp_path / "new" / "deeper" / ("x" * 250 + ".yaml")
    assert _init(target) == 2
    assert "cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert _init(tmp_path / ("y" * 300 + ".yaml")) == 2  # too long even to look at
    assert "File name too long" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seconds", ["0", "61", "soon"])
def test_a_search_time_out_of_range_is_refused_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["init", str(tmp_path / "site.yaml"), "--discover", "--timeout", seconds])
    assert stop.value.code == 2
    assert "is not a number of seconds from 0 to 60" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_board_without_a_usable_address_or_with_a_shared_mac_is_shown_not_taken() -> None:
    from sesam_accept.probes.isenet_discovery import _sort_out
    from sesam_accept.probes.isenet_results import FoundDevice
    from sesam_accept.probes.isenet_wire import parse_f7
    from sesam_accept.simulator.isenet_device import SimulatedDevice, build_f7

    def found(address: str, serial: int, mac_byte: int | None = None) -> FoundDevice:
        mac = f"00:20:4A:00:00:{serial if mac_byte is None else mac_byte:02X}"
        info = parse_f7(build_f7(SimulatedDevice("B", address, mac=mac, serial=serial)))
        return FoundDevice(address, 41797, info, "", 1.0, 2)

    boards, conflicts = _sort_out([found("0.0.0.0", 7), found("10.1.0.40", 8)], {})
    assert [b.address for b in boards] == ["10.1.0.40"]
    ((why, (shown,)),) = conflicts
    assert "0.0.0.0 is no address to reach a board at" in why and shown.serial == "7"

    # one MAC at two addresses: which is the board's? Neither is taken; both are shown
    boards, conflicts = _sort_out([found("10.1.0.41", 9, 5), found("10.1.0.42", 10, 5)], {})
    assert boards == ()
    ((why, shown),) = conflicts
    assert why == "MAC 00:20:4A:00:00:05 answered from 10.1.0.41, 10.1.0.42"
    assert sorted(b.serial for b in shown) == ["10", "9"]
