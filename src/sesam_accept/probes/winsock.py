"""Windows socket error numbers (WSAE…): their names and Windows' own texts.

On Windows a socket error carries a Winsock number (``exc.winerror``, also ``exc.errno``):
10061 for a refused connection, 10054 for a reset, … ``os.strerror`` knows none of them ("Unknown
error"), and ``exc.strerror`` is in the language of the Windows installation. The evidence names
them the same way on every machine: ``WSAECONNREFUSED (10061): No connection could be made because
the target machine actively refused it.`` The numbers, names and English texts are Microsoft's
("Windows Sockets Error Codes", winsock2.h and the system message table). Which outcome each one
means is decided in one place, :func:`sesam_accept.probes.sockets.classify_errno`.
"""

from __future__ import annotations

WSAEINVAL = 10022
WSAEACCES = 10013
WSAEMSGSIZE = 10040
WSAEADDRINUSE = 10048
WSAEADDRNOTAVAIL = 10049
WSAENETDOWN = 10050
WSAENETUNREACH = 10051
WSAENETRESET = 10052
WSAECONNABORTED = 10053
WSAECONNRESET = 10054
WSAENOBUFS = 10055
WSAETIMEDOUT = 10060
WSAECONNREFUSED = 10061
WSAEHOSTDOWN = 10064
WSAEHOSTUNREACH = 10065

#: number -> (name, Windows' English message text)
WINSOCK_ERRORS: dict[int, tuple[str, str]] = {
    WSAEACCES: (
        "WSAEACCES",
        "An attempt was made to access a socket in a way forbidden by its access permissions.",
    ),
    WSAEINVAL: ("WSAEINVAL", "An invalid argument was supplied."),
    WSAEMSGSIZE: (
        "WSAEMSGSIZE",
        "A message sent on a datagram socket was larger than the internal message buffer or some "
        "other network limit, or the buffer used to receive a datagram into was smaller than the "
        "datagram itself.",
    ),
    WSAEADDRINUSE: (
        "WSAEADDRINUSE",
        "Only one usage of each socket address (protocol/network address/port) is normally "
        "permitted.",
    ),
    WSAEADDRNOTAVAIL: ("WSAEADDRNOTAVAIL", "The requested address is not valid in its context."),
    WSAENETDOWN: ("WSAENETDOWN", "A socket operation encountered a dead network."),
    WSAENETUNREACH: (
        "WSAENETUNREACH",
        "A socket operation was attempted to an unreachable network.",
    ),
    WSAENETRESET: (
        "WSAENETRESET",
        "The connection has been broken due to keep-alive activity detecting a failure while the "
        "operation was in progress.",
    ),
    WSAECONNABORTED: (
        "WSAECONNABORTED",
        "An established connection was aborted by the software in your host machine.",
    ),
    WSAECONNRESET: (
        "WSAECONNRESET",
        "An existing connection was forcibly closed by the remote host.",
    ),
    WSAENOBUFS: (
        "WSAENOBUFS",
        "An operation on a socket could not be performed because the system lacked sufficient "
        "buffer space or because a queue was full.",
    ),
    WSAETIMEDOUT: (
        "WSAETIMEDOUT",
        "A connection attempt failed because the connected party did not properly respond after "
        "a period of time, or established connection failed because connected host has failed "
        "to respond.",
    ),
    WSAECONNREFUSED: (
        "WSAECONNREFUSED",
        "No connection could be made because the target machine actively refused it.",
    ),
    WSAEHOSTDOWN: (
        "WSAEHOSTDOWN",
        "A socket operation failed because the destination host was down.",
    ),
    WSAEHOSTUNREACH: (
        "WSAEHOSTUNREACH",
        "A socket operation was attempted to an unreachable host.",
    ),
}


def winsock_text(code: int) -> str | None:
    """``NAME (number): text`` for a Winsock error number; None for any other number."""
    known = WINSOCK_ERRORS.get(code)
    if known is None:
        return None
    name, text = known
    return f"{name} ({code}): {text}"
