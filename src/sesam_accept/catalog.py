"""The requirement catalog: every requirement of the vendor document, with its ID.

The source is the vendor document :data:`SOURCE_DOCUMENT`; each entry names the document's
section it comes from (:data:`SECTIONS`) and keeps the document's German wording, a summary in
English and German, the path it concerns, the symptom the Sesam software shows when it is
broken and the next troubleshooting step.
``suites/`` must hold at least one acceptance test per ID (``tests/unit/test_catalog.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from .checks import Protocol
from .version import LAST_MS_RPC, SoftwareVersion

#: The vendor document every requirement comes from.
SOURCE_DOCUMENT = "Netzwerkverbindungen und verwendete Ports"

#: The document's sections, in its order: a requirement's ``section`` -> the section's title.
SECTIONS = {
    "ports": "1. Verwendete Ports",
    "flows": "2. Ablauf der Verbindungen zur ISENet (ab Software-Version 2.1-2)",
    "diagnosis": "3. Fehlersuche",
}


@dataclass(frozen=True)
class Requirement:
    """One requirement of the vendor document."""

    id: str
    section: str  # a key of SECTIONS: where in the vendor document it stands
    title_en: str
    title_de: str
    wording_de: str  # the document's own words
    summary_en: str
    source_role: str  # "sw", "comm", "db", "pc", "engineer"
    target_role: str  # "db", "comm", "isenet", "sw"
    port_key: str | None  # a field of site.Ports, or None
    protocol: Protocol
    rare: bool = False  # only when asked: ``site.RareChecks`` has a switch named as ``port_key``
    symptom_en: str = ""
    symptom_de: str = ""
    next_step_en: str = ""
    next_step_de: str = ""
    summary_de: str = ""  # the English summary, in German
    #: The software versions the requirement applies to (None: no bound). Data, not code: the
    #: upgrade-readiness plan (``upgrade.py``) derives what a version needs from these ranges.
    applies_from: SoftwareVersion | None = None
    applies_until: SoftwareVersion | None = None

    def applies_to(self, version: SoftwareVersion) -> bool:
        """True if software ``version`` needs this requirement (within its version range)."""
        if self.applies_from is not None and version < self.applies_from:
            return False
        return self.applies_until is None or version <= self.applies_until

    def title(self, language: str) -> str:
        """The short title in ``language`` ("de" or "en")."""
        return self.title_de if language == "de" else self.title_en

    def summary(self, language: str) -> str:
        """What the requirement asks, in one sentence in ``language``."""
        return self.summary_de if language == "de" else self.summary_en

    def symptom(self, language: str) -> str:
        """What the Sesam software shows when the requirement is broken."""
        return self.symptom_de if language == "de" else self.symptom_en

    def next_step(self, language: str) -> str:
        """The document's next troubleshooting step."""
        return self.next_step_de if language == "de" else self.next_step_en


_PING_STEP_EN = (
    "Ping the ISENet's IP from the SesComm host: no answer means no network connection or wrong "
    "IP settings of the ISENet."
)
_PING_STEP_DE = (
    "Ping auf die IP-Adresse der ISENet vom SesComm-Rechner: kommt keine Antwort, besteht keine "
    "Netzwerkverbindung oder die IP-Einstellungen sind falsch."
)
_CMD_STEP_EN = (
    "Add the ISENet by IP address in SesConfigPro (Netzwerk → Bearbeiten → Neue ISENet "
    "Verbindung → Hinzufügen): if that fails, 41797/udp is blocked between SesComm host and ISENet."
)
_CMD_STEP_DE = (
    "SesConfigPro → Netzwerk → Bearbeiten → Neue ISENet Verbindung → Hinzufügen: lässt sich die "
    "ISENet per IP-Adresse nicht hinzufügen, ist Port 41797 UDP blockiert."
)


