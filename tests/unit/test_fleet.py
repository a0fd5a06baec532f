"""The whole site at once: the ``os`` key, ``sesam-accept inventory`` (read back by Ansible's
own ``ansible-inventory``), ``merge --missing`` options, and the playbook passing
``ansible-playbook --syntax-check`` and ``ansible-lint``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sesam_accept.cli import main
from sesam_accept.errors import SiteFileError
from sesam_accept.fleet import inventory_data
from sesam_accept.loader import load_site

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "ansible" / "site-acceptance.yml"
BIN = Path(sys.executable).parent

SITE = """\
site: {name: Fleet Site, software_version: "2.3-1", language: en}
hosts:
  - {name: SRV-DB, addresses: [10.9.0.1/24, 10.8.0.1], roles: [db], os: linux}
  - {name: SRV-COMM, addresses: [10.9.0.2/24], roles: [comm, workstation]}
  - {name: WS-01, addresses: [10.9.0.3/24], roles: [workstation], os: windows}
isenets:
  - {name: ISE-1, address: 10.9.0.101}
"""


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(SITE, encoding="utf-8")
    return path


def _ansible_tool(name: str) -> str:
    tool = shutil.which(name, path=str(BIN))
    if tool is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return tool


def test_os_defaults_to_windows(site_file: Path) -> None:
    site = load_site(site_file)
    assert [h.os for h in site.hosts] == ["linux", "windows", "windows"]


def test_unknown_os_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(SITE.replace("os: linux", "os: macos"), encoding="utf-8")
    with pytest.raises(SiteFileError) as caught:
        load_site(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "hosts[0].os")
    assert "'macos' is not one of windows, linux" in problem.message


def test_inventory_groups_by_role_and_os(site_file: Path) -> None:
    data = inventory_data(load_site(site_file))["all"]
    assert data["hosts"] == {
        "SRV-DB": {"ansible_host": "10.9.0.1"},
        "SRV-COMM": {"ansible_host": "10.9.0.2"},
        "WS-01": {"ansible_host": "10.9.0.3"},
    }
    members = {group: sorted(body.get("hosts", {})) for group, body in data["children"].items()}
    assert members == {
        "db": ["SRV-DB"],
        "comm": ["SRV-COMM"],
        "workstation": ["SRV-COMM", "WS-01"],
        "windows": ["SRV-COMM", "WS-01"],
        "linux": ["SRV-DB"],
    }


def test_ansible_reads_the_printed_inventory(
    site_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inventory", str(site_file)]) == 0
    text = capsys.readouterr().out
    assert "password" not in text.lower() and "ansible_user" not in yaml.safe_load(text)
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [_ansible_tool("ansible-inventory"), "-i", str(inventory), "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=os.environ | {"ANSIBLE_HOME": str(tmp_path / "ansible")},
    )
    seen = json.loads(done.stdout)
    assert seen["linux"]["hosts"] == ["SRV-DB"]
    assert sorted(seen["windows"]["hosts"]) == ["SRV-COMM", "WS-01"]
    assert seen["_meta"]["hostvars"]["SRV-DB"]["ansible_host"] == "10.9.0.1"


@pytest.mark.parametrize("option", ["WS-01", "=unreachable", "WS-01="])
def test_merge_missing_needs_host_and_reason(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run.json"
    run.write_text("{}", encoding="utf-8")
    assert main(["merge", str(run), "--missing", option, "--reports", str(tmp_path)]) == 2
    assert f"--missing {option!r}: expected HOST=REASON" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [run]  # nothing written


def test_playbook_syntax_check(tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        yaml.safe_dump(
            {
                "all": {
                    "children": {"linux": {"hosts": {"L": None}}, "windows": {"hosts": {"W": None}}}
                }
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [_ansible_tool("ansible-playbook"), "--syntax-check", "-i", str(inventory), str(PLAYBOOK)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=os.environ | {"ANSIBLE_HOME": str(tmp_path / "ansible")},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_playbook_passes_ansible_lint(tmp_path: Path) -> None:
    done = subprocess.run(
        [_ansible_tool("ansible-lint"), "--offline", "--nocolor", str(PLAYBOOK)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env=os.environ | {"ANSIBLE_HOME": str(tmp_path / "ansible")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
