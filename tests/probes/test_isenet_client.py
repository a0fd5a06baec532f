"""The ISENet client against real sockets on 127.0.2.x: the simulated ISENet and raw UDP peers."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import Any, TypeVar

import psutil
import pytest

from sesam_accept.errors import EnvironmentProblem
from sesam_accept.probes.isenet import ISENetClient, broadcast_targets
from sesam_accept.probes.isenet_results import SearchResult
from sesam_accept.results import Outcome, ProbeResult
from sesam_accept.simulator.isenet_device import (
    ISENetResponder,
    SimulatedDevice,
    build_f5,
    build_f7,
)
from sesam_accept.site import QUERY_F4, QUERY_F6

from .peers import udp_peer

PC = "127.0.2.1"
TIMEOUT = 0.3
T = TypeVar("T")


def free_udp_port(address: str = PC) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


class RawPeer:
    """A UDP socket on ``address:port`` (default 41797) that answers every datagram via
    ``reply`` (b"": no answer), from ``from_port`` if given. With ``listen`` it hears datagrams
    sent to that address instead (a broadcast address) and answers from ``address:port``, whose
    own socket then hears the unicast frames and answers none."""

    def __init__(
        self,
        address: str,
        reply: Callable[[bytes], bytes],
        from_port: int = 0,
        *,
        port: int = 41797,
        listen: str | None = None,
    ) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if listen:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((listen or address, port))
        self.sock.settimeout(0.05)
        self.out = self.sock
        if from_port or listen:
            self.out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.out.bind((address, from_port or port))
        self.reply = reply
        self.seen: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                data, src = self.sock.recvfrom(2048)
            except (TimeoutError, OSError):
                continue
            self.seen.append(data)
            if answer := self.reply(data):  # b"": stay silent
                self.out.sendto(answer, src)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(1.0)
        self.sock.close()
        self.out.close()


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def _query(
    addresses: list[str], source: str = PC, queries: Sequence[bytes] = (QUERY_F6, QUERY_F4)
) -> dict[str, ProbeResult]:
    async with ISENetClient(source) as client:
        return await client.query_all(addresses, queries=queries, timeout=TIMEOUT, retries=1)


@pytest.fixture
def devices() -> Iterator[ISENetResponder]:
    devs = [
        SimulatedDevice("ISE-1", "127.0.2.10", mac="00:20:4A:00:02:10", serial=4711),
        SimulatedDevice(
            "ISE-2", "127.0.2.11", mac="00:20:4A:00:02:11", serial=12, firmware="6.1.0.0"
        ),
        SimulatedDevice("ISE-MUTE", "127.0.2.12", answer=False),
    ]
    with ISENetResponder(devs, broadcasts=[]) as responder:
        yield responder


def test_answering_devices_are_open_with_every_fact(devices: ISENetResponder) -> None:
    results = run(_query(["127.0.2.10", "127.0.2.11"]))
    first = results["127.0.2.10"]
    assert first.outcome is Outcome.OPEN
    facts = first.evidence.facts
    assert facts["device_type"] == "X5K"
    assert facts["mac"] == "00:20:4A:00:02:10"
    assert facts["serial"] == "4711"
    assert facts["firmware"] == "6.5.0.7"
    assert facts["reply_port"] == 41797
    assert 0 <= facts["rtt_ms"] < TIMEOUT * 1000
    assert results["127.0.2.11"].evidence.facts["firmware"] == "6.1.0.0"
    ev = first.evidence_in("en")
    assert (ev.source, ev.source_port, ev.port, ev.protocol) == (PC, 41797, 41797, "udp")
    assert ev.sent_hex == "00 00 00 f6 | 00 00 00 f4"
    assert ev.answer_hex.startswith("00 00 00 f7")
    assert ev.attempts == 1
    assert ev.notes == ()
    assert devices.ignored_frames == 0
    assert devices.data_bytes_received == 0


@pytest.mark.timeout(20)
def test_all_answered_returns_early(devices: ISENetResponder) -> None:
    async def patient() -> dict[str, ProbeResult]:
        async with ISENetClient(PC) as client:  # a minute's timeout, never waited for
            return await client.query_all(["127.0.2.10", "127.0.2.11"], timeout=60, retries=2)

    results = run(patient())
    assert {r.outcome for r in results.values()} == {Outcome.OPEN}
    assert len(devices.state.frames) == 4  # F6 and F4 once each: no retry was sent


def test_silent_device_times_out_after_the_retries(devices: ISENetResponder) -> None:
    results = run(_query(["127.0.2.12", "127.0.2.10"]))
    mute = results["127.0.2.12"]
    assert mute.outcome is Outcome.TIMEOUT
    assert "Kann Seriennummer nicht ermitteln" in mute.text("en")
    assert mute.evidence.attempts == 2
    assert results["127.0.2.10"].evidence.attempts == 1  # only the silent one is asked again
    mute_frames = [f for f in devices.state.frames if f.on == "127.0.2.12"]
    assert len(mute_frames) == 4  # F6 and F4, twice


def test_closed_port_is_refused_from_the_icmp_error(devices: ISENetResponder) -> None:
    results = run(_query(["127.0.2.13", "127.0.2.10"]))
    closed = results["127.0.2.13"]
    assert closed.outcome is Outcome.REFUSED
    assert closed.evidence.error_class == "refused"
    assert "ICMP type 3 code 3" in closed.text("en")
    assert results["127.0.2.10"].outcome is Outcome.OPEN  # the error did not leak to it
    assert closed.evidence.attempts == 1  # an ICMP error is an answer: not asked again


def test_garbage_is_a_wrong_answer_with_the_bytes_kept() -> None:
    peer = RawPeer("127.0.2.20", lambda data: b"HELLO-" + data)
    try:
        results = run(_query(["127.0.2.20"]))
    finally:
        peer.close()
    res = results["127.0.2.20"]
    assert res.outcome is Outcome.WRONG_ANSWER
    assert res.evidence.answer_hex.startswith(b"HELLO-".hex(" "))
    assert any("unusable reply" in n for n in res.evidence_in("en").notes)
    assert peer.seen[0] == QUERY_F6


def test_a_valid_reply_from_another_port_is_open_and_noted() -> None:
    dev = SimulatedDevice("P", "127.0.2.21", mac="00:20:4A:00:02:21", serial=3)
    port = free_udp_port("127.0.2.21")
    peer = RawPeer("127.0.2.21", lambda d: build_f7(dev) if d == QUERY_F6 else build_f5(dev), port)
    try:
        results = run(_query(["127.0.2.21"]))
    finally:
        peer.close()
    res = results["127.0.2.21"]
    assert res.outcome is Outcome.OPEN
    assert res.evidence.facts["reply_port"] == port
    assert f"reply came from port {port}, not 41797" in res.evidence_in("en").notes


def test_two_devices_on_one_address_are_flagged() -> None:
    devs = [
        SimulatedDevice("A", "127.0.2.22", mac="00:20:4A:00:02:22", serial=1),
        SimulatedDevice("B", "127.0.2.22", mac="00:20:4A:00:02:23", serial=2),
    ]
    with ISENetResponder(devs, broadcasts=[]):
        results = run(_query(["127.0.2.22"]))
    res = results["127.0.2.22"]
    assert res.outcome is Outcome.OPEN
    assert res.evidence.facts["conflicting_answers"] is True
    assert any("second, different F7" in n for n in res.evidence_in("en").notes)


def test_a_late_second_answer_to_an_answered_address_is_a_conflict() -> None:
    """Two devices on one IP, the second slower than the timeout: its F7 comes while the query
    still waits for a silent address. It counts against the address it came from (it used to
    be dropped as a stray once that address had answered)."""
    first = SimulatedDevice("A", "127.0.2.25", mac="00:20:4A:00:02:25", serial=1)
    second = SimulatedDevice("B", "127.0.2.25", mac="00:20:4A:00:02:26", serial=2)
    timers: list[threading.Timer] = []

    def reply(data: bytes, src: tuple[str, int], sock: socket.socket) -> None:
        if data == QUERY_F6:
            sock.sendto(build_f7(first), src)
            timers.append(threading.Timer(TIMEOUT * 1.5, sock.sendto, (build_f7(second), src)))
            timers[-1].start()
        else:
            sock.sendto(build_f5(first), src)

    async def query() -> dict[str, ProbeResult]:  # the silent address holds it open 3 timeouts
        async with ISENetClient(PC) as client:
            return await client.query_all(["127.0.2.25", "127.0.2.26"], timeout=TIMEOUT, retries=2)

    silent = RawPeer("127.0.2.26", lambda _: b"")
    with udp_peer("127.0.2.25", reply, port=41797):
        try:
            results = run(query())
        finally:
            silent.close()
            for timer in timers:
                timer.cancel()
    assert len(timers) == 1  # one F6 reached the pair: the second F7 answered that one
    assert results["127.0.2.26"].outcome is Outcome.TIMEOUT
    res = results["127.0.2.25"]
    assert res.evidence.facts["conflicting_answers"] is True
    assert any("second, different F7" in n for n in res.evidence_in("en").notes)


def test_unsafe_queries_are_refused_before_anything_is_sent(devices: ISENetResponder) -> None:
    for frame in (bytes.fromhex("000000F8"), bytes.fromhex("00000003"), QUERY_F6 + b"\x00"):
        with pytest.raises(ValueError, match="refusing to send"):
            run(_query(["127.0.2.10"], queries=[QUERY_F6, frame]))
    # A marker sent after the refusals: once the responder has it, what came before is in too.
    marker = b"marker: sent after the refusals"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(marker, ("127.0.2.10", devices.devices[0].command_port))
    assert devices.wait_until(lambda: any(f.data == marker for f in devices.state.frames))
    assert [f for f in devices.state.frames if f.data != marker] == []


def test_held_port_falls_back_and_names_this_process(devices: ISENetResponder) -> None:
    holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    holder.bind(("127.0.2.50", 41797))
    try:
        results = run(_query(["127.0.2.10"], source="127.0.2.50"))
    finally:
        holder.close()
    ev = results["127.0.2.10"].evidence_in("en")
    assert results["127.0.2.10"].outcome is Outcome.OPEN
    assert ev.source_port != 41797
    name = psutil.Process(os.getpid()).name()
    note = " ".join(ev.notes)
    assert f"pid {os.getpid()} ({name})" in note
    assert "127.0.2.50:41797/udp is held by" in note
    assert "(PC:41797 ↔ ISENet:41797) was not exercised" in note


def test_exact_path_property_and_an_unbindable_source() -> None:
    async def check() -> None:
        async with ISENetClient("127.0.2.51") as client:
            assert client.exact_path
            assert client.bound == ("127.0.2.51", 41797)
        with pytest.raises(EnvironmentProblem, match="cannot bind"):
            async with ISENetClient("203.0.113.9"):
                pass

    run(check())


def test_polling_fallback_when_the_loop_has_no_add_reader(devices: ISENetResponder) -> None:
    class NoReaderLoop(asyncio.SelectorEventLoop):
        def add_reader(self, *args: object) -> None:  # type: ignore[override]
            raise NotImplementedError

    loop = NoReaderLoop()
    try:
        results = loop.run_until_complete(_query(["127.0.2.10", "127.0.2.13"]))
    finally:
        loop.close()
    assert results["127.0.2.10"].outcome is Outcome.OPEN
    assert results["127.0.2.13"].outcome is Outcome.REFUSED


def test_many_devices_cost_about_one_round() -> None:
    devs = [SimulatedDevice(f"D{i}", f"127.0.2.{100 + i}", serial=i) for i in range(60)]
    with ISENetResponder(devs, broadcasts=[]):
        results = run(_query([d.address for d in devs]))
    assert all(r.outcome is Outcome.OPEN for r in results.values())
    assert [r.evidence.facts["serial"] for r in results.values()] == [str(i) for i in range(60)]
    # one round: nobody was asked twice (speed itself is measured in bench/, not here)
    assert [r.evidence.attempts for r in results.values()] == [1] * 60


def test_answers_waiting_past_their_deadline_still_count() -> None:
    """Sending to every address takes longer than the timeout (as on a busy loop at a large
    site): replies that arrived while the later addresses were still being sent to must be
    read before the first addresses are given up, never taken for silence."""
    devs = [SimulatedDevice(f"D{i}", f"127.0.2.{100 + i}", serial=i) for i in range(30)]

    async def slow_query() -> dict[str, ProbeResult]:
        # 60 frames, 16 at once, then one per 20 ms: about 0.9 s of sending, timeout 0.3 s
        async with ISENetClient(PC, frame_interval=0.02) as client:
            return await client.query_all([d.address for d in devs], timeout=TIMEOUT, retries=0)

    with ISENetResponder(devs, broadcasts=[]):
        results = run(slow_query())
    outcomes = {a: r.outcome for a, r in results.items()}
    assert outcomes == {d.address: Outcome.OPEN for d in devs}
    assert {r.evidence.attempts for r in results.values()} == {1}


# --- search ---------------------------------------------------------------------------------


def test_broadcast_targets_of_a_loopback_source() -> None:
    assert broadcast_targets("127.0.2.1") == ["127.255.255.255", "255.255.255.255"]
    assert "255.255.255.255" in broadcast_targets("0.0.0.0")


def test_search_finds_every_device_and_the_duplicates() -> None:
    port = free_udp_port()
    mine = [
        SimulatedDevice("S1", "127.0.2.30", mac="00:20:4A:00:02:30", serial=30, command_port=port),
        SimulatedDevice("S2", "127.0.2.31", mac="00:20:4A:00:02:31", serial=31, command_port=port),
        SimulatedDevice("S3a", "127.0.2.32", mac="00:20:4A:00:02:32", serial=32, command_port=port),
        SimulatedDevice("S3b", "127.0.2.32", mac="00:20:4A:00:02:33", serial=33, command_port=port),
        SimulatedDevice("S4", "127.0.2.34", mac="00:20:4A:00:02:30", serial=34, command_port=port),
        SimulatedDevice("MUTE", "127.0.2.35", command_port=port, answer=False),
    ]

    async def search() -> SearchResult:
        async with ISENetClient(PC, port=port, command_port=port) as client:
            return await client.search(window=0.4, broadcast_targets=["127.255.255.255"])

    with ISENetResponder(mine, broadcasts=["127.255.255.255"]) as responder:
        result = run(search())
    found = {(d.address, d.info.serial) for d in result.devices if d.info}
    assert found == {
        ("127.0.2.30", 30),
        ("127.0.2.31", 31),
        ("127.0.2.32", 32),
        ("127.0.2.32", 33),
        ("127.0.2.34", 34),
    }
    assert all(d.reply_port == port for d in result.devices)
    dups = {(d.kind, d.key) for d in result.duplicates}
    assert dups == {("address", "127.0.2.32"), ("mac", "00:20:4A:00:02:30")}
    bcast = result.broadcasts["127.255.255.255"]
    assert bcast.outcome is Outcome.OPEN
    assert bcast.evidence.facts["devices"] == 4
    assert responder.ignored_frames == 0
    assert [f.on for f in responder.state.frames] == ["broadcast"]


def test_search_with_no_device_is_a_timeout_never_open() -> None:
    port = free_udp_port()

    async def search() -> SearchResult:
        async with ISENetClient(PC, port=port, command_port=port) as client:
            return await client.search(window=0.2, broadcast_targets=["127.255.255.255"])

    result = run(search())
    assert result.devices == ()
    assert result.broadcasts["127.255.255.255"].outcome is Outcome.TIMEOUT


def test_search_hears_hundreds_of_devices_answering_at_once() -> None:
    # 400 replies arrive within a millisecond: more than a default UDP receive buffer holds.
    port = free_udp_port()
    many = [
        SimulatedDevice(
            f"M{i}",
            f"127.0.{7 + i // 200}.{1 + i % 200}",
            mac=f"00:20:4A:07:{i // 256:02X}:{i % 256:02X}",
            serial=1000 + i,
            command_port=port,
        )
        for i in range(400)
    ]

    async def busy_engine() -> None:  # the run's other probes keep the event loop busy
        await asyncio.sleep(0)
        time.sleep(0.3)

    async def search() -> SearchResult:
        async with ISENetClient(PC, port=port, command_port=port) as client:
            found, _ = await asyncio.gather(
                client.search(window=1.0, broadcast_targets=["127.255.255.255"], rounds=2),
                busy_engine(),
            )
            return found

    with ISENetResponder(many, broadcasts=["127.255.255.255"]) as responder:
        result = run(search())
    # Without the enlarged receive buffer only ~256 of the 400 replies survive the busy loop.
    assert {d.address for d in result.devices} == {d.address for d in many}
    assert not result.duplicates  # the second round's identical replies are counted once
    assert [f.on for f in responder.state.frames] == ["broadcast", "broadcast"]


# --- query and search overlapped ------------------------------------------------------------


def test_query_and_search_share_the_socket_and_credit_each_f7_once() -> None:
    """Every device answers its unicast F6 and the broadcast F6 with one F7 each: both are
    credited; a mute one is silent in both; two devices on one address show in both."""
    port = free_udp_port()
    mine = [
        SimulatedDevice(f"Q{i}", f"127.0.2.{40 + i}", serial=40 + i, command_port=port)
        for i in range(5)
    ]
    mine += [
        SimulatedDevice("QDa", "127.0.2.46", mac="00:20:4A:00:02:46", serial=46, command_port=port),
        SimulatedDevice("QDb", "127.0.2.46", mac="00:20:4A:00:02:47", serial=47, command_port=port),
        SimulatedDevice("QMUTE", "127.0.2.49", command_port=port, answer=False),
    ]
    queried = sorted({d.address for d in mine})

    async def both() -> tuple[dict[str, ProbeResult], SearchResult]:
        async with ISENetClient(PC, port=port, command_port=port) as client:
            return await client.query_and_search(
                queried,
                timeout=TIMEOUT,
                retries=1,
                window=2 * TIMEOUT,
                broadcast_targets=["127.255.255.255"],
                rounds=2,
            )

    with ISENetResponder(mine, broadcasts=["127.255.255.255"]) as responder:
        answers, found = run(both())
    for dev in mine[:5]:
        assert answers[dev.address].outcome is Outcome.OPEN
        assert answers[dev.address].evidence.attempts == 1
    assert answers["127.0.2.49"].outcome is Outcome.TIMEOUT
    assert "two devices" in " ".join(answers["127.0.2.46"].evidence_in("en").notes)
    heard = {(d.address, d.info.serial) for d in found.devices if d.info}
    assert heard == {(d.address, d.serial) for d in mine if d.answer}
    assert ("address", "127.0.2.46") in {(d.kind, d.key) for d in found.duplicates}
    # the search went out while the mute address was still being asked (the overlap) ...
    mute = answers["127.0.2.49"].evidence
    bcast = found.broadcasts["127.255.255.255"].evidence
    assert bcast.started < mute.started + mute.elapsed_ms / 1000
    # ... and said so; every unicast frame and the two broadcast rounds reached the devices
    assert any("beside the unicast" in n.render("en") for n in found.notes)
    assert [f.on for f in responder.state.frames].count("broadcast") == 2


def _both_on_one_address(
    address: str, port: int, *, window: float
) -> tuple[dict[str, ProbeResult], SearchResult]:
    """query_and_search of one address (F6 only, no retry) whose 'broadcast' goes to the
    address itself, so that its peer hears the unicast and the search F6."""

    async def both() -> tuple[dict[str, ProbeResult], SearchResult]:
        async with ISENetClient(PC, port=port) as client:
            return await client.query_and_search(
                [address],
                queries=(QUERY_F6,),
                timeout=TIMEOUT,
                retries=0,
                window=window,
                broadcast_targets=[address],
            )

    return run(both())


def test_an_f7_owed_to_the_unicast_query_never_counts_for_the_search() -> None:
    """A device that answers one F6 in all, after the broadcast went out: one F7 cannot answer
    two queries, and which one it answered is unknown, so neither is credited with it."""
    port = free_udp_port()
    answered: list[bytes] = []

    def once(data: bytes) -> bytes:
        answered.append(data)
        # its one answer goes out when the broadcast F6 has come in too, after the unicast one
        return build_f7(SimulatedDevice("ONCE", "127.0.2.50")) if len(answered) == 2 else b""

    peer = RawPeer("127.0.2.50", once)

    try:
        answers, found = _both_on_one_address("127.0.2.50", port, window=TIMEOUT)
    finally:
        peer.close()
    # its one F7 came after the broadcast: it may answer either F6, so it counts for neither;
    # asked again alone it stays silent, and the search says it cannot tell
    unicast = answers["127.0.2.50"]
    assert unicast.outcome is Outcome.TIMEOUT
    assert any("asked again after the search" in n for n in unicast.evidence_in("en").notes)
    assert found.devices == ()
    assert found.unattributed == ("127.0.2.50",)


def test_an_address_that_answers_only_the_broadcast_is_not_credited_to_the_unicast() -> None:
    port = free_udp_port()
    # its unicast queries are lost (a firewall), but it answers a broadcast F6, from its address
    answer = build_f7(SimulatedDevice("BONLY", "127.0.2.51"))
    peer = RawPeer("127.0.2.51", lambda _data: answer, port=port, listen="127.255.255.255")

    async def both() -> tuple[dict[str, ProbeResult], SearchResult]:
        async with ISENetClient(PC, port=port, command_port=port) as client:
            return await client.query_and_search(
                ["127.0.2.51"],
                timeout=TIMEOUT,
                retries=1,
                window=2 * TIMEOUT,
                broadcast_targets=["127.255.255.255"],
                rounds=2,
            )

    try:
        answers, found = run(both())
    finally:
        peer.close()
    unicast = answers["127.0.2.51"]
    assert unicast.outcome is Outcome.TIMEOUT  # asked again with no broadcast out: silent
    assert any("asked again after the search" in n for n in unicast.evidence_in("en").notes)
    assert found.addresses == set()  # an F7 per unicast F6 sent: no proof it was the search's
    assert found.unattributed == ("127.0.2.51",)


def test_an_unsure_address_that_answers_when_asked_again_alone_is_open_and_noted() -> None:
    """Its only answer during the search could have been to the broadcast; asked again alone
    after the search, it answers: open, and the evidence says how it was decided."""
    port = free_udp_port()
    seen: list[float] = []
    answer = build_f7(SimulatedDevice("LATE", "127.0.2.52"))

    def first_and_much_later(data: bytes) -> bytes:
        now = time.monotonic()
        seen.append(now)
        # its first answer goes out when the broadcast F6 has come in too, after the unicast one
        return answer if len(seen) == 2 or now - seen[0] > 0.3 else b""

    peer = RawPeer("127.0.2.52", first_and_much_later)

    try:
        answers, found = _both_on_one_address("127.0.2.52", port, window=0.6)
    finally:
        peer.close()
    again = answers["127.0.2.52"]
    assert again.outcome is Outcome.OPEN
    assert any("asked again after the search" in n for n in again.evidence_in("en").notes)
    assert found.unattributed == ("127.0.2.52",)