class _Advice(TypedDict):
    """A symptom and a next step that several requirements share word for word (spread into
    each, so that they stay the same)."""

    symptom_en: str
    symptom_de: str
    next_step_en: str
    next_step_de: str


#: What SesComm shows and what to try when the ISENet command level (41797/udp) fails: the same
#: for ISE-CMD and for adding an ISENet by IP, which both stand on it.
_COMMAND_LEVEL: _Advice = {
    "symptom_en": "'Kann Seriennummer nicht ermitteln' (cannot determine serial number)",
    "symptom_de": "„Kann Seriennummer nicht ermitteln“",
    "next_step_en": _CMD_STEP_EN,
    "next_step_de": _CMD_STEP_DE,
}
_DATA_STEP_EN = (
    "On the SesComm host run `telnet <ISENet IP> 41796`: no connection means 41796/tcp is blocked; "
    "a blinking cursor means it is open. If all IP paths are fine, check jumper JP1 (pins 2-3)."
)
_DATA_STEP_DE = (
    "Auf dem SesComm-Rechner `telnet <IP-Adresse der ISENet> 41796`: keine Verbindung → Port "
    "41796 blockiert; Cursor blinkt → offen. Sind alle IP-Verbindungen in Ordnung, Jumper JP1 "
    "(PIN 2 und 3) prüfen."
)
_COMM_STEP_EN = (
    "SesConfigPro → menu System → Teste Comm-Server; check that the SesComm service runs and that "
    "the RPC port is the same in every host's CommParam.ini and open in the firewall."
)
_COMM_STEP_DE = (
    "SesConfigPro → Menü System → Teste Comm-Server; prüfen, ob der SesComm-Dienst läuft und der "
    "RPC-Port in der CommParam.ini aller Rechner gleich und in der Firewall freigegeben ist."
)
_COMM_SYMPTOM_EN = "'Teste Comm-Server' fails"
_COMM_SYMPTOM_DE = "„Teste Comm-Server“ schlägt fehl"
#: What shows and what to try when the RPC path to the SesComm service fails: the same for the
#: RPC port and for 'Teste Comm-Server', which tries that path.
_COMM_SERVER: _Advice = {
    "symptom_en": _COMM_SYMPTOM_EN,
    "symptom_de": _COMM_SYMPTOM_DE,
    "next_step_en": _COMM_STEP_EN,
    "next_step_de": _COMM_STEP_DE,
}

