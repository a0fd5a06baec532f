"""Every fixed text the product shows, one dict per language ("de", "en"): the one de/en table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union

LANGUAGES = ("de", "en")

_EN = {
    # -- the judge and upgrade readiness: verdict messages; params are named in the calls
    "judge.confirm_only_silence": "a confirmation turns only silence into a pass, not this outcome",
    "judge.confirmation_too_old": (
        "the confirmation by {confirmed_by} on {date} does not count: older than {max_age} "
        "days (confirmations_max_age_days); confirm again"
    ),
    "judge.confirmed": (
        "{message}; confirmed by {confirmed_by} on {date} ({note}); counts until {until}"
    ),
    "judge.data.not_sescomm": (
        "; {process} is not SesComm: its connection is not credited to SesComm"
    ),
    "judge.data.tried": (
        "41796/tcp to {target} {address}:{port} {from_text} (connect, then close; nothing is sent)"
    ),
    "judge.data.unknown_process": "an unknown process",
    "judge.epm.dynamic_ports": (
        "; Microsoft RPC also needs the dynamic ports 49152-65535/tcp to the COMM host, which "
        "only the real RPC call can prove"
    ),
    "judge.epm.tried": "{what}DCE/RPC bind to the endpoint mapper {address}:{port}/tcp {from_text}",
    "judge.firebird.tried": "Firebird op_connect to {address}:{port}/tcp {from_text}",
    "judge.flow.layer_fails": "layer {step} fails",
    "judge.flow.not_run": "not run",
    "judge.flow.step_fails": "step {number} ({step}) fails",
    "judge.flow.unproven": "not every step could be proven",
    "judge.flow.works": "every step works",
    "judge.from": "from {name} ({address})",
    "judge.ini.no_location": (
        "the site file gives no CommParam.ini location for {name} (add hosts[].commparam.path)"
    ),
    "judge.ini.none": "none",
    "judge.ini.not_all_read": (
        "read here: {listing}; not readable from {name}: {unread} (run on those hosts and "
        "merge, or collect copies)"
    ),
    "judge.ini.ports_differ": (
        "the RPC port differs: {listing}; expected {expected} on every host (differing: "
        "{differing})"
    ),
    "judge.ini.read": "{path}: {detail}; expected port {expected}",
    "judge.ini.same_port": "every host uses port {expected}: {listing}",
    "judge.ini.unread": "{path}: {detail}",
    "judge.isenet.answer_without_serial": (
        "; no serial number in the answer: „Kann Seriennummer nicht ermitteln“"
    ),
    "judge.isenet.answered_from": "answered from port {reply_port}",
    "judge.isenet.asked_from": "asked from port {source_port} (PC:{port} could not be bound)",
    "judge.isenet.no_serial": "; SesConfigPro shows „Kann Seriennummer nicht ermitteln“",
    "judge.isenet.off_path": "the documented path PC:{port}↔ISENet:{port} was not exercised: {why}",
    "judge.isenet.other_device": "; another device answers at this address: {wrong}",
    "judge.isenet.tried": "ISENet query F6/F4 to {target} {address}:{port}/udp {from_text}",
    "judge.isenet.two_devices": (
        "; two different devices answer at this address: the software may add either"
    ),
    "judge.jp1": "JP1 on {target} must sit on pins 2-3; it cannot be probed over the network",
    "judge.jp1.needs_confirmation": "needs manual confirmation: ",
    "judge.listener.loopback": (
        "; bound only to loopback ({where}): no other host can reach it, and the requirement "
        "is a path from other hosts to {addresses}"
    ),
    "judge.listener.not_this_host": (
        "{tried}: this machine is not {source}; its sockets cannot be seen"
    ),
    "judge.listener.other_address": (
        "; bound only to {where}, none of {source}'s site-file addresses ({addresses}): other "
        "hosts reach it there, not at those"
    ),
    "judge.listener.tried": "local listener on {port}/{proto} of {source}",
    "judge.no_note": "no note",
    "judge.not_earned": " (not counted as a pass: no positive evidence behind it)",
    "judge.not_probed": "{tried}: no probe result (the check could not run)",
    "judge.outcome.error": "the probe could not run here",
    "judge.outcome.open": "answered",
    "judge.outcome.permission": "this machine did not allow the probe",
    "judge.outcome.prohibited": "administratively prohibited (a firewall rejects it)",
    "judge.outcome.refused": "refused (nothing listens, or a firewall rejects)",
    "judge.outcome.timeout": "no answer before the timeout",
    "judge.outcome.unreachable": "host or network unreachable",
    "judge.outcome.wrong_answer": "a wrong answer",
    "judge.readiness.after_upgrade": " after the upgrade to ",
    "judge.readiness.allow_port": (
        "Allow TCP {port} inbound on {target} ({address}) from {source} before the upgrade to "
        "{upgrade_to} (Windows firewall and any network firewall in between)."
    ),
    "judge.readiness.blocked": "a firewall is in the way (blocked)",
    "judge.readiness.check_route": (
        "Check the route and address between {source} and {target} ({address})."
    ),
    "judge.readiness.open": "something already listens on {port}: the path is open",
    "judge.readiness.ready": (
        "the TCP reset came for {host}'s own address: the path reaches {host} (ready). A reset "
        "cannot rule out a firewall rule on the host scoped to the future program (it applies "
        "only once that program listens), nor a firewall that answers resets on behalf of the "
        "host"
    ),
    "judge.readiness.rejected": (
        "an ICMP port-unreachable instead of a TCP reset: a firewall rejects the path (blocked)"
    ),
    "judge.readiness.tried": (
        "readiness for {upgrade_to}: TCP connect to {address}:{port} {from_text}"
    ),
    "judge.readiness.unknown": "no evidence either way: not proven",
    "judge.readiness.unreachable": "{host} cannot be reached at all",
    "judge.rpc.port_expected": "expected port {port} (CommParam.ini not read)",
    "judge.rpc.port_from_ini": "port {port} from {name}'s CommParam.ini",
    "judge.rpc.tried": "{what}TCP connect to {address}:{port} ({origin}) {from_text}",
    "judge.rpc.undocumented": (
        "; the Sesam RPC protocol is undocumented: a TCP accept is the most that can be proven"
    ),
    "judge.run_elsewhere": "run on {source} to check this path",
    "judge.search.all_listed": (
        "{n} devices answered, all listed in the site file, no address answered twice"
    ),
    "judge.search.answered": "{name} answered: {device_type} MAC {mac} serial {serial_text}",
    "judge.search.differs": "; differs: {wrong}",
    "judge.search.duplicates": "two devices answer on one address: {listing}",
    "judge.search.no_answer": "{name} ({address}) did not answer within {window:g} s",
    "judge.search.no_firmware": (
        "firmware not determined (the search answer carries none, the F4 query gave none): the "
        "site file's {firmware} could not be compared"
    ),
    "judge.search.nothing_answered": (
        "nothing answered the search, so nothing can be said about extra devices"
    ),
    "judge.search.nothing_sent": "no broadcast could be sent",
    "judge.search.tried": "broadcast search F6 {from_text}",
    "judge.search.unattributed": (
        "{name} ({address}) answered during the search while it was also asked by unicast; "
        "which of the two it answered cannot be told"
    ),
    "judge.search.unlisted": (
        "devices the site file does not list answered: {listing} — add them to the site file "
        "or explain them"
    ),
    "judge.some_address": "an address chosen by this machine",
    "judge.tcp.tried": "TCP connect to {address}:{port} {from_text}",
    "judge.tftp.reset_rule": (
        '; TFTP runs over UDP (the document names 69 "UDP und TCP"): a TCP reset answers '
        "from {address}, so it is no evidence of a blocked path; only a dropped (timeout) or "
        "administratively rejected 69/tcp fails"
    ),
    "judge.tftp.tried": "TFTP read request for a missing file to {address}:{port}/udp {from_text}",
    "judge.tftp.udp_answered": (
        "; TFTP over UDP answered ({answer}): the firmware update path works"
    ),
    "judge.tftp.udp_silent": (
        "; TFTP over UDP did not answer either, so nothing proves the update path (see the "
        "69/udp check)"
    ),
    "judge.udp.locally": "; locally, {detail}",
    "judge.udp.password_hint": (
        "; silence proves nothing (the password service protocol is undocumented). Confirm it "
        "by opening SesConfigPro on this host (no 'Error getting Password') and recording that "
        "under confirmations: in the site file ({{check: FB-PWD, hosts: [{source}]}}, with who "
        "and when)"
    ),
    "judge.udp.tried": "UDP datagram to {address}:{port} {from_text}",
    "judge.waived": " [waived until {expires} by {approved_by}: {reason}]",
    "upgrade.changes": "{target} needs in addition: {new}; no longer needed: {old}",
    "upgrade.nothing_changes": (
        "Nothing changes between {current} and {target}: the requirement catalog knows no "
        "path that only one of the two versions needs."
    ),
    # -- the report
    "title": "Network acceptance report",
    "overall.accepted": "ACCEPTED",
    "overall.open_points": "OPEN POINTS",
    "overall.not_accepted": "NOT ACCEPTED",
    "overall.lead.accepted": "Every requirement is met or waived on the paths checked.",
    "overall.lead.open_points": "Nothing failed, but these points are still open:",
    "overall.lead.not_accepted": "At least one check failed:",
    "point.fail": "failed",
    "point.inconclusive": "inconclusive",
    "point.skipped": "not run",
    "point.not_run": "{n} checks must run on host {subject}",
    "merge.host_not_run": "not run: the suite did not run on {host}: {reason}",
    "point.no_check": "requirement {subject}: no check of it ran",
    "point.incomplete": "the run on {subject} is not whole ({detail}): it cannot be accepted",
    "point.not_this_machine": "the run as {subject} was made on a machine without its "
    "addresses: its paths are not proven, it cannot be accepted",
    "incomplete": "INCOMPLETE: {reason}. Checks that did not run are listed as not run; this "
    "record cannot be accepted.",
    "incomplete.unknown": "the run did not finish",
    "not_this_machine": "NOT THIS MACHINE: the run was made as {host}, but this machine does not "
    "have {host}'s addresses ({addresses}); the probes left from {machine} and prove nothing "
    "about {host}'s paths. Its network checks are recorded as not run here (what was observed is "
    "kept as information); only checks of collected files and confirmations keep their verdict. "
    "This record cannot be accepted: run the suite on {host}.",
    "counts": "Checks",
    "v.pass": "pass",
    "v.fail": "fail",
    "v.inconclusive": "inconclusive",
    "v.not_run": "not run here",
    "v.waived": "waived",
    "v.not_applicable": "not applicable",
    "h.requirements": "Requirements",
    "h.matrix": "Paths checked",
    "h.inventory": "ISENet inventory",
    "h.unexpected": "Unexpected devices (answered the search, not in the site file)",
    "h.duplicates": "Addresses answered by more than one device",
    "h.commparam": "CommParam.ini",
    "h.manual": "Manual checks and waivers",
    "h.diff": "Changes against the baseline",
    "h.readiness": "Upgrade readiness to {version}",
    "r.lead": (
        "Paths that {version} will need and today's version does not, checked before the "
        "upgrade while nothing listens on them yet: a TCP reset from the host means the path "
        "reaches it (ready); silence or a rejection means a firewall is in the way (blocked)."
    ),
    "h.meta": "Run",
    "h.signoff": "Sign-off",
    "c.id": "ID",
    "c.requirement": "Requirement",
    "c.verdict": "Verdict",
    "c.checks": "Checks",
    "c.check": "Check",
    "c.source": "From",
    "c.target": "To",
    "c.path": "Address:port/protocol",
    "c.method": "Method",
    "c.message": "Result",
    "c.evidence": "Evidence",
    "c.name": "Name",
    "c.address": "Address",
    "c.mac": "MAC",
    "c.serial": "Serial",
    "c.firmware": "Firmware",
    "c.device": "Device type",
    "c.rtt": "RTT ms",
    "c.search": "Found by search",
    "c.status": "Status",
    "c.macs": "MACs",
    "c.host": "Host",
    "c.file": "File",
    "c.port": "Port",
    "c.encoding": "Encoding",
    "c.key": "Section / key",
    "c.reason": "Reason",
    "c.approved": "Approved by",
    "c.expires": "Expires",
    "c.old": "Before",
    "c.new": "Now",
    "c.change": "Change",
    "inv.ok": "as expected",
    "inv.missing": "no answer",
    "inv.mismatch": "differs: {fields}",
    "inv.not_checked": "not checked here",
    "inv.expected": "expected",
    "yes": "yes",
    "search_na": "by IP only (other subnet)",
    "no": "no",
    "none": "none",
    "table.large": (
        "The test table below holds {n} checks. On a site this large it opens empty so that "
        "the report opens quickly: tick the results to show (Failed, Skipped, …). Every check's "
        "verdict is in the sections above."
    ),
    "table.evidence": "→ evidence, symptom and next step",
    "ev.advice": "symptom and next step: requirement",
    "ev.same": "shown in full there",
    "h.passed": "Checks that passed",
    "passed.note": (
        "{n} checks passed. On a site this large they are listed by name, per requirement; "
        "the evidence of each is in the JSON results (and the test table below)."
    ),
    "ev.source": "from {address}:{port}",
    "ev.timing": "{attempts} attempt(s), {ms} ms",
    "ev.sent": "sent",
    "ev.answer": "answer",
    "ev.error": "error class",
    "ev.symptom": "Symptom in the Sesam software",
    "ev.next": "Next step",
    "ev.facts": "facts",
    "ev.notes": "note",
    "ev.none": "no evidence recorded",
    "diff.regression": "regression",
    "diff.fix": "fixed",
    "diff.change": "changed",
    "diff.new": "new check",
    "diff.vanished": "no longer checked",
    "diff.none": "No verdict changed.",
    "diff.baseline": "Baseline: run on {host}, {started}",
    "diff.other": "These runs are of different sites or hosts ({old} → {new}).",
    "diff.sha": "The site file differs from the baseline's (SHA-256 {old} → {new}).",
    "diff.new_run": "New run: on {host}, {started}",
    "diff.title": "Before and after",
    "diff.evidence_old": "Evidence before",
    "h.picture": "Network picture",
    "pic.lead": (
        "Each line is one checked network path in the colour of its verdict; click a line to "
        "open its evidence."
    ),
    "pic.bands": (
        "Bands group the addresses by /24 (IPv6: /64): the results record no subnet masks."
    ),
    "pic.grouped": (
        "With {n} ISENets, the ISENets of a band are one box with its paths' counts per "
        "verdict; a line stands for one requirement's paths to them, in its worst verdict's "
        "colour, and leads to a check of that verdict."
    ),
    "pic.diff": (
        "Thick lines: changed paths; thick dashed lines: regressions; pale lines: unchanged."
    ),
    "pic.unknown": "address unknown",
    "pic.isenets": "{n} ISENets",
    "pic.none": "No network path in these results.",
    "pic.role.db": "DB",
    "pic.role.comm": "SesComm",
    "pic.role.workstation": "workstation",
    "pic.role.isenet": "ISENet",
    "m.site": "Site",
    "m.site_host": "(site)",
    "html.generated": "Report generated on {date} at {time} by",
    "html.filter": "(Un)check the boxes to filter the results.",
    "html.running": "There are still tests running.",
    "html.reload": "Reload this page to get the latest results!",
    "m.customer": "Customer",
    "m.software": "Sesam software version",
    "m.host": "Run as host",
    "m.addresses": "Source addresses",
    "m.not_local": "WARNING: this machine does not have these addresses; probes left from "
    "other addresses and prove nothing about this host's paths (its checks are not run here).",
    "m.machine": "This machine's addresses (the probes left from these)",
    "m.tool": "Tool version",
    "m.site_file": "Site file",
    "m.sha": "SHA-256 of the site file",
    "m.engineer": "Engineer",
    "m.started": "Started",
    "m.finished": "Finished",
    "m.platform": "Platform",
    "s.intro": "The undersigned confirm the results of this report.",
    "s.checklist": "What no network probe can prove: check on site and tick each line before "
    "signing.",
    "s.group.sw": "Each of the {n} hosts with Sesam software (list below)",
    "s.group.isenet": "Each of the {n} ISENets (list below)",
    "s.engineer": "Commissioning engineer",
    "s.customer": "Customer representative",
    "s.name": "Name",
    "s.date": "Date",
    "s.signature": "Signature",
    "na.reason": "not applicable: {reason}",
    "manual.none": "No manual checks or waivers.",
    "commparam.none": "No CommParam.ini was read in this run.",
    "inventory.none": "No ISENet checks in this run.",
    # runs that cannot vouch for a check (notrun.py, plugin.py)
    "nr.observed": "observed, for information only",
    "nr.note": "information only: not a verdict",
    "nr.other_addresses": "other addresses",
    "nr.machine": "not run here: this machine does not have {host}'s addresses ({theirs}); its "
    "paths were probed from {ours} and prove nothing about {host}",
    "nr.deselected": "deselected ({how}): not run in this run",
    "nr.interrupted": "interrupted",
    "nr.interrupted_before": "interrupted: the run was stopped before this check",
    "nr.stopped_first": "not reached: the run stopped after the first failure (-x)",
    "nr.stopped_after": "not reached: the run stopped after {n} failures (--maxfail={n})",
    "nr.stopped": "not reached: the run stopped early",
    # probes (what a probe saw; rendered by the judge in the run's language)
    "p.tcp.open": "{target} accepted the connection (closed again, nothing sent).",
    "p.tcp.timeout": "No answer from {target} within {timeout:g} s (dropped or host down).",
    "p.tcp.icmp": "Connect to {target} failed: {icmp}.",
    "p.tcp.refused": "{target} refused the connection (TCP reset: nothing listens, or a firewall).",
    "p.tcp.error": "Connect to {target} failed: {reason}.",
    "p.tcp.short": "{target} accepted but {how} after {after}: {verdict}.",
    "p.tcp.send_failed": "The connection was accepted but sending failed: {reason}.",
    "p.short.timeout": "sent nothing within {timeout:g} s",
    "p.short.eof": "closed the connection",
    "p.short.reset": "reset the connection",
    "p.short.other": "answered too little",
    "p.req.op_connect": "op_connect",
    "p.req.bind": "the bind",
    "p.not_firebird": "something else answers on this port, not Firebird",
    "p.not_rpc": "not a DCE/RPC endpoint mapper",
    "p.firebird.answer": "{target} answered op_connect with {op}: a Firebird server.",
    "p.firebird.other": "{target} answered op_connect with {op}: something else answers on this "
    "port, not Firebird.",
    "p.rpc.answer": "{target} answered the bind with {ptype}: a DCE/RPC server.",
    "p.rpc.other": "{target} answered the bind with something that is not DCE/RPC.",
    "p.bind_failed": "Could not bind the source address {source}: {reason}.",
    "p.udp.icmp": "{target}: {icmp}.",
    "p.udp.refused": "{target}: ICMP port unreachable (nothing listens on the port).",
    "p.udp.error": "{target}: {reason}.",
    "p.udp.timeout": "No reply from {target} after {attempts} attempts ({waited:g} s): open or "
    "filtered, undecidable.",
    "p.udp.reply": "{target} replied with {n} bytes.",
    "p.udp.unexpected": "{target} replied {n} bytes, not the answer expected.",
    "p.tftp.timeout": "No answer from {target} to a TFTP read request after {attempts} attempts: "
    "open or filtered, undecidable.",
    "p.tftp.short": "{target} answered {n} bytes: not TFTP.",
    "p.tftp.other": "{target} answered a read request with {op}: not the ERROR or DATA a TFTP "
    "server sends.",
    "p.tftp.error": "{target} answered a read request with ERROR {code} '{message}' from port "
    "{port}: a TFTP server.",
    "p.tftp.data": "{target} answered a read request with DATA block {block} (not acknowledged) "
    "from port {port}: a TFTP server.",
    "p.note.errno_only": "ICMP type/code not readable on this platform: classified from the error "
    "number alone (an 'admin prohibited' reject looks like 'host unreachable' here)",
    "p.icmp": "ICMP {type}/{code} {name}",
    "p.icmp.from": "ICMP {type}/{code} {name} from {sender}",
    "p.icmp.bare": "ICMP {type}/{code}",
    "p.icmp.from.bare": "ICMP {type}/{code} from {sender}",
    "p.icmp.3": "unreachable",
    "p.icmp.3.0": "network unreachable",
    "p.icmp.3.1": "host unreachable",
    "p.icmp.3.2": "protocol unreachable",
    "p.icmp.3.3": "port unreachable",
    "p.icmp.3.4": "fragmentation needed",
    "p.icmp.3.5": "source route failed",
    "p.icmp.3.6": "destination network unknown",
    "p.icmp.3.7": "destination host unknown",
    "p.icmp.3.9": "network administratively prohibited",
    "p.icmp.3.10": "host administratively prohibited",
    "p.icmp.3.11": "network unreachable for TOS",
    "p.icmp.3.12": "host unreachable for TOS",
    "p.icmp.3.13": "communication administratively prohibited",
    "p.icmp.11": "time exceeded",
    "p.ping.open": "{target} answered {n} of {sent} echo requests (avg {avg} ms, via {via}).",
    "p.ping.icmp": "No echo reply from {target}: {error} (via {via}).",
    "p.ping.not_sent": "No echo request reached {target}: {line} (via {via}).",
    "p.ping.timeout": "No echo reply from {target} to {sent} requests{extra} (via {via}).",
    "p.ping.cannot_run": "ICMP echo cannot run here: no permission for ICMP sockets, and the "
    "system ping command is missing or failed (see notes).",
    "p.ping.no_permission": "{via}: no permission ({reason})",
    "p.ping.not_on_windows": "{via}: not available on Windows",
    "p.ping.no_command": "{via}: no ping command on PATH",
    "p.ping.failed": "{via}: {reason}",
    "p.ping.command": "command: {command} (exit code {code}, output read as {encoding})",
    "p.ping.other_sender": "a reply from {sender}, not from {target}: {line}",
    "p.local.denied": "the socket table could not be read (access denied): run elevated to see it",
    "p.local.unreadable": "the socket table could not be read ({reason})",
    "p.local.unknown_process": "an unknown process",
    "p.local.pid": "pid {pid}",
    "p.local.process": "pid {pid} ({name})",
    "p.local.listener": "{process} on {where}",
    "p.local.listening": "listening: {who}",
    "p.local.listeners_unknown": "cannot tell whether anything listens on {where}",
    "p.local.nothing_listens": "nothing listens on {where} (this suite's own sockets not counted)",
    "p.local.sescomm": "SesComm ({process}) holds an established connection to {where}",
    "p.local.connections_unknown": "cannot read connections to {where}",
    "p.local.no_sescomm": "SesComm holds no established connection to {where} right now",
    "p.local.other_holder": "SesComm holds no established connection to {where} right now; "
    "{others} holds one, but is not SesComm (process names {names}): not credited",
    "p.ini.unc": "UNC paths can only be read on Windows; collect a copy",
    "p.ini.directory": "is a directory, not a CommParam.ini file",
    "p.ini.missing": "file not found",
    "p.ini.denied": "not readable (permission denied)",
    "p.ini.unreadable": "not readable ({reason})",
    "p.ini.too_large": "larger than {limit} bytes: not a CommParam.ini",
    "p.ini.timeout": "could not be read within {seconds:g} s: share not answering",
    "p.ini.not_text": "not valid {encodings} text: binary content?",
    "p.ini.binary": "binary content (control characters): not an INI text file",
    "p.ini.entry": "{entry} (line {line})",
    "p.ini.duplicate": "duplicate key with different values: {first} and {other}",
    "p.ini.key": "key {key}",
    "p.ini.key_in": "key {key} in section [{section}]",
    "p.ini.port_key": "key ending in 'port'",
    "p.ini.port_key_in": "key ending in 'port' in section [{section}]",
    "p.ini.no_key": "no {what}",
    "p.ini.several_sections": "{what} in several sections: {listed}",
    "p.ini.no_valid": "no {what} with a port 1–65535; seen: {seen}",
    "p.ini.none": "none",
    "p.ini.several": "several candidates for the RPC port, none chosen: {seen}",
    "p.ini.not_port": "not a port number 1–65535: {entry}",
    "p.ini.value": "{entry} (line {line}, {encoding})",
    "p.ini.hung": "the read was left running in a background thread and the run went on without "
    "this file; a UNC share that does not answer blocks a read for minutes",
    "p.f7.short": "F7 reply too short: {n} bytes, need at least {need}",
    "p.f7.header": "not an F7 reply: starts with {start}",
    "p.f7.type": "device type is not 3 ASCII characters: {raw}",
    "p.f5.header": "not an F5 reply: starts with {start}",
    "p.f5.empty": "F5 reply holds no firmware version ({n} bytes)",
    "p.f5.text": "firmware version is not printable ASCII: {raw}",
    "p.isenet.icmp": "ICMP type {type} code {code} from {sender} ({error_class})",
    "p.isenet.local_error": "local error {name} ({error_class})",
    "p.isenet.silent": "no answer: 'Kann Seriennummer nicht ermitteln'",
    "p.isenet.other_port": "reply came from port {port}, not {command_port}",
    "p.isenet.unusable": "unusable reply: {reason}",
    "p.isenet.second_f7": "a second, different F7 came: {raw} (two devices?)",
    "p.isenet.neither": "neither F7 nor F5: starts with {start}",
    "p.isenet.answered": "answered {device} MAC {mac} serial {serial}",
    "p.isenet.answered_f5": "answered",
    "p.isenet.no_f7": "F6 unanswered: serial number not determined",
    "p.isenet.no_f5": "F4 unanswered",
    "p.isenet.parts": "{parts}",
    "p.isenet.garbage": "answered, but not a valid F7/F5 reply",
    "p.isenet.unaddressed": "{reason} (an earlier destination; the platform does not say which)",
    "p.isenet.only_waiting": "{error}; {address} was the only address still waiting",
    "p.isenet.path": "the document's path (PC:{port} ↔ ISENet:{command_port}) was not exercised",
    "p.isenet.held": "{where} is held by {holder}: queried from an ephemeral port; {path}",
    "p.isenet.not_permitted": "binding {where} was not permitted: queried from an ephemeral "
    "port; {path}",
    "p.isenet.send_failed": "send failed: {reason} (attempt {attempt})",
    "p.isenet.send_tries": "send failed {tries} times (buffer full or pending errors)",
    "p.isenet.overlap": "the search ran beside the unicast queries on the same socket; an F7 from "
    "a queried address counted for the search only when it gave more F7s than it was asked by "
    "unicast",
    "p.isenet.unattributed": "while this address was waiting, Windows reported a 'connection "
    "reset' (WSAECONNRESET 10054: an ICMP port unreachable) for some earlier destination of the "
    "socket; which one Windows does not say",
    "p.isenet.alone": "asked again alone (one try) after an unattributed 'connection reset': an "
    "error now can only be this address's",
    "p.isenet.not_alone": "not asked again alone: more than {limit} addresses were waiting when "
    "an unattributed 'connection reset' came",
    "p.isenet.reasked": "asked again after the search: its answers during the search could have "
    "been to the broadcast, so only this query counts",
    "p.dup.macs": "{address} answered {n} times with different MACs",
    "p.dup.content": "{address} answered {n} times with different content",
    "p.dup.mac": "MAC {mac} answered from {addresses}",
    "p.search.answered": "{devices} device(s) answered the search ({replies} replies in all)",
    "p.search.silent": "no device answered within {window:g} s",
    "p.search.apart": "replies cannot be told apart by the broadcast address they answered when "
    "several were sent",
    "p.search.error": "{address}: {error}",
    "h.summary": "Summary",
    "h.facts": "Site and run",
    "h.glance": "Requirements at a glance",
    "h.meta.dev": "Technical details of the run",
    "c.paths": "Paths",
    "sum.on": "on {where}",
    "sum.from": "from {n} hosts",
    "sum.from.1": "from {names}",
    "sum.to": "to {n} targets",
    "sum.to.1": "to {names}",
    "sum.for": "for {n} devices",
    "sum.for.1": "for {names}",
    "sum.paths": "on {n} paths",
    "sum.paths.1": "on {names}",
    "sum.more_points": "… and {n} more open points: see the requirements and paths below.",
    "sum.more_changes": "… and {n} more changes: see the changes against the baseline below.",
    "cause.timeout": "no reply",
    "cause.refused": "refused",
    "cause.host_unreachable": "host unreachable",
    "cause.network_unreachable": "network unreachable",
    "cause.admin_prohibited": "blocked by a firewall (admin prohibited)",
    "cause.wrong_answer": "wrong answer",
    "cause.nothing_listens": "nothing listens",
    "cause.no_connection": "no connection",
    "cause.bind_failed": "local port taken",
    "cause.permission": "no permission",
    "cause.manual": "needs a person's confirmation",
    "na.rpc_tcp": "software {version} uses Microsoft RPC (RPC-TCP applies from 2.1-3)",
    "na.rpc_ini": "software {version}: the RPC port in CommParam.ini exists from 2.1-3",
    "na.rpc_ms": "software {version} uses TCP {port} (RPC-MS applies up to 2.1-2)",
    "na.flows": "software {version}: the connection flows apply from {first} "
    "(„ab Software-Version {first}“)",
    "na.rare": "rare check not requested (rare_checks.{key} in the site file)",
    "na.outside": "{target} ({address}) is outside every subnet of {comm}: a search cannot "
    "find it (routers do not forward broadcasts); it can only be added by IP (FLOW-ADD)",
    "na.listener": "readiness for {target}: nothing listens here before the upgrade; the normal "
    "run after the upgrade checks the listener",
    "cause.error": "error",
    "cause.address_in_use": "address in use",
    "cause.address_not_available": "address not available",
    "cause.message_too_long": "message too long",
    "cause.no_buffer_space": "no buffer space",
    "cause.connection_aborted": "connection aborted",
    "cause.invalid_argument": "invalid argument",
    "cause.transmit_failed": "transmit failed",
    "cause.name_not_resolved": "name not resolved",
}

_DE = {
    # -- the judge
    "judge.confirm_only_silence": (
        "eine Bestätigung macht nur Stille zum Bestanden, nicht dieses Ergebnis"
    ),
    "judge.confirmation_too_old": (
        "die Bestätigung von {confirmed_by} am {date} zählt nicht: älter als {max_age} Tage "
        "(confirmations_max_age_days); erneut bestätigen"
    ),
    "judge.confirmed": (
        "{message}; bestätigt von {confirmed_by} am {date} ({note}); gilt bis {until}"
    ),
    "judge.data.not_sescomm": (
        "; {process} ist nicht SesComm: seine Verbindung zählt nicht für SesComm"
    ),
    "judge.data.tried": (
        "41796/TCP zu {target} {address}:{port} {from_text} (verbinden, schließen; es wird "
        "nichts gesendet)"
    ),
    "judge.data.unknown_process": "ein unbekannter Prozess",
    "judge.epm.dynamic_ports": (
        "; Microsoft RPC braucht zusätzlich die dynamischen Ports 49152-65535/TCP zum COMM-Rechner"
    ),
    "judge.epm.tried": "{what}DCE/RPC-Bind an den Endpoint-Mapper {address}:{port}/TCP {from_text}",
    "judge.firebird.tried": "Firebird op_connect an {address}:{port}/TCP {from_text}",
    "judge.flow.layer_fails": "Ebene {step} gestört",
    "judge.flow.not_run": "nicht gelaufen",
    "judge.flow.step_fails": "Schritt {number} ({step}) schlägt fehl",
    "judge.flow.unproven": "nicht jeder Schritt ließ sich nachweisen",
    "judge.flow.works": "alle Schritte funktionieren",
    "judge.from": "von {name} ({address})",
    "judge.ini.no_location": (
        "die Standortdatei nennt keine CommParam.ini für {name} (hosts[].commparam.path ergänzen)"
    ),
    "judge.ini.none": "keine",
    "judge.ini.not_all_read": (
        "hier gelesen: {listing}; von {name} nicht lesbar: {unread} (auf diesen Rechnern "
        "ausführen und zusammenführen, oder Kopien einsammeln)"
    ),
    "judge.ini.ports_differ": (
        "der RPC-Port weicht ab: {listing}; erwartet {expected} auf allen Rechnern "
        "(abweichend: {differing})"
    ),
    "judge.ini.read": "{path}: {detail}; erwarteter Port {expected}",
    "judge.ini.same_port": "alle Rechner nutzen Port {expected}: {listing}",
    "judge.ini.unread": "{path}: {detail}",
    "judge.isenet.answer_without_serial": (
        "; keine Seriennummer in der Antwort: „Kann Seriennummer nicht ermitteln“"
    ),
    "judge.isenet.answered_from": "Antwort von Port {reply_port}",
    "judge.isenet.asked_from": "gefragt von Port {source_port} (PC:{port} ließ sich nicht binden)",
    "judge.isenet.no_serial": "; SesConfigPro meldet „Kann Seriennummer nicht ermitteln“",
    "judge.isenet.off_path": (
        "der dokumentierte Weg PC:{port}↔ISENet:{port} wurde nicht geprüft: {why}"
    ),
    "judge.isenet.other_device": "; an dieser Adresse antwortet ein anderes Gerät: {wrong}",
    "judge.isenet.tried": "ISENet-Abfrage F6/F4 an {target} {address}:{port}/UDP {from_text}",
    "judge.isenet.two_devices": (
        "; an dieser Adresse antworten zwei verschiedene Geräte: die Software kann jedes von "
        "beiden hinzufügen"
    ),
    "judge.jp1": (
        "JP1 auf {target} muss auf PIN 2 und 3 stecken; das lässt sich nicht über das Netz prüfen"
    ),
    "judge.jp1.needs_confirmation": "manuelle Bestätigung nötig: ",
    "judge.listener.loopback": (
        "; nur an Loopback gebunden ({where}): kein anderer Rechner erreicht ihn, die "
        "Anforderung ist aber ein Weg von anderen Rechnern zu {addresses}"
    ),
    "judge.listener.not_this_host": (
        "{tried}: dieser Rechner ist nicht {source}; dessen Sockets sind nicht sichtbar"
    ),
    "judge.listener.other_address": (
        "; nur an {where} gebunden, keine der Adressen von {source} laut Standortdatei "
        "({addresses})"
    ),
    "judge.listener.tried": "lokaler Dienst auf {port}/{proto} von {source}",
    "judge.no_note": "ohne Notiz",
    "judge.not_earned": " (nicht als bestanden gezählt: kein positiver Nachweis dahinter)",
    "judge.not_probed": "{tried}: kein Ergebnis (die Prüfung konnte nicht laufen)",
    "judge.outcome.error": "die Prüfung konnte hier nicht laufen",
    "judge.outcome.open": "antwortet",
    "judge.outcome.permission": "dieser Rechner hat die Prüfung nicht erlaubt",
    "judge.outcome.prohibited": "administrativ verboten (eine Firewall weist ab)",
    "judge.outcome.refused": "abgewiesen (kein Dienst, oder eine Firewall weist ab)",
    "judge.outcome.timeout": "keine Antwort innerhalb der Wartezeit",
    "judge.outcome.unreachable": "Rechner oder Netz nicht erreichbar",
    "judge.outcome.wrong_answer": "eine falsche Antwort",
    "judge.readiness.after_upgrade": " nach dem Update auf ",
    "judge.readiness.allow_port": (
        "TCP {port} eingehend auf {target} ({address}) von {source} freigeben, vor dem Update "
        "auf {upgrade_to} (Windows-Firewall und jede Netzwerk-Firewall dazwischen)."
    ),
    "judge.readiness.blocked": "eine Firewall ist im Weg (blockiert)",
    "judge.readiness.check_route": (
        "Route und Adresse zwischen {source} und {target} ({address}) prüfen."
    ),
    "judge.readiness.open": "auf {port} lauscht bereits ein Dienst: der Weg ist offen",
    "judge.readiness.ready": (
        "der TCP-Reset kam für die eigene Adresse von {host}: der Weg erreicht {host} "
        "(bereit). Ein Reset schließt nicht aus: eine Firewall-Regel auf dem Rechner, die nur "
        "für das künftige Programm gilt (sie greift erst, wenn es lauscht), oder eine "
        "Firewall, die an Stelle des Rechners mit Resets antwortet"
    ),
    "judge.readiness.rejected": (
        "ICMP Port-unreachable statt TCP-Reset: eine Firewall weist den Weg ab (blockiert)"
    ),
    "judge.readiness.tried": (
        "Bereitschaft für {upgrade_to}: TCP-Verbindung zu {address}:{port} {from_text}"
    ),
    "judge.readiness.unknown": "kein Nachweis in die eine oder andere Richtung: nicht bewiesen",
    "judge.readiness.unreachable": "{host} ist gar nicht erreichbar",
    "judge.rpc.port_expected": "erwarteter Port {port} (CommParam.ini nicht gelesen)",
    "judge.rpc.port_from_ini": "Port {port} aus der CommParam.ini von {name}",
    "judge.rpc.tried": "{what}TCP-Verbindung zu {address}:{port} ({origin}) {from_text}",
    "judge.rpc.undocumented": (
        "; das Sesam-RPC-Protokoll ist nicht dokumentiert: mehr als die TCP-Annahme lässt sich "
        "nicht nachweisen"
    ),
    "judge.run_elsewhere": "auf {source} ausführen, um diesen Weg zu prüfen",
    "judge.search.all_listed": (
        "{n} Geräte antworten, alle in der Standortdatei, keine Adresse doppelt"
    ),
    "judge.search.answered": "{name} antwortet: {device_type} MAC {mac} Seriennr. {serial_text}",
    "judge.search.differs": "; abweichend: {wrong}",
    "judge.search.duplicates": "zwei Geräte antworten unter einer Adresse: {listing}",
    "judge.search.no_answer": "{name} ({address}) hat innerhalb von {window:g} s nicht geantwortet",
    "judge.search.no_firmware": (
        "Firmware nicht ermittelt (die Suchantwort enthält keine, die F4-Abfrage lieferte "
        "keine): {firmware} aus der Standortdatei nicht vergleichbar"
    ),
    "judge.search.nothing_answered": (
        "niemand hat auf die Suche geantwortet; über weitere Geräte ist nichts zu sagen"
    ),
    "judge.search.nothing_sent": "kein Broadcast konnte gesendet werden",
    "judge.search.tried": "Broadcast-Suche F6 {from_text}",
    "judge.search.unattributed": (
        "{name} ({address}) antwortete während der Suche, während es auch per Unicast gefragt "
        "wurde; worauf es antwortete, ist nicht zu unterscheiden"
    ),
    "judge.search.unlisted": (
        "Geräte, die nicht in der Standortdatei stehen, antworten: {listing} — in die "
        "Standortdatei aufnehmen oder erklären"
    ),
    "judge.some_address": "eine Adresse dieses Rechners",
    "judge.tcp.tried": "TCP-Verbindung zu {address}:{port} {from_text}",
    "judge.tftp.reset_rule": (
        "; TFTP läuft über UDP (das Dokument nennt 69 „UDP und TCP“): ein TCP-Reset ist eine "
        "Antwort von {address} und kein Zeichen eines gesperrten Wegs; nur ein verworfenes "
        "(Zeitüberschreitung) oder administrativ abgewiesenes 69/TCP schlägt fehl"
    ),
    "judge.tftp.tried": (
        "TFTP-Leseanfrage nach einer fehlenden Datei an {address}:{port}/UDP {from_text}"
    ),
    "judge.tftp.udp_answered": (
        "; TFTP über UDP antwortet ({answer}): der Weg für das Firmwareupdate funktioniert"
    ),
    "judge.tftp.udp_silent": (
        "; TFTP über UDP hat auch nicht geantwortet: der Weg für das Update ist nicht "
        "nachgewiesen (siehe die 69/UDP-Prüfung)"
    ),
    "judge.udp.locally": "; lokal: {detail}",
    "judge.udp.password_hint": (
        "; Stille beweist nichts (das Protokoll des Passwort-Service ist nicht dokumentiert). "
        "Bestätigen: SesConfigPro auf diesem Rechner öffnen (kein „Error getting Password“) "
        "und unter confirmations: in der Standortdatei eintragen ({{check: FB-PWD, hosts: "
        "[{source}]}}, mit wer und wann)"
    ),
    "judge.udp.tried": "UDP-Datagramm an {address}:{port} {from_text}",
    "judge.waived": " [ausgenommen bis {expires} durch {approved_by}: {reason}]",
    "upgrade.changes": "{target} braucht zusätzlich: {new}; nicht mehr gebraucht: {old}",
    "upgrade.nothing_changes": (
        "Zwischen {current} und {target} ändert sich nichts: der Anforderungskatalog "
        "kennt keinen Weg, den nur eine der beiden Versionen braucht."
    ),
    # -- the report
    "title": "Netzwerk-Abnahmeprotokoll",
    "overall.accepted": "ABGENOMMEN",
    "overall.open_points": "OFFENE PUNKTE",
    "overall.not_accepted": "NICHT ABGENOMMEN",
    "overall.lead.accepted": "Alle Anforderungen sind auf den geprüften Wegen erfüllt oder "
    "ausgenommen.",
    "overall.lead.open_points": "Nichts ist fehlgeschlagen, aber diese Punkte sind offen:",
    "overall.lead.not_accepted": "Mindestens eine Prüfung ist fehlgeschlagen:",
    "point.fail": "fehlgeschlagen",
    "point.inconclusive": "unklar",
    "point.skipped": "nicht gelaufen",
    "point.not_run": "{n} Prüfungen müssen auf Rechner {subject} laufen",
    "merge.host_not_run": "nicht geprüft: die Prüfung lief nicht auf {host}: {reason}",
    "point.no_check": "Anforderung {subject}: keine Prüfung gelaufen",
    "point.incomplete": "der Lauf auf {subject} ist nicht vollständig ({detail}): keine Abnahme "
    "möglich",
    "point.not_this_machine": "der Lauf als {subject} lief auf einem Rechner ohne dessen "
    "Adressen: seine Wege sind nicht nachgewiesen, keine Abnahme möglich",
    "incomplete": "UNVOLLSTÄNDIG: {reason}. Nicht gelaufene Prüfungen stehen als nicht geprüft "
    "im Bericht; dieser Bericht kann nicht abgenommen werden.",
    "incomplete.unknown": "der Lauf wurde nicht beendet",
    "not_this_machine": "NICHT DIESER RECHNER: der Lauf wurde als {host} gemacht, aber dieser "
    "Rechner hat die Adressen von {host} nicht ({addresses}); die Prüfungen liefen von "
    "{machine} aus und beweisen nichts über die Wege von {host}. Seine Netzwerkprüfungen stehen "
    "als nicht hier geprüft im Bericht (das Beobachtete bleibt als Information erhalten); nur "
    "Prüfungen gesammelter Dateien und Bestätigungen behalten ihr Ergebnis. Dieser Bericht kann "
    "nicht abgenommen werden: die Prüfung auf {host} ausführen.",
    "counts": "Prüfungen",
    "v.pass": "bestanden",
    "v.fail": "fehlgeschlagen",
    "v.inconclusive": "unklar",
    "v.not_run": "nicht hier geprüft",
    "v.waived": "Ausnahme",
    "v.not_applicable": "entfällt",
    "h.requirements": "Anforderungen",
    "h.matrix": "Geprüfte Verbindungen",
    "h.inventory": "ISENet-Bestand",
    "h.unexpected": "Unerwartete Geräte (antworten auf die Suche, fehlen in der Standortdatei)",
    "h.duplicates": "Adressen, auf die mehr als ein Gerät antwortet",
    "h.commparam": "CommParam.ini",
    "h.manual": "Manuelle Prüfungen und Ausnahmen",
    "h.diff": "Änderungen gegenüber dem Vergleichslauf",
    "h.readiness": "Upgrade-Bereitschaft auf {version}",
    "r.lead": (
        "Wege, die {version} brauchen wird und die heutige Version nicht, geprüft vor dem "
        "Update, solange dort noch nichts lauscht: ein TCP-Reset vom Rechner heißt, der Weg "
        "erreicht ihn (bereit); Stille oder eine Abweisung heißt, eine Firewall ist im Weg "
        "(blockiert)."
    ),
    "h.meta": "Lauf",
    "h.signoff": "Abnahme",
    "c.id": "ID",
    "c.requirement": "Anforderung",
    "c.verdict": "Ergebnis",
    "c.checks": "Prüfungen",
    "c.check": "Prüfung",
    "c.source": "Von",
    "c.target": "Nach",
    "c.path": "Adresse:Port/Protokoll",
    "c.method": "Methode",
    "c.message": "Befund",
    "c.evidence": "Nachweis",
    "c.name": "Name",
    "c.address": "Adresse",
    "c.mac": "MAC",
    "c.serial": "Seriennummer",
    "c.firmware": "Firmware",
    "c.device": "Gerätetyp",
    "c.rtt": "RTT ms",
    "c.search": "Von Suche gefunden",
    "c.status": "Status",
    "c.macs": "MACs",
    "c.host": "Rechner",
    "c.file": "Datei",
    "c.port": "Port",
    "c.encoding": "Kodierung",
    "c.key": "Abschnitt / Schlüssel",
    "c.reason": "Begründung",
    "c.approved": "Genehmigt von",
    "c.expires": "Gültig bis",
    "c.old": "Vorher",
    "c.new": "Jetzt",
    "c.change": "Änderung",
    "inv.ok": "wie erwartet",
    "inv.missing": "keine Antwort",
    "inv.mismatch": "weicht ab: {fields}",
    "inv.not_checked": "nicht hier geprüft",
    "inv.expected": "erwartet",
    "yes": "ja",
    "search_na": "nur per IP (anderes Subnetz)",
    "no": "nein",
    "none": "keine",
    "table.large": (
        "Die Testtabelle unten hat {n} Prüfungen. Bei einer so großen Anlage öffnet sie leer, "
        "damit der Bericht schnell öffnet: die gewünschten Ergebnisse anhaken (Failed, "
        "Skipped, …). Das Urteil jeder Prüfung steht in den Abschnitten oben."
    ),
    "table.evidence": "→ Nachweis, Symptom und nächster Schritt",
    "ev.advice": "Symptom und nächster Schritt: Anforderung",
    "ev.same": "dort vollständig",
    "h.passed": "Bestandene Prüfungen",
    "passed.note": (
        "{n} Prüfungen bestanden. Bei einer so großen Anlage stehen sie hier mit Namen, je "
        "Anforderung; der Nachweis jeder Prüfung steht in den JSON-Ergebnissen (und in der "
        "Testtabelle unten)."
    ),
    "ev.source": "von {address}:{port}",
    "ev.timing": "{attempts} Versuch(e), {ms} ms",
    "ev.sent": "gesendet",
    "ev.answer": "Antwort",
    "ev.error": "Fehlerart",
    "ev.symptom": "Symptom in der Sesam-Software",
    "ev.next": "Nächster Schritt",
    "ev.facts": "Fakten",
    "ev.notes": "Hinweis",
    "ev.none": "kein Nachweis aufgezeichnet",
    "diff.regression": "Verschlechterung",
    "diff.fix": "behoben",
    "diff.change": "geändert",
    "diff.new": "neue Prüfung",
    "diff.vanished": "nicht mehr geprüft",
    "diff.none": "Kein Ergebnis hat sich geändert.",
    "diff.baseline": "Vergleichslauf: auf {host}, {started}",
    "diff.other": "Diese Läufe gehören zu verschiedenen Standorten oder Rechnern ({old} → {new}).",
    "diff.sha": "Die Standortdatei weicht vom Vergleichslauf ab (SHA-256 {old} → {new}).",
    "diff.new_run": "Neuer Lauf: auf {host}, {started}",
    "diff.title": "Vorher und nachher",
    "diff.evidence_old": "Nachweise vorher",
    "h.picture": "Netzplan",
    "pic.lead": (
        "Jede Linie ist eine geprüfte Netzwerkverbindung in der Farbe ihres Ergebnisses; ein "
        "Klick auf die Linie öffnet ihre Nachweise."
    ),
    "pic.bands": (
        "Die Bänder fassen die Adressen nach /24 (IPv6: /64) zusammen: die Ergebnisse enthalten "
        "keine Netzmasken."
    ),
    "pic.grouped": (
        "Bei {n} ISENets sind die ISENets eines Bandes ein Kasten mit der Zahl seiner "
        "Verbindungen je Ergebnis; eine Linie steht für die Verbindungen einer Anforderung zu "
        "ihnen, in der Farbe ihres schlechtesten Ergebnisses, und führt zu einer Prüfung mit "
        "diesem Ergebnis."
    ),
    "pic.diff": (
        "Dicke Linien: geänderte Verbindungen; dicke gestrichelte Linien: Verschlechterungen; "
        "blasse Linien: unverändert."
    ),
    "pic.unknown": "Adresse unbekannt",
    "pic.isenets": "{n} ISENets",
    "pic.none": "Keine Netzwerkverbindung in diesen Ergebnissen.",
    "pic.role.db": "DB",
    "pic.role.comm": "SesComm",
    "pic.role.workstation": "Arbeitsplatz",
    "pic.role.isenet": "ISENet",
    "m.site": "Standort",
    "m.site_host": "(Standort)",
    "html.generated": "Bericht erstellt am {date} um {time} mit",
    "html.filter": "Kästchen an- oder abwählen, um die Ergebnisse zu filtern.",
    "html.running": "Es laufen noch Tests.",
    "html.reload": "Seite neu laden, um die neuesten Ergebnisse zu sehen!",
    "m.customer": "Kunde",
    "m.software": "Sesam-Softwareversion",
    "m.host": "Gelaufen als Rechner",
    "m.addresses": "Quelladressen",
    "m.not_local": "WARNUNG: dieser Computer hat diese Adressen nicht; die Prüfungen liefen von "
    "anderen Adressen und beweisen nichts über die Wege dieses Rechners (seine Prüfungen stehen "
    "als nicht hier geprüft).",
    "m.machine": "Adressen dieses Rechners (von hier liefen die Prüfungen)",
    "m.tool": "Werkzeugversion",
    "m.site_file": "Standortdatei",
    "m.sha": "SHA-256 der Standortdatei",
    "m.engineer": "Techniker",
    "m.started": "Beginn",
    "m.finished": "Ende",
    "m.platform": "Plattform",
    "s.intro": "Die Unterzeichnenden bestätigen die Ergebnisse dieses Protokolls.",
    "s.checklist": "Was keine Netzwerkprüfung beweisen kann: vor Ort prüfen und jede Zeile vor "
    "der Unterschrift abhaken.",
    "s.group.sw": "Jeder der {n} Rechner mit Sesam-Software (Liste unten)",
    "s.group.isenet": "Jede der {n} ISENets (Liste unten)",
    "s.engineer": "Inbetriebnahme-Techniker",
    "s.customer": "Vertreter des Kunden",
    "s.name": "Name",
    "s.date": "Datum",
    "s.signature": "Unterschrift",
    "na.reason": "entfällt: {reason}",
    "manual.none": "Keine manuellen Prüfungen oder Ausnahmen.",
    "commparam.none": "In diesem Lauf wurde keine CommParam.ini gelesen.",
    "inventory.none": "Keine ISENet-Prüfungen in diesem Lauf.",
    # Läufe, die für eine Prüfung nicht einstehen können (notrun.py, plugin.py)
    "nr.observed": "beobachtet, nur zur Information",
    "nr.note": "nur zur Information: kein Ergebnis",
    "nr.other_addresses": "anderen Adressen",
    "nr.machine": "hier nicht geprüft: dieser Rechner hat die Adressen von {host} nicht "
    "({theirs}); die Wege wurden von {ours} aus geprüft und beweisen nichts über {host}",
    "nr.deselected": "abgewählt ({how}): in diesem Lauf nicht geprüft",
    "nr.interrupted": "abgebrochen",
    "nr.interrupted_before": "abgebrochen: der Lauf wurde vor dieser Prüfung beendet",
    "nr.stopped_first": "nicht erreicht: der Lauf hielt nach dem ersten Fehler an (-x)",
    "nr.stopped_after": "nicht erreicht: der Lauf hielt nach {n} Fehlern an (--maxfail={n})",
    "nr.stopped": "nicht erreicht: der Lauf hielt an",
    # Prüfungen (was eine Prüfung gesehen hat; der Richter setzt es in die Sprache des Laufs)
    "p.tcp.open": "{target} nimmt die Verbindung an (sofort wieder geschlossen, nichts gesendet).",
    "p.tcp.timeout": "Keine Antwort von {target} innerhalb von {timeout:g} s (verworfen oder "
    "Rechner aus).",
    "p.tcp.icmp": "Verbindung zu {target} gescheitert: {icmp}.",
    "p.tcp.refused": "{target} weist die Verbindung ab (TCP-Reset: dort lauscht nichts, oder "
    "eine Firewall weist ab).",
    "p.tcp.error": "Verbindung zu {target} gescheitert: {reason}.",
    "p.tcp.short": "{target} nimmt die Verbindung an, hat aber nach {after} {how}: {verdict}.",
    "p.tcp.send_failed": "Die Verbindung wurde angenommen, aber das Senden ist gescheitert: "
    "{reason}.",
    "p.short.timeout": "innerhalb von {timeout:g} s nichts gesendet",
    "p.short.eof": "die Verbindung geschlossen",
    "p.short.reset": "die Verbindung zurückgesetzt",
    "p.short.other": "zu wenig geantwortet",
    "p.req.op_connect": "op_connect",
    "p.req.bind": "dem Bind",
    "p.not_firebird": "auf diesem Port antwortet etwas anderes, kein Firebird",
    "p.not_rpc": "kein DCE/RPC-Endpunktmapper",
    "p.firebird.answer": "{target} antwortet auf op_connect mit {op}: ein Firebird-Server.",
    "p.firebird.other": "{target} antwortet auf op_connect mit {op}: auf diesem Port antwortet "
    "etwas anderes, kein Firebird.",
    "p.rpc.answer": "{target} antwortet auf den Bind mit {ptype}: ein DCE/RPC-Server.",
    "p.rpc.other": "{target} antwortet auf den Bind mit etwas, das kein DCE/RPC ist.",
    "p.bind_failed": "Die Quelladresse {source} lässt sich nicht binden: {reason}.",
    "p.udp.icmp": "{target}: {icmp}.",
    "p.udp.refused": "{target}: ICMP Port nicht erreichbar (auf dem Port lauscht nichts).",
    "p.udp.error": "{target}: {reason}.",
    "p.udp.timeout": "Keine Antwort von {target} nach {attempts} Versuchen ({waited:g} s): offen "
    "oder gefiltert, nicht entscheidbar.",
    "p.udp.reply": "{target} antwortet mit {n} Bytes.",
    "p.udp.unexpected": "{target} antwortet mit {n} Bytes, aber nicht wie erwartet.",
    "p.tftp.timeout": "Keine Antwort von {target} auf eine TFTP-Leseanfrage nach {attempts} "
    "Versuchen: offen oder gefiltert, nicht entscheidbar.",
    "p.tftp.short": "{target} antwortet mit {n} Bytes: kein TFTP.",
    "p.tftp.other": "{target} antwortet auf eine Leseanfrage mit {op}: nicht das ERROR oder DATA "
    "eines TFTP-Servers.",
    "p.tftp.error": "{target} antwortet auf eine Leseanfrage mit ERROR {code} '{message}' von "
    "Port {port}: ein TFTP-Server.",
    "p.tftp.data": "{target} antwortet auf eine Leseanfrage mit DATA-Block {block} (nicht "
    "bestätigt) von Port {port}: ein TFTP-Server.",
    "p.note.errno_only": "ICMP-Typ und -Code sind auf diesem System nicht lesbar: nur nach der "
    "Fehlernummer eingeordnet (eine Abweisung „administrativ gesperrt“ sieht hier aus wie "
    "„Rechner nicht erreichbar“)",
    "p.icmp": "ICMP {type}/{code} {name}",
    "p.icmp.from": "ICMP {type}/{code} {name} von {sender}",
    "p.icmp.bare": "ICMP {type}/{code}",
    "p.icmp.from.bare": "ICMP {type}/{code} von {sender}",
    "p.icmp.3": "nicht erreichbar",
    "p.icmp.3.0": "Netz nicht erreichbar",
    "p.icmp.3.1": "Rechner nicht erreichbar",
    "p.icmp.3.2": "Protokoll nicht erreichbar",
    "p.icmp.3.3": "Port nicht erreichbar",
    "p.icmp.3.4": "Fragmentierung nötig",
    "p.icmp.3.5": "Quellroute gescheitert",
    "p.icmp.3.6": "Zielnetz unbekannt",
    "p.icmp.3.7": "Zielrechner unbekannt",
    "p.icmp.3.9": "Netz administrativ gesperrt",
    "p.icmp.3.10": "Rechner administrativ gesperrt",
    "p.icmp.3.11": "Netz für TOS nicht erreichbar",
    "p.icmp.3.12": "Rechner für TOS nicht erreichbar",
    "p.icmp.3.13": "Kommunikation administrativ gesperrt",
    "p.icmp.11": "Zeit überschritten",
    "p.ping.open": "{target} antwortet auf {n} von {sent} Echo-Anfragen (im Mittel {avg} ms, "
    "über {via}).",
    "p.ping.icmp": "Keine Echo-Antwort von {target}: {error} (über {via}).",
    "p.ping.not_sent": "Keine Echo-Anfrage hat {target} erreicht: {line} (über {via}).",
    "p.ping.timeout": "Keine Echo-Antwort von {target} auf {sent} Anfragen{extra} (über {via}).",
    "p.ping.cannot_run": "ICMP-Echo kann hier nicht laufen: keine Berechtigung für ICMP-Sockets, "
    "und der ping-Befehl des Systems fehlt oder ist gescheitert (siehe Hinweise).",
    "p.ping.no_permission": "{via}: keine Berechtigung ({reason})",
    "p.ping.not_on_windows": "{via}: unter Windows nicht verfügbar",
    "p.ping.no_command": "{via}: kein ping-Befehl im PATH",
    "p.ping.failed": "{via}: {reason}",
    "p.ping.command": "Befehl: {command} (Rückgabewert {code}, Ausgabe gelesen als {encoding})",
    "p.ping.other_sender": "eine Antwort von {sender}, nicht von {target}: {line}",
    "p.local.denied": "die Socket-Tabelle ist nicht lesbar (Zugriff verweigert): mit "
    "Administratorrechten ausführen, um sie zu sehen",
    "p.local.unreadable": "die Socket-Tabelle ist nicht lesbar ({reason})",
    "p.local.unknown_process": "ein unbekannter Prozess",
    "p.local.pid": "PID {pid}",
    "p.local.process": "PID {pid} ({name})",
    "p.local.listener": "{process} auf {where}",
    "p.local.listening": "lauscht: {who}",
    "p.local.listeners_unknown": "nicht feststellbar, ob auf {where} etwas lauscht",
    "p.local.nothing_listens": "auf {where} lauscht nichts (die eigenen Sockets dieser Prüfung "
    "nicht gezählt)",
    "p.local.sescomm": "SesComm ({process}) hält eine aufgebaute Verbindung zu {where}",
    "p.local.connections_unknown": "die Verbindungen zu {where} sind nicht lesbar",
    "p.local.no_sescomm": "SesComm hält zurzeit keine aufgebaute Verbindung zu {where}",
    "p.local.other_holder": "SesComm hält zurzeit keine aufgebaute Verbindung zu {where}; "
    "{others} hält eine, ist aber nicht SesComm (Prozessnamen {names}): nicht angerechnet",
    "p.ini.unc": "UNC-Pfade sind nur unter Windows lesbar; eine Kopie einsammeln",
    "p.ini.directory": "ist ein Verzeichnis, keine CommParam.ini-Datei",
    "p.ini.missing": "Datei nicht gefunden",
    "p.ini.denied": "nicht lesbar (Zugriff verweigert)",
    "p.ini.unreadable": "nicht lesbar ({reason})",
    "p.ini.too_large": "größer als {limit} Bytes: keine CommParam.ini",
    "p.ini.timeout": "innerhalb von {seconds:g} s nicht lesbar: die Freigabe antwortet nicht",
    "p.ini.not_text": "kein gültiger Text in {encodings}: Binärinhalt?",
    "p.ini.binary": "Binärinhalt (Steuerzeichen): keine INI-Textdatei",
    "p.ini.entry": "{entry} (Zeile {line})",
    "p.ini.duplicate": "doppelter Schlüssel mit verschiedenen Werten: {first} und {other}",
    "p.ini.key": "Schlüssel {key}",
    "p.ini.key_in": "Schlüssel {key} im Abschnitt [{section}]",
    "p.ini.port_key": "Schlüssel, der auf „port“ endet",
    "p.ini.port_key_in": "Schlüssel, der auf „port“ endet, im Abschnitt [{section}]",
    "p.ini.no_key": "kein {what}",
    "p.ini.several_sections": "{what} in mehreren Abschnitten: {listed}",
    "p.ini.no_valid": "kein {what} mit einem Port 1–65535; gefunden: {seen}",
    "p.ini.none": "keiner",
    "p.ini.several": "mehrere Kandidaten für den RPC-Port, keiner gewählt: {seen}",
    "p.ini.not_port": "keine Portnummer 1–65535: {entry}",
    "p.ini.value": "{entry} (Zeile {line}, {encoding})",
    "p.ini.hung": "das Lesen läuft in einem Hintergrund-Thread weiter, der Lauf ging ohne diese "
    "Datei weiter; eine UNC-Freigabe, die nicht antwortet, blockiert das Lesen minutenlang",
    "p.f7.short": "F7-Antwort zu kurz: {n} Bytes, mindestens {need} nötig",
    "p.f7.header": "keine F7-Antwort: beginnt mit {start}",
    "p.f7.type": "der Gerätetyp sind keine 3 ASCII-Zeichen: {raw}",
    "p.f5.header": "keine F5-Antwort: beginnt mit {start}",
    "p.f5.empty": "die F5-Antwort enthält keine Firmwareversion ({n} Bytes)",
    "p.f5.text": "die Firmwareversion ist kein druckbares ASCII: {raw}",
    "p.isenet.icmp": "ICMP-Typ {type} Code {code} von {sender} ({error_class})",
    "p.isenet.local_error": "lokaler Fehler {name} ({error_class})",
    "p.isenet.silent": "keine Antwort: „Kann Seriennummer nicht ermitteln“",
    "p.isenet.other_port": "Antwort kam von Port {port}, nicht von {command_port}",
    "p.isenet.unusable": "unbrauchbare Antwort: {reason}",
    "p.isenet.second_f7": "eine zweite, andere F7 kam: {raw} (zwei Geräte?)",
    "p.isenet.neither": "weder F7 noch F5: beginnt mit {start}",
    "p.isenet.answered": "antwortet: {device}, MAC {mac}, Seriennummer {serial}",
    "p.isenet.answered_f5": "antwortet",
    "p.isenet.no_f7": "F6 unbeantwortet: Seriennummer nicht ermittelt",
    "p.isenet.no_f5": "F4 unbeantwortet",
    "p.isenet.parts": "{parts}",
    "p.isenet.garbage": "antwortet, aber nicht mit einer gültigen F7/F5-Antwort",
    "p.isenet.unaddressed": "{reason} (ein früheres Ziel; das System sagt nicht, welches)",
    "p.isenet.only_waiting": "{error}; {address} war die einzige Adresse, die noch wartete",
    "p.isenet.path": "der Weg des Dokuments (PC:{port} ↔ ISENet:{command_port}) wurde nicht "
    "geprüft",
    "p.isenet.held": "{where} ist belegt durch {holder}: von einem freien Port aus gefragt; {path}",
    "p.isenet.not_permitted": "{where} zu binden war nicht erlaubt: von einem freien Port aus "
    "gefragt; {path}",
    "p.isenet.send_failed": "Senden gescheitert: {reason} (Versuch {attempt})",
    "p.isenet.send_tries": "Senden {tries}-mal gescheitert (Puffer voll oder Fehler ausstehend)",
    "p.isenet.overlap": "die Suche lief neben den Einzelanfragen auf demselben Socket; eine F7 "
    "einer angefragten Adresse zählte für die Suche nur, wenn sie mehr F7 schickte, als sie "
    "einzeln gefragt wurde",
    "p.isenet.unattributed": "während diese Adresse wartete, meldete Windows ein „connection "
    "reset“ (WSAECONNRESET 10054: ein ICMP Port nicht erreichbar) für irgendein früheres Ziel "
    "des Sockets; für welches, sagt Windows nicht",
    "p.isenet.alone": "nach einem nicht zuzuordnenden „connection reset“ noch einmal allein "
    "gefragt (ein Versuch): ein Fehler jetzt kann nur zu dieser Adresse gehören",
    "p.isenet.not_alone": "nicht noch einmal allein gefragt: mehr als {limit} Adressen warteten, "
    "als ein nicht zuzuordnendes „connection reset“ kam",
    "p.isenet.reasked": "nach der Suche noch einmal gefragt: ihre Antworten während der Suche "
    "könnten dem Broadcast gegolten haben, daher zählt nur diese Anfrage",
    "p.dup.macs": "{address} antwortet {n}-mal mit verschiedenen MACs",
    "p.dup.content": "{address} antwortet {n}-mal mit verschiedenem Inhalt",
    "p.dup.mac": "MAC {mac} antwortet von {addresses}",
    "p.search.answered": "{devices} Gerät(e) antworten auf die Suche (insgesamt {replies} "
    "Antworten)",
    "p.search.silent": "kein Gerät hat innerhalb von {window:g} s geantwortet",
    "p.search.apart": "wurden mehrere Broadcasts gesendet, lässt sich eine Antwort keiner "
    "Broadcast-Adresse zuordnen",
    "p.search.error": "{address}: {error}",
    "h.summary": "Zusammenfassung",
    "h.facts": "Standort und Lauf",
    "h.glance": "Anforderungen im Überblick",
    "h.meta.dev": "Technische Angaben zum Lauf",
    "c.paths": "Wege",
    "sum.on": "auf {where}",
    "sum.from": "von {n} Rechnern",
    "sum.from.1": "von {names}",
    "sum.to": "zu {n} Zielen",
    "sum.to.1": "zu {names}",
    "sum.for": "für {n} Geräte",
    "sum.for.1": "für {names}",
    "sum.paths": "auf {n} Wegen",
    "sum.paths.1": "auf {names}",
    "sum.more_points": "… und {n} weitere offene Punkte: siehe Anforderungen und Verbindungen "
    "unten.",
    "sum.more_changes": "… und {n} weitere Änderungen: siehe Änderungen gegenüber dem "
    "Vergleichslauf unten.",
    "cause.timeout": "keine Antwort",
    "cause.refused": "abgewiesen",
    "cause.host_unreachable": "Rechner nicht erreichbar",
    "cause.network_unreachable": "Netz nicht erreichbar",
    "cause.admin_prohibited": "von einer Firewall gesperrt",
    "cause.wrong_answer": "falsche Antwort",
    "cause.nothing_listens": "niemand lauscht",
    "cause.no_connection": "keine Verbindung",
    "cause.bind_failed": "lokaler Port belegt",
    "cause.permission": "keine Berechtigung",
    "cause.manual": "braucht eine Bestätigung vor Ort",
    "na.rpc_tcp": "Software {version} nutzt Microsoft-RPC (RPC-TCP gilt ab 2.1-3)",
    "na.rpc_ini": "Software {version}: den RPC-Port in der CommParam.ini gibt es ab 2.1-3",
    "na.rpc_ms": "Software {version} nutzt TCP {port} (RPC-MS gilt bis 2.1-2)",
    "na.flows": "Software {version}: die Verbindungsabläufe gelten ab {first} "
    "(„ab Software-Version {first}“)",
    "na.rare": "seltene Prüfung nicht angefordert (rare_checks.{key} in der Standortdatei)",
    "na.outside": "{target} ({address}) liegt außerhalb aller Subnetze von {comm}: eine Suche "
    "findet es nicht (Router leiten keine Broadcasts weiter); es lässt sich nur per IP "
    "hinzufügen (FLOW-ADD)",
    "na.listener": "Bereitschaft für {target}: vor dem Update lauscht hier niemand; der normale "
    "Lauf nach dem Update prüft den Listener",
    "cause.error": "Fehler",
    "cause.address_in_use": "Adresse belegt",
    "cause.address_not_available": "Adresse nicht verfügbar",
    "cause.message_too_long": "Nachricht zu lang",
    "cause.no_buffer_space": "kein Pufferspeicher frei",
    "cause.connection_aborted": "Verbindung abgebrochen",
    "cause.invalid_argument": "ungültiges Argument",
    "cause.transmit_failed": "Senden fehlgeschlagen",
    "cause.name_not_resolved": "Name nicht auflösbar",
}

TEXTS: dict[str, dict[str, str]] = {"en": _EN, "de": _DE}


def texts(language: str) -> dict[str, str]:
    """The fixed texts of ``language``; ValueError names the languages there are."""
    try:
        return TEXTS[language]
    except KeyError:
        raise ValueError(f"unknown report language {language!r}; use one of de, en") from None


def cause_key(error_class: str) -> str:
    """The key of the text of an evidence's error class (``cause.<class>``): the one table of
    them the evidence and the open points (grouped by cause) both show."""
    return "cause." + error_class.replace(" ", "_")


def cause_text(t: Mapping[str, str], error_class: str) -> str:
    """The words for an error class in the language of ``t``; a class this version has no
    text for (an older results file's) as it is."""
    return t.get(cause_key(error_class), error_class)


#: A value a probe's text names: a number, an address, a quoted answer, another text, or
#: several texts (rendered as a list separated by semicolons).
Value = Union[str, int, float, "Said", tuple["Said", ...]]


@dataclass(frozen=True)
class Said:
    """What a probe saw, in no language yet: a key of the text table (``texts.py``) and the
    values its text names. The judge renders it in the run's language, so a probe never picks
    one and a German report carries no English sentence."""

    key: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def render(self, language: str) -> str:
        """The text in ``language``, its values (and nested texts) filled in."""
        return texts(language)[self.key].format(
            **{key: _rendered(value, language) for key, value in self.values.items()}
        )


def _rendered(value: Value, language: str) -> str | int | float:
    if isinstance(value, Said):
        return value.render(language)
    if isinstance(value, tuple):
        return "; ".join(item.render(language) for item in value)
    return value


def say(key: str, /, **values: Value) -> Said:
    """``Said(key, values)``, written as a call with keywords."""
    return Said(key, values)
