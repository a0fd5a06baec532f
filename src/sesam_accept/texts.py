"""Every fixed text the product shows, one dict per language ("de", "en"): the one de/en table."""

from __future__ import annotations

LANGUAGES = ("de", "en")

_EN = {
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
    "m.site": "Site",
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
}

_DE = {
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
    "m.site": "Standort",
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
}

TEXTS: dict[str, dict[str, str]] = {"en": _EN, "de": _DE}


def texts(language: str) -> dict[str, str]:
    """The fixed texts of ``language``; ValueError names the languages there are."""
    try:
        return TEXTS[language]
    except KeyError:
        raise ValueError(f"unknown report language {language!r}; use one of de, en") from None