_ENTRIES = (
    Requirement(
        "FB-TCP",
        "ports",
        "Firebird server",
        "Firebird-Server",
        "Firebird-Server 41800 TCP: Port des Firebird-Servers auf dem sich die Sesam-Software "
        "(z. B. SesConfigPro) mit der Datenbank verbindet.",
        "Every host with Sesam software reaches the Firebird server on the DB host at 41800/tcp.",
        "sw",
        "db",
        "firebird",
        Protocol.TCP,
        symptom_en="the software cannot open the database",
        symptom_de="die Software kann die Datenbank nicht öffnen",
        next_step_en="Check that the Firebird service runs on the DB host (RemoteServicePort "
        "41800 in firebird.conf) and that 41800/tcp is allowed inbound on the DB host.",
        next_step_de="Prüfen, ob der Firebird-Dienst auf dem DB-Rechner läuft "
        "(RemoteServicePort 41800 in firebird.conf) und 41800/TCP eingehend freigegeben ist.",
        summary_de="Jeder Rechner mit Sesam-Software erreicht den Firebird-Server auf dem "
        "DB-Rechner über 41800/TCP.",
    ),
    Requirement(
        "FB-PWD",
        "ports",
        "Firebird password service",
        "Firebird Passwort Service",
        "Firebird-Server 41799 UDP: Firebird Passwort Service = Eingehender Port des "
        "Firebird-Servers auf dem die Datenbankverschlüsselung mit der Sesam-Software "
        "ausgehandelt wird. Fehlermeldung bei Verbindungsproblem: Error getting Password",
        "41799/udp on the DB host, where database encryption is negotiated, is reachable from "
        "every host with Sesam software.",
        "sw",
        "db",
        "firebird_password",
        Protocol.UDP,
        symptom_en="message 'Error getting Password'",
        symptom_de="Meldung „Error getting Password“",
        next_step_en="Allow 41799/udp inbound on the DB host; open SesConfigPro on the host: no "
        "'Error getting Password' confirms the path.",
        next_step_de="41799/UDP eingehend auf dem DB-Rechner freigeben; SesConfigPro auf dem "
        "Rechner öffnen: kein „Error getting Password“ bestätigt den Weg.",
        summary_de="41799/UDP auf dem DB-Rechner, über den die Datenbankverschlüsselung "
        "ausgehandelt wird, ist von jedem Rechner mit Sesam-Software erreichbar.",
    ),
    Requirement(
        "ISE-CMD",
        "ports",
        "ISENet search and command level",
        "ISENet Such- und Kommandoebene",
        "ISENet 41797 UDP → ← SesComm UDP: Suche und Kommandoebene des Lantronix-Chips (z. B. "
        "IP-Adresse ändern). Verbindung vom Rechner auf dem der SesComm-Serverdienst läuft.",
        "The SesComm host and every ISENet exchange 41797/udp in both directions.",
        "comm",
        "isenet",
        "isenet_command",
        Protocol.UDP,
        **_COMMAND_LEVEL,
        summary_de="Der SesComm-Rechner und jede ISENet tauschen 41797/UDP in beide Richtungen"
        " aus.",
    ),
    Requirement(
        "ISE-DATA",
        "ports",
        "ISENet data connection",
        "ISENet Datenverbindung",
        "ISENet 41796 TCP ↔ SesComm TCP: Datenverbindung zwischen SesComm Server und ISE Net "
        "(Steuerungsabgleich etc.). Verbindung vom Rechner auf dem der SesComm-Serverdienst läuft.",
        "The SesComm host opens TCP connections to every ISENet at 41796/tcp.",
        "comm",
        "isenet",
        "isenet_data",
        Protocol.TCP,
        symptom_en="controller synchronisation (Steuerungsabgleich) aborts",
        symptom_de="der Steuerungsabgleich bricht ab",
        next_step_en=_DATA_STEP_EN,
        next_step_de=_DATA_STEP_DE,
        summary_de="Der SesComm-Rechner baut zu jeder ISENet TCP-Verbindungen auf 41796/TCP auf.",
    ),
    Requirement(
        "RPC-MS",
        "ports",
        "Microsoft RPC (up to 2.1-2)",
        "Microsoft RPC (bis 2.1-2)",
        "Bis Software Version 2.1-2: Konfigurations-Rechner RPC (TCP) ↔ SesComm-Rechner RPC "
        "(TCP). Microsoft RPC- (Remote-Procedure-Call) Verbindung zwischen den "
        "Softwarekomponenten und dem SesComm-Serverdienst.",
        "Up to software 2.1-2: every host with Sesam software reaches the SesComm host by "
        "Microsoft RPC (endpoint mapper 135/tcp plus the dynamic RPC ports 49152-65535).",
        "sw",
        "comm",
        "rpc_endpoint_mapper",
        Protocol.TCP,
        symptom_en=_COMM_SYMPTOM_EN,
        symptom_de=_COMM_SYMPTOM_DE,
        next_step_en=_COMM_STEP_EN + " Microsoft RPC also needs the dynamic ports 49152-65535/tcp.",
        next_step_de=_COMM_STEP_DE + " Microsoft RPC braucht zusätzlich die dynamischen Ports "
        "49152-65535/TCP.",
        applies_until=LAST_MS_RPC,
        summary_de="Bis Software 2.1-2: jeder Rechner mit Sesam-Software erreicht den "
        "SesComm-Rechner über Microsoft RPC (Endpunktmapper 135/TCP und die "
        "dynamischen RPC-Ports 49152-65535).",
    ),
    Requirement(
        "RPC-TCP",
        "ports",
        "Sesam RPC (from 2.1-3)",
        "Sesam RPC (ab 2.1-3)",
        "Ab Software Version 2.1-3: Konfigurations-Rechner 41801 TCP ↔ SesComm-Rechner 41801 TCP. "
        "RPC- (Remote-Procedure-Call) Verbindung zwischen den Softwarekomponenten und dem "
        "SesComm-Serverdienst.",
        "From software 2.1-3: every host with Sesam software reaches the SesComm host at "
        "41801/tcp, or the port set in CommParam.ini.",
        "sw",
        "comm",
        "rpc",
        Protocol.TCP,
        **_COMM_SERVER,
        applies_from=SoftwareVersion(2, 1, 3),
        summary_de="Ab Software 2.1-3: jeder Rechner mit Sesam-Software erreicht den "
        "SesComm-Rechner über 41801/TCP oder den in der CommParam.ini eingestellten"
        " Port.",
    ),
    Requirement(
        "RPC-INI",
        "ports",
        "RPC port in CommParam.ini",
        "RPC-Port in CommParam.ini",
        "Der Port kann in der Datei „CommParam.ini“ im Programmverzeichnis geändert werden. "
        "Wichtig bei Änderung: Die Änderung muss auf allen Computern erfolgen, auf denen "
        "Sesam-Softwarekomponenten installiert sind.",
        "The RPC port in CommParam.ini is the same on every host with Sesam software, and is the "
        "port the SesComm host listens on.",
        "sw",
        "sw",
        "rpc",
        Protocol.FILE,
        symptom_en=_COMM_SYMPTOM_EN + " on the hosts whose port differs",
        symptom_de=_COMM_SYMPTOM_DE + " auf den Rechnern mit abweichendem Port",
        next_step_en="Set the same RPC port in CommParam.ini in the program folder of every host "
        "with Sesam software, then restart the SesComm service.",
        next_step_de="Den gleichen RPC-Port in der CommParam.ini im Programmverzeichnis aller "
        "Rechner mit Sesam-Software eintragen und den SesComm-Dienst neu starten.",
        applies_from=SoftwareVersion(2, 1, 3),
        summary_de="Der RPC-Port in der CommParam.ini ist auf allen Rechnern mit "
        "Sesam-Software gleich und ist der Port, auf dem der SesComm-Rechner "
        "lauscht.",
    ),
    Requirement(
        "ISE-DEBUG",
        "ports",
        "ISENet debug port (rare)",
        "ISENet Debug-Port (selten)",
        "ISENet 41798 UDP: Debug-Port für DebugSesLan.exe um den Lantronix-Chip zu debuggen. "
        "Wird nur im Ausnahmefall zum debuggen benötigt.",
        "Only when debugging: 41798/udp from the SesComm host to the ISENet (DebugSesLan.exe).",
        "comm",
        "isenet",
        "isenet_debug",
        Protocol.UDP,
        rare=True,
        next_step_en="Allow 41798/udp to the ISENet for the debugging session only.",
        next_step_de="41798/UDP zur ISENet nur für die Dauer der Fehlersuche freigeben.",
        summary_de="Nur zur Fehlersuche: 41798/UDP vom SesComm-Rechner zur ISENet "
        "(DebugSesLan.exe).",
    ),
    Requirement(
        "ISE-TFTP",
        "ports",
        "TFTP firmware update (rare)",
        "TFTP Firmwareupdate (selten)",
        "ISENet 69 UDP und TCP ↔ Rechner (TFTP): Wird z.B. für Firmwareupdate des "
        "Lantronix-Chips über TFTP verwendet. Wird nur im Ausnahmefall zum manuellen "
        "Firmwareupdate benötigt.",
        "Only for a manual firmware update: TFTP (69/udp and 69/tcp) between the PC and the "
        "ISENet.",
        "comm",
        "isenet",
        "tftp",
        Protocol.UDP,
        rare=True,
        symptom_en="the firmware update fails",
        symptom_de="das Firmwareupdate schlägt fehl",
        next_step_en="Allow 69/udp (TFTP) between the PC and the ISENet for the update.",
        next_step_de="69/UDP (TFTP) zwischen Rechner und ISENet für das Update freigeben.",
        summary_de="Nur für ein manuelles Firmwareupdate: TFTP (69/UDP und 69/TCP) zwischen PC"
        " und ISENet.",
    ),
    Requirement(
        "FLOW-SEARCH",
        "flows",
        "Search for ISENets",
        "Suche (ISENetConfig / SesConfigPro)",
        "1. Rechner MAC-Broadcast (UDP) → [Alle] ISENet MAC (UDP) 2. Rechner IP-Broadcast (UDP) → "
        "[Alle] ISENet:41797 (UDP) 3. Rechner:41797 (UDP) ← ISENet:41797 (UDP). Rechner sendet ein "
        "Paket mit Anfrage, jede ISENet sendet daraufhin ein Paket mit Seriennummer, "
        "Firmwarestand etc.",
        "A broadcast search from the SesComm host finds every ISENet of its subnet, each answering "
        "from 41797 to 41797 with serial number and firmware.",
        "comm",
        "isenet",
        "isenet_command",
        Protocol.UDP,
        symptom_en="the ISENet does not appear in the search list",
        symptom_de="die ISENet erscheint nicht in der Suchliste",
        next_step_en="An ISENet in another subnet can only be added by IP (routers do not forward "
        "broadcasts); otherwise check 41797/udp and the ISENet's network settings.",
        next_step_de="Eine ISENet in einem anderen Subnetz kann nur per IP-Adresse hinzugefügt "
        "werden (Router leiten keine Broadcasts weiter); sonst 41797/UDP und die "
        "Netzwerkeinstellungen der ISENet prüfen.",
        summary_de="Eine Broadcast-Suche vom SesComm-Rechner findet jede ISENet seines "
        "Subnetzes; jede antwortet von 41797 an 41797 mit Seriennummer und "
        "Firmware.",
    ),
    Requirement(
        "FLOW-ADD",
        "flows",
        "Add an ISENet by IP",
        "Verbindung manuell per IP-Adresse",
        "SesConfigPro → Netzwerk → neue ISENet-Verbindung → Hinzufügen: 1. Rechner:41797 (UDP) → ← "
        "ISENet:41797 (UDP). Rechner sendet Paket mit Anfrage, ISENet sendet daraufhin Paket mit "
        "Seriennummer, Firmwarestand etc. zurück. Fehlermeldung bei Verbindungsproblem: Kann "
        "Seriennummer nicht ermitteln",
        "Adding an ISENet by IP works: a unicast query to 41797 is answered with the serial number "
        "and firmware.",
        "comm",
        "isenet",
        "isenet_command",
        Protocol.UDP,
        **_COMMAND_LEVEL,
        summary_de="Eine ISENet lässt sich per IP-Adresse hinzufügen: eine Einzelanfrage an "
        "41797 wird mit Seriennummer und Firmware beantwortet.",
    ),
    Requirement(
        "FLOW-ADMIN",
        "flows",
        "Administrate",
        "Administrieren",
        "SesConfigPro → Steuerungen → Administrieren: 1. Rechner:41797 (UDP) → ← ISENet:41797 "
        "(UDP) 2. Rechner Ping → ← ISENet Reply 3. Rechner (TCP) ↔ ISENet:41796 (TCP)",
        "Administrate works: 41797/udp query, ping and 41796/tcp, in this order, from the SesComm "
        "host to every ISENet.",
        "comm",
        "isenet",
        None,
        Protocol.FLOW,
        symptom_en="administrating the controller fails",
        symptom_de="das Administrieren der Steuerung schlägt fehl",
        next_step_en=_PING_STEP_EN,
        next_step_de=_PING_STEP_DE,
        summary_de="Administrieren funktioniert: Abfrage über 41797/UDP, Ping und 41796/TCP, "
        "in dieser Reihenfolge, vom SesComm-Rechner zu jeder ISENet.",
    ),
    Requirement(
        "FLOW-PROCESS",
        "flows",
        "Process (Abarbeiten)",
        "Abarbeiten",
        "SesConfigPro → Abarbeiten: 1. Rechner Ping → ← ISENet Reply 2. Rechner (TCP) ↔ "
        "ISENet:41796 (TCP)",
        "Processing works: ping and 41796/tcp from the SesComm host to every ISENet.",
        "comm",
        "isenet",
        None,
        Protocol.FLOW,
        symptom_en="processing (Abarbeiten) aborts",
        symptom_de="das Abarbeiten bricht ab",
        next_step_en=_DATA_STEP_EN,
        next_step_de=_DATA_STEP_DE,
        summary_de="Abarbeiten funktioniert: Ping und 41796/TCP vom SesComm-Rechner zu jeder "
        "ISENet.",
    ),
    Requirement(
        "DIAG-COMM",
        "diagnosis",
        "Test Comm server",
        "Teste Comm-Server",
        "Prüfen der Verbindung von SesConfigPro zum (Ses)CommServer: SesConfigPro → Menü „System“ "
        "→ Teste Comm-Server oder ISENetConfig → Comm-Server eintragen und anschließend suchen.",
        "The RPC path from the workstation to the SesComm service works, as 'Teste Comm-Server' "
        "would see it.",
        "sw",
        "comm",
        "rpc",
        Protocol.TCP,
        **_COMM_SERVER,
        summary_de="Der RPC-Weg vom Arbeitsplatz zum SesComm-Dienst funktioniert, so wie "
        "„Teste Comm-Server“ ihn prüft.",
    ),
    Requirement(
        "DIAG-ISENET",
        "diagnosis",
        "Connection to each ISENet",
        "Verbindung zur ISENet",
        "Prüfen der Verbindung zur ISENet (sollte auf dem Rechner erfolgen, auf dem der "
        "SesComm-Server läuft): Ping auf IP-Adresse der ISENet; Port 41797 UDP prüfen; Port 41796 "
        "TCP prüfen (telnet [IP-Adresse der ISENet] 41796).",
        "From the SesComm host: ping, 41797/udp and 41796/tcp to every ISENet; the first failing "
        "layer is named.",
        "comm",
        "isenet",
        None,
        Protocol.FLOW,
        symptom_en="the ISENet cannot be reached",
        symptom_de="die ISENet ist nicht erreichbar",
        next_step_en=_PING_STEP_EN,
        next_step_de=_PING_STEP_DE,
        summary_de="Vom SesComm-Rechner: Ping, 41797/UDP und 41796/TCP zu jeder ISENet; die "
        "erste gestörte Schicht wird benannt.",
    ),
    Requirement(
        "DIAG-JP1",
        "diagnosis",
        "Jumper JP1 on the ISENet",
        "Jumper JP1 auf der ISENet",
        "Falls die IP-Verbindungen in Ordnung sind und dennoch der Steuerungsabgleich abbricht, "
        "überprüfen Sie den Jumper JP1 auf der ISENet (beim LAN-Anschluss). Dieser muss immer auf "
        "PIN 2 und 3 stecken.",
        "Jumper JP1 (next to the LAN socket) sits on pins 2 and 3: a physical check the engineer "
        "confirms in the site file; it cannot be probed over the network.",
        "engineer",
        "isenet",
        None,
        Protocol.MANUAL,
        symptom_en="controller synchronisation aborts although all IP paths work",
        symptom_de="der Steuerungsabgleich bricht trotz funktionierender IP-Verbindungen ab",
        next_step_en="Open the ISENet, check JP1 sits on pins 2-3, and record it under "
        "`confirmations:` in the site file (who, when).",
        next_step_de="ISENet öffnen, JP1 auf PIN 2-3 prüfen und unter `confirmations:` in der "
        "Standortdatei eintragen (wer, wann).",
        summary_de="Jumper JP1 (beim LAN-Anschluss) steckt auf PIN 2 und 3: eine Sichtprüfung,"
        " die der Inbetriebnehmer in der Standortdatei bestätigt; über das Netz "
        "lässt sie sich nicht prüfen.",
    ),
)

