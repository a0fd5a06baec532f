"""The site as an Ansible inventory: one inventory host per site host, grouped by role and OS.

``sesam-accept inventory SITE`` prints it; the playbook ``ansible/site-acceptance.yml`` runs
the suite on every host of it. Each inventory host is named as in the site file (the playbook
runs ``sesam-accept run --as`` that name) and reached at its first address. No credentials
ever go in here: users give them the Ansible way (group_vars, ``-e``, vault).
"""

from __future__ import annotations

from typing import Any

import yaml

from .site import OPERATING_SYSTEMS, ROLES, Site

#: The playbook's groups: one per role, one per operating system (plays target the OS groups).
GROUPS = (*ROLES, *OPERATING_SYSTEMS)


def inventory_data(site: Site) -> dict[str, Any]:
    """The inventory as YAML-ready data: ``all.hosts`` with ``ansible_host``, then the groups."""
    members: dict[str, list[str]] = {group: [] for group in GROUPS}
    for host in site.hosts:
        for group in (*sorted(host.roles), host.os):
            members[group].append(host.name)
    return {
        "all": {
            "hosts": {h.name: {"ansible_host": h.address} for h in site.hosts},
            "children": {
                group: {"hosts": dict.fromkeys(names)} if names else {}
                for group, names in members.items()
            },
        }
    }


def inventory_text(site: Site) -> str:
    """The inventory file: a header saying where it comes from and where credentials go."""
    header = (
        f"# Ansible inventory of site {site.name!r}, made by `sesam-accept inventory` from\n"
        f"# {site.source_file} (SHA-256 {site.sha256[:12]}…). No credentials here: give them\n"
        "# in group_vars/windows.yml and group_vars/linux.yml (ansible_user, ansible_connection\n"
        "# winrm/psrp/ssh, ...), with -e or from a vault.\n"
    )
    body = yaml.safe_dump(inventory_data(site), sort_keys=False, allow_unicode=True)
    return header + body
