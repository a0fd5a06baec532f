"""The ISENet search and command level, 41797/udp (Lantronix 77FEh, read-only queries only).

One :class:`ISENetClient` owns one UDP socket bound to ``(source_address, 41797)`` — the vendor
document's exact path PC:41797 ↔ ISENet:41797 — and asks devices by unicast
(:meth:`ISENetClient.query_all`, FLOW-ADD / DIAG-ISENET) or by broadcast
(:meth:`ISENetClient.search`, FLOW-SEARCH). Replies are dispatched by their source address.

SAFETY: :func:`_checked_query` is the single gate of every ``sendto`` in this module: only the
4-byte queries ``00 00 00 F6`` and ``00 00 00 F4`` pass, and only to the command port. A reset
(``03``), a configuration write (``FA``/``FC``/``FD``), the setup record (``F8``, which carries the
device password) or any longer frame raises ``ValueError`` before it reaches a socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import heapq
import socket
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from ..errors import EnvironmentProblem
from ..results import Outcome, ProbeResult
from ..site import QUERY_F4, QUERY_F6
from ..texts import Said, say
from . import local
from .isenet_results import (
    Observed,
    SearchResult,
    Target,
    build_search_result,
    target_result,
)
from .isenet_wire import (
    F5_HEADER,
    F7_HEADER,
    DeviceInfo,
    ISENetParseError,
    SocketError,
    parse_f5,
    parse_f7,
    read_socket_errors,
)
from .sockets import (
    classify_errno,
    enable_recverr,
    enlarge_receive_buffer,
    os_error_code,
    os_error_text,
)
from .winsock import WSAEACCES, WSAEADDRINUSE

__all__ = [
    "COMMAND_PORT",
    "DeviceInfo",
    "ISENetClient",
    "ISENetParseError",
    "SearchResult",
    "broadcast_targets",
    "parse_f5",
    "parse_f7",
]

COMMAND_PORT = 41797
LIMITED_BROADCAST = "255.255.255.255"
#: On average at most one frame per half millisecond leaves the client (2,000 frames/s, about
#: 0.7 Mbit/s of 4-byte queries: bounded, and a thousand ISENets are asked within a second).
FRAME_INTERVAL = 0.0005
#: Frames that may leave back to back before the pacing sleeps.
SEND_BURST = 16
#: Tries of one send while other destinations' ICMP errors are pending on the socket.
SEND_TRIES = 8
_IN_USE = (errno.EADDRINUSE, WSAEADDRINUSE)
#: Errors an unconnected Linux socket with IP_RECVERR may raise on send for an earlier packet.
_PENDING_ICMP = (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN)
_NO_PERMISSION = (errno.EACCES, errno.EPERM, WSAEACCES)


def _checked_query(frame: bytes) -> bytes:
    """Return ``frame`` if it is exactly the read-only F6 or F4 query; ValueError otherwise."""
    if frame not in (QUERY_F6, QUERY_F4):
        raise ValueError(
            f"refusing to send {bytes(frame[:16]).hex(' ')!r} to an ISENet: only the read-only "
            "queries 00 00 00 f6 and 00 00 00 f4 are ever sent"
        )
    return bytes(frame)


def _targets_for(source_address: str) -> list[str]:
    addrs = local.local_addresses()
    if source_address in ("0.0.0.0", ""):
        found = [a.broadcast for a in addrs if a.broadcast]
    else:
        iface = local.interface_of(source_address)
        found = [iface.broadcast] if iface and iface.broadcast else []
    return list(dict.fromkeys([*found, LIMITED_BROADCAST]))


def _noted(result: ProbeResult, *notes: Said) -> ProbeResult:
    new = [n for n in notes if n not in result.said_notes]
    return dataclasses.replace(result, said_notes=(*result.said_notes, *new))


def broadcast_targets(source_address: str) -> list[str]:
    """The subnet-directed broadcast of ``source_address``'s interface, then 255.255.255.255.

    For a 127.x address on Linux that is ``127.255.255.255``; for the wildcard ``0.0.0.0`` every
    interface's broadcast address.
    """
    return _targets_for(source_address)


def unaddressed_error(exc: OSError) -> SocketError:
    """The error a receive raised with no address: on Windows an unconnected UDP socket raises
    ``ConnectionResetError`` 10054 after an ICMP port unreachable for *any* earlier send."""
    outcome, error_class = classify_errno(os_error_code(exc))
    detail = say("p.isenet.unaddressed", reason=os_error_text(exc))
    return SocketError(None, None, outcome, error_class, detail)


def blame_unaddressed(error: SocketError, targets: Mapping[str, Target]) -> list[Target]:
    """Where an error with no address goes: to the one address still waiting (it can be no
    other's); with several waiting, to none of them — each keeps a note that a reset came
    while it waited, and is returned, to be asked again alone if it stays silent."""
    waiting = [t for t in targets.values() if not t.finished]
    if len(waiting) == 1:
        only = waiting[0]
        detail = say("p.isenet.only_waiting", error=error.detail, address=only.address)
        only.add_error(dataclasses.replace(error, address=only.address, detail=detail))
        return []
    for target in waiting:
        target.unattributed_resets += 1
        if target.unattributed_resets == 1:
            target.notes.append(UNATTRIBUTED_NOTE)
    return waiting


@dataclass
class _Reply:
    address: str
    port: int
    data: bytes
    at: float


@dataclass
class _Inbox:
    """What the socket reader collected, in arrival order."""

    events: asyncio.Queue[_Reply | SocketError] = field(default_factory=asyncio.Queue)


OVERLAP_NOTE = say("p.isenet.overlap")
UNATTRIBUTED_NOTE = say("p.isenet.unattributed")
ALONE_NOTE = say("p.isenet.alone")
#: At most this many addresses are asked again one at a time after an unattributed reset.
MAX_ASKED_ALONE = 32
NOT_ALONE_NOTE = say("p.isenet.not_alone", limit=MAX_ASKED_ALONE)
REASKED_NOTE = say("p.isenet.reasked")


@dataclass
class _OverlapSearch:
    """What the broadcast search of :meth:`ISENetClient.query_and_search` sent and heard, and
    which queried addresses' answers it made ambiguous.

    Every F6 is answered by one F7, and a unicast F6 and a broadcast F6 get the same F7. So,
    for a queried address: F7s before the first broadcast answer its own query; after it, an F7
    is the unicast answer only when the address has sent more F7s since then than broadcasts
    went out (one of them must answer the unicast), and it answered the search only when it
    has sent more F7s in all than unicast F6s were sent to it. Anything else is held back.
    """

    broadcasts: list[str]
    queried: Mapping[str, Target]
    started: float = field(default_factory=time.time)
    first_send: float = 0.0  # monotonic; 0 until the first broadcast
    rounds_sent: int = 0
    sent: dict[str, SocketError | None] = field(default_factory=dict)
    replies: list[Observed] = field(default_factory=list)
    errors: list[SocketError] = field(default_factory=list)
    before: Counter[str] = field(default_factory=Counter)  # F7s before the first broadcast
    after: Counter[str] = field(default_factory=Counter)  # F7s since
    held: set[str] = field(default_factory=set)  # an F7 that may only have answered the search

    def take(self, event: _Reply | SocketError, f6_sent: Mapping[str, int]) -> bool:
        """Record what ``event`` tells the search; True keeps it from the unicast query."""
        if isinstance(event, SocketError):
            if event.address in self.broadcasts:
                self.errors.append(event)
                return True
            return False
        began = bool(self.first_send) and event.at >= self.first_send
        address, asked = event.address, self.queried.get(event.address)
        if asked is None:
            if began:
                self._heard(event)
            return began
        if event.data[:4] != F7_HEADER:
            return False  # an F5 or garbage: the search never asks F4
        if not began:
            self.before[address] += 1
            return False
        self.after[address] += 1
        if self.before[address] + self.after[address] > f6_sent.get(address, 0):
            self._heard(event)
        if asked.f7 and asked.f7 != event.data:
            return False  # a second device on the address: the unicast result shows it too
        if self.before[address] or self.after[address] > self.rounds_sent:
            return False
        self.held.add(address)
        return True

    def _heard(self, event: _Reply) -> None:
        self.replies.append((event.address, event.port, event.data, event.at - self.first_send))


class ISENetClient:
    """One UDP socket on ``(source_address, port)`` asking ISENets on their command port.

    Usage: ``async with ISENetClient("192.168.20.5") as client: await client.query_all([...])``.
    If ``port`` is held by another program, the client falls back to an ephemeral port and says
    in :attr:`notes` (and so in every evidence) who holds it and that the document's path was
    not exercised.
    """

    def __init__(
        self,
        source_address: str = "0.0.0.0",
        port: int = COMMAND_PORT,
        *,
        command_port: int = COMMAND_PORT,
        frame_interval: float = FRAME_INTERVAL,
    ) -> None:
        self.source_address, self.port, self.command_port = source_address, port, command_port
        self.frame_interval = frame_interval
        self.notes: tuple[Said, ...] = ()
        self.bound: tuple[str, int] = (source_address, 0)
        self.recverr = False
        self.strays: list[tuple[str, int, bytes]] = []  # replies from addresses not asked
        self._sock: socket.socket | None = None
        self._inbox: _Inbox | None = None
        self._poller: asyncio.Task[None] | None = None
        self._reader = False
        self._next_send = 0.0
        self._f6_sent: Counter[str] = Counter()  # unicast F6 frames sent, per address
        self._search: _OverlapSearch | None = None  # set while query_and_search runs

    @property
    def exact_path(self) -> bool:
        """True when the socket holds the requested port (the document's PC:41797)."""
        return self.bound[1] == self.port

    async def __aenter__(self) -> ISENetClient:
        self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        """Create and bind the socket and start reading it (call inside a running loop)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            sock.setblocking(False)
            self.notes = tuple(self._bind(sock))
        except BaseException:
            sock.close()
            raise
        enlarge_receive_buffer(sock)
        self._sock, self._inbox = sock, _Inbox()
        self.bound = sock.getsockname()[:2]
        self.recverr = enable_recverr(sock)
        self._start_reading(asyncio.get_running_loop())

    def close(self) -> None:
        """Stop reading and close the socket (idempotent)."""
        if self._sock is None:
            return
        if self._reader:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._sock.fileno())
        if self._poller is not None:
            self._poller.cancel()
        self._sock.close()
        self._sock, self._reader, self._poller = None, False, None

    def _bind(self, sock: socket.socket) -> list[Said]:
        wanted = (self.source_address, self.port)
        try:
            sock.bind(wanted)
            return []
        except OSError as exc:
            code = os_error_code(exc)
            if code not in _IN_USE + _NO_PERMISSION:
                raise EnvironmentProblem(
                    f"cannot bind {wanted[0]}:{wanted[1]}/udp: {os_error_text(exc)}"
                ) from exc
            note = self._bind_note(code)
        try:
            sock.bind((self.source_address, 0))
        except OSError as exc:
            raise EnvironmentProblem(f"cannot bind {self.source_address}/udp: {exc}") from exc
        return [note]

    def _bind_note(self, code: int | None) -> Said:
        where = f"{self.source_address}:{self.port}/udp"
        path = say("p.isenet.path", port=self.port, command_port=self.command_port)
        if code in _IN_USE:
            holder = local.port_holders(self.source_address, self.port, "udp")
            return say("p.isenet.held", where=where, holder=holder, path=path)
        return say("p.isenet.not_permitted", where=where, path=path)

    def _start_reading(self, loop: asyncio.AbstractEventLoop) -> None:
        assert self._sock is not None
        try:
            loop.add_reader(self._sock.fileno(), self._drain)
            self._reader = True
        except NotImplementedError:  # e.g. the Windows proactor loop: poll instead
            self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while self._sock is not None:
            self._drain()
            await asyncio.sleep(0.002)

    def _drain(self) -> None:
        """Move every queued ICMP error and datagram of the socket into the inbox."""
        sock, inbox = self._sock, self._inbox
        if sock is None or inbox is None:
            return
        for err in read_socket_errors(sock) if self.recverr else []:
            inbox.events.put_nowait(err)
        for _ in range(512):
            try:
                data, addr = self._receive(sock)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # Windows: an ICMP error of an earlier send (10054)
                if not self.recverr:
                    inbox.events.put_nowait(unaddressed_error(exc))
                continue
            inbox.events.put_nowait(_Reply(addr[0], addr[1], data, time.monotonic()))

    def _receive(self, sock: socket.socket) -> tuple[bytes, tuple[str, int]]:
        """One datagram and its sender: the one place a socket error of a receive enters."""
        data, addr = sock.recvfrom(2048)
        return data, (str(addr[0]), int(addr[1]))

    async def _send(self, frame: bytes, address: str) -> SocketError | None:
        """Send one guarded frame to ``address``'s command port, at most one per interval."""
        assert self._sock is not None
        frame = _checked_query(frame)
        # Token bucket: on average one frame per interval, in bursts of at most SEND_BURST.
        # The slot is taken before sleeping, so the search's broadcasts and the unicast retries
        # (two tasks in query_and_search) share the pace.
        now = time.monotonic()
        slot = max(self._next_send, now - SEND_BURST * self.frame_interval)
        self._next_send = slot + self.frame_interval
        if slot > now:
            await asyncio.sleep(slot - now)
        for attempt in range(SEND_TRIES):
            try:
                self._sock.sendto(frame, (address, self.command_port))
                return None
            except (BlockingIOError, InterruptedError):
                await asyncio.sleep(0.005)
            except OSError as exc:
                if self.recverr and exc.errno in _PENDING_ICMP and attempt < SEND_TRIES - 1:
                    # Linux reports an ICMP error that came back for an *earlier* destination
                    # on the next send; draining the error queue files it under its own
                    # destination and clears it, then this send is tried again.
                    self._drain()
                    continue
                outcome, error_class = classify_errno(os_error_code(exc))
                return SocketError(
                    address,
                    self.command_port,
                    outcome,
                    error_class,
                    say("p.isenet.send_failed", reason=os_error_text(exc), attempt=attempt + 1),
                )
        return SocketError(
            address,
            self.command_port,
            Outcome.ERROR,
            "error",
            say("p.isenet.send_tries", tries=SEND_TRIES),
        )

    async def _next_event(self, until: float) -> _Reply | SocketError | None:
        """The next event; one that has already arrived is returned even when ``until`` is past.

        On a busy loop (a thousand TCP probes beside the query) a reply can sit in the inbox
        until after its address's deadline: it still counts, it is never mistaken for silence.
        """
        assert self._inbox is not None
        with contextlib.suppress(asyncio.QueueEmpty):
            return self._inbox.events.get_nowait()
        remaining = until - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return await asyncio.wait_for(self._inbox.events.get(), remaining)
        except asyncio.TimeoutError:
            return None

    async def query_all(
        self,
        addresses: Iterable[str],
        *,
        queries: Sequence[bytes] = (QUERY_F6, QUERY_F4),
        timeout: float = 2.0,
        retries: int = 2,
    ) -> dict[str, ProbeResult]:
        """Ask every address; one ProbeResult per address (see module docs for the outcomes).

        Silent addresses (and unanswered queries) are asked again up to ``retries`` times; the
        call returns as soon as every address answered or failed, at the latest after
        ``timeout × (retries + 1)``.
        """
        targets, due = await self._first_round(addresses, queries, timeout)
        await self._pursue(targets, due, timeout, retries)
        answers = {a: target_result(t, self._context()) for a, t in targets.items()}
        answers.update(await self._ask_alone(targets, queries, timeout))
        return answers

    async def _ask_alone(
        self, targets: Mapping[str, Target], queries: Sequence[bytes], timeout: float
    ) -> dict[str, ProbeResult]:
        """Ask each address that stayed silent while an unattributed reset came again, one at
        a time (one try each, at most MAX_ASKED_ALONE): a reset then is the asked address's."""
        silent = [a for a, t in targets.items() if t.unattributed_resets and t.silent]
        again: dict[str, ProbeResult] = {}
        for address in silent[:MAX_ASKED_ALONE]:
            alone = await self.query_all([address], queries=queries, timeout=timeout, retries=0)
            again[address] = _noted(alone[address], *targets[address].notes, ALONE_NOTE)
        context = self._context()
        for address in silent[MAX_ASKED_ALONE:]:
            again[address] = _noted(target_result(targets[address], context), NOT_ALONE_NOTE)
        return again

    async def _first_round(
        self, addresses: Iterable[str], queries: Sequence[bytes], timeout: float
    ) -> tuple[dict[str, Target], list[tuple[float, str]]]:
        """Ask every address once; the targets, and a heap of when each is to be asked again."""
        frames = [_checked_query(q) for q in queries]
        targets = {a: Target(a, frames) for a in dict.fromkeys(addresses)}
        due: list[tuple[float, str]] = []  # in sending order: already a heap
        for target in targets.values():
            await self._ask(target)
            due.append((time.monotonic() + timeout, target.address))
        return targets, due

    async def _pursue(
        self, targets: dict[str, Target], due: list[tuple[float, str]], timeout: float, retries: int
    ) -> None:
        """Wait for answers; ask each silent address again when *its* timeout has passed.

        Each address has its own deadline from when its frames went out, so retries of the
        first addresses overlap the sending to the last ones: a large site costs the sending
        time plus ``timeout x (retries + 1)``, not that per round. The deadlines are a heap and
        the unfinished addresses a set: each wake-up costs the deadlines it handles, not a
        look at every address (a thousand ISENets wake it a few hundred times).
        """
        waiting = {a for a, t in targets.items() if not t.finished}
        while waiting:
            await self._collect(targets, waiting, due[0][0])
            now = time.monotonic()
            while due and due[0][0] <= now:
                _, address = heapq.heappop(due)
                target = targets[address]
                if target.finished or target.attempts > retries:  # answered, or silent
                    waiting.discard(address)
                    continue
                await self._ask(target)
                heapq.heappush(due, (time.monotonic() + timeout, address))

    async def _ask(self, target: Target) -> None:
        target.attempts += 1
        for frame in target.pending_frames():
            self._f6_sent[target.address] += frame == QUERY_F6
            failure = await self._send(frame, target.address)
            target.mark_sent(frame, time.monotonic(), failure)

    async def _collect(self, targets: dict[str, Target], waiting: set[str], until: float) -> None:
        """Dispatch answers until every ``waiting`` address is finished or ``until`` has come;
        ``waiting`` loses each address that finishes by an answer (one that failed to send
        leaves it when its deadline comes: :meth:`_pursue`)."""
        self._drain()  # what the kernel already holds is judged before any deadline
        while waiting:  # a set, not a scan of every target per answer: N answers, not N x N
            event = await self._next_event(until)
            if event is None:
                return
            if self._search is not None and self._search.take(event, self._f6_sent):
                continue
            self._dispatch(event, targets)
            if event.address in waiting and targets[event.address].finished:
                waiting.discard(event.address)
            elif event.address is None:  # an error with no address may have gone to any target
                waiting.difference_update([a for a in waiting if targets[a].finished])

    def _dispatch(self, event: _Reply | SocketError, targets: dict[str, Target]) -> None:
        if isinstance(event, SocketError):
            if event.address in targets:
                targets[event.address].add_error(event)
            elif event.address is None:
                blame_unaddressed(event, targets)
            return
        target = targets.get(event.address)
        if target is None:
            self.strays.append((event.address, event.port, event.data))
            return
        target.add_reply(event.data, event.port, event.at, self.command_port)

    def _context(self) -> dict[str, object]:
        return {
            "source": self.bound[0],
            "source_port": self.bound[1],
            "port": self.command_port,
            "notes": self.notes,
        }

    async def query_and_search(
        self,
        addresses: Iterable[str],
        *,
        queries: Sequence[bytes] = (QUERY_F6, QUERY_F4),
        timeout: float = 2.0,
        retries: int = 2,
        window: float = 2.0,
        broadcast_targets: Sequence[str] | None = None,
        rounds: int = 1,
    ) -> tuple[dict[str, ProbeResult], SearchResult]:
        """:meth:`query_all` and :meth:`search` overlapped on this one socket (PC:41797): the
        broadcast goes out as soon as every address has been asked once, while the unicast
        retries run, so a site costs one window less.

        Which F6 an F7 answered is counted, never guessed (see :class:`_OverlapSearch`); an
        address whose only answers could have been to the broadcast is asked again once the
        search is over, and its result says so.
        """
        targets, due = await self._first_round(addresses, queries, timeout)
        search = _OverlapSearch(list(broadcast_targets or _targets_for(self.bound[0])), targets)
        self._search = search
        sender = asyncio.create_task(self._broadcast_rounds(search, window, rounds))
        try:
            await self._pursue(targets, due, timeout, retries)
            await sender
            while (event := await self._next_event(search.first_send + window)) is not None:
                search.take(event, self._f6_sent)  # a late unicast answer is dropped, as ever
        finally:
            sender.cancel()
            self._search = None
        context = self._context()
        answers = {a: target_result(t, context) for a, t in targets.items()}
        answers.update(await self._ask_alone(targets, queries, timeout))
        unsure = [a for a in targets if a in search.held and targets[a].info is None]
        if unsure:  # ask them again with no broadcast out: only that answer is theirs for sure
            again = await self.query_all(unsure, queries=queries, timeout=timeout, retries=retries)
            answers.update({a: _noted(r, REASKED_NOTE) for a, r in again.items()})
        context["notes"] = (*self.notes, OVERLAP_NOTE)
        found = build_search_result(
            search.broadcasts,
            search.sent,
            search.replies,
            search.errors,
            started=search.started,
            window=window,
            context=context,
        )
        unattributed = tuple(sorted(search.held - found.addresses))
        return answers, dataclasses.replace(found, unattributed=unattributed)

    async def _broadcast_rounds(self, search: _OverlapSearch, window: float, rounds: int) -> None:
        search.first_send = time.monotonic()
        for round_number in range(max(1, rounds)):
            start = search.first_send + window * round_number / max(1, rounds)
            await asyncio.sleep(max(0.0, start - time.monotonic()))
            search.rounds_sent += 1  # before sending: an answer may come back at once
            await self._broadcast(search.broadcasts, search.sent, round_number)

    async def _broadcast(
        self, targets: Sequence[str], sent: dict[str, SocketError | None], round_number: int
    ) -> None:
        """One round of the search: F6 to each broadcast address; ``sent`` keeps each address's
        first round's send failure (or None)."""
        for address in targets:
            failure = await self._send(QUERY_F6, address)
            sent[address] = sent.get(address, failure) if round_number else failure

    async def search(
        self,
        *,
        window: float = 2.0,
        broadcast_targets: Sequence[str] | None = None,
        rounds: int = 1,
    ) -> SearchResult:
        """Broadcast F6 to each target and collect every reply until ``window`` has passed.

        With ``rounds`` > 1 the broadcast is repeated at even steps within the window, so a
        device whose reply was lost (hundreds answer at the same instant) answers again;
        identical replies are counted once. Default targets: :func:`broadcast_targets` of the
        bound source address.
        """
        found, _firmware = await self._search_rounds(window, broadcast_targets, rounds, ())
        return found

    async def search_with_firmware(
        self,
        *,
        window: float = 2.0,
        broadcast_targets: Sequence[str] | None = None,
        rounds: int = 1,
    ) -> tuple[SearchResult, list[tuple[str, bytes]]]:
        """:meth:`search`, with the F4 query broadcast after each F6 (``sesam-accept init
        --discover``): the F7 replies make the :class:`SearchResult`; the F5 replies come back
        as ``(address, reply)`` pairs, in arrival order, for :func:`parse_f5`."""
        return await self._search_rounds(window, broadcast_targets, rounds, (QUERY_F4,))

    async def _search_rounds(
        self,
        window: float,
        broadcast_targets: Sequence[str] | None,
        rounds: int,
        also: Sequence[bytes],
    ) -> tuple[SearchResult, list[tuple[str, bytes]]]:
        targets = list(broadcast_targets or _targets_for(self.bound[0]))
        started = time.time()
        sent: dict[str, SocketError | None] = {}
        first_send = time.monotonic()
        replies: list[_Reply] = []
        errors: list[SocketError] = []
        for round_number in range(max(1, rounds)):
            await self._broadcast(targets, sent, round_number)
            for frame in also:
                failures = [await self._send(frame, address) for address in targets]
                errors += [f for f in failures if f is not None]
            step_end = first_send + window * (round_number + 1) / max(1, rounds)
            more, failed = await self._gather(step_end)
            replies += more
            errors += failed
        # Only a search that asked F4 sets its F5 replies apart; the plain search keeps every
        # reply that is not an F7 as garbage, as it always has.
        f5 = [(r.address, r.data) for r in replies if also and r.data[:4] == F5_HEADER]
        observed = [
            (r.address, r.port, r.data, r.at - first_send)
            for r in replies
            if not (also and r.data[:4] == F5_HEADER)
        ]
        found = build_search_result(
            targets,
            sent,
            observed,
            errors,
            started=started,
            window=window,
            context=self._context(),
        )
        return found, f5

    async def _gather(self, until: float) -> tuple[list[_Reply], list[SocketError]]:
        replies: list[_Reply] = []
        errors: list[SocketError] = []
        while (event := await self._next_event(until)) is not None:
            if isinstance(event, _Reply):
                replies.append(event)
            else:
                errors.append(event)
        return replies, errors