#: Every requirement, in the vendor document's order (the README lists the same IDs).
CATALOG: dict[str, Requirement] = {r.id: r for r in _ENTRIES}


def version_changes(
    current: SoftwareVersion, target: SoftwareVersion
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The requirement IDs ``target`` needs and ``current`` does not, and the ones it no longer
    needs, from the catalog's version ranges (both empty: nothing changes between them)."""
    added = tuple(r.id for r in _ENTRIES if r.applies_to(target) and not r.applies_to(current))
    dropped = tuple(r.id for r in _ENTRIES if r.applies_to(current) and not r.applies_to(target))
    return added, dropped


def requirement(req_id: str) -> Requirement:
    """The requirement with ``req_id``; KeyError names the known IDs."""
    try:
        return CATALOG[req_id]
    except KeyError:
        raise KeyError(f"unknown requirement {req_id!r}; known: {', '.join(CATALOG)}") from None


# -- what the document asks that no network probe proves ------------------------------------


@dataclass(frozen=True)
class SignoffCheck:
    """One thing the document asks for that no probe can prove: a line of the report's
    sign-off checklist, ticked by the engineer. ``per`` says what it is asked for: each host
    with Sesam software (``sw``), each ISENet (``isenet``), the COMM host (``comm``) or the
    site once (``site``). The texts hold ``{subject}`` (a host or ISENet) and ``{version}``."""

    id: str
    per: str
    text_en: str
    text_de: str
    ms_rpc_only: bool = False  # only for software up to 2.1-2 (Microsoft RPC)

    def text(self, language: str) -> str:
        """The line in ``language`` ("de" or "en"), still with its placeholders."""
        return self.text_de if language == "de" else self.text_en


SIGNOFF: dict[str, SignoffCheck] = {
    s.id: s
    for s in (
        SignoffCheck(
            "teste-comm-server",
            "sw",
            "{subject}: SesConfigPro → System → 'Teste Comm-Server' succeeds",
            "{subject}: SesConfigPro → System → „Teste Comm-Server“ erfolgreich",
        ),
        SignoffCheck(
            "no-password-error",
            "sw",
            "{subject}: SesConfigPro opens without 'Error getting Password'",
            "{subject}: SesConfigPro öffnet ohne „Error getting Password“",
        ),
        SignoffCheck(
            "steuerungsabgleich",
            "isenet",
            "{subject}: the controller synchronisation (Steuerungsabgleich) completes",
            "{subject}: der Steuerungsabgleich läuft vollständig durch",
        ),
        SignoffCheck(
            "ms-rpc-dynamic",
            "comm",
            "Microsoft RPC: the dynamic ports 49152–65535/tcp are open from every host with "
            "Sesam software to {subject}",
            "Microsoft RPC: die dynamischen Ports 49152–65535/TCP sind von jedem Rechner mit "
            "Sesam-Software zu {subject} offen",
            ms_rpc_only=True,
        ),
        SignoffCheck(
            "software-version",
            "site",
            "The Sesam software installed on every host is version {version}, as the site file "
            "states",
            "Auf allen Rechnern ist die Sesam-Software in Version {version} installiert, wie in "
            "der Standortdatei angegeben",
        ),
    )
}
