"""Parsers on arbitrary bytes: a result or the documented AnswerTooShort, nothing else."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from sesam_accept.probes import firebird, rpc, tftp
from sesam_accept.probes.sockets import AnswerTooShort, parse_extended_err

ARBITRARY = st.binary(max_size=300)
# Inputs that start like the real thing reach deeper branches.
FIREBIRD_LIKE = st.builds(
    lambda ops, tail: b"".join(struct.pack(">I", o) for o in ops) + tail,
    st.lists(st.sampled_from([71, 3, 92, 94, 98, 4, 9]), max_size=4),
    ARBITRARY,
)
RPC_LIKE = st.builds(
    lambda ptype, tail: bytes((5, 0, ptype)) + tail,
    st.sampled_from([2, 3, 12, 13, 15, 99]),
    ARBITRARY,
)
TFTP_LIKE = st.builds(lambda op, tail: struct.pack(">H", op) + tail, st.integers(0, 7), ARBITRARY)


@settings(max_examples=400, deadline=None)
@given(st.one_of(ARBITRARY, FIREBIRD_LIKE))
def test_firebird_parser(data: bytes) -> None:
    try:
        answer = firebird.parse_answer(data)
    except AnswerTooShort:
        return
    assert answer.is_firebird == (answer.op in firebird.FIREBIRD_OPS)


@settings(max_examples=400, deadline=None)
@given(st.one_of(ARBITRARY, RPC_LIKE))
def test_rpc_parser(data: bytes) -> None:
    try:
        answer = rpc.parse_answer(data)
    except AnswerTooShort:
        assert len(data) < 3
        return
    assert answer.ptype == data[2]


@settings(max_examples=400, deadline=None)
@given(st.one_of(ARBITRARY, TFTP_LIKE))
def test_tftp_parser(data: bytes) -> None:
    try:
        answer = tftp.parse_answer(data)
    except AnswerTooShort:
        assert len(data) < 4
        return
    assert answer.is_tftp == (answer.opcode in (3, 5))


@settings(max_examples=200, deadline=None)
@given(ARBITRARY)
def test_extended_err_parser(data: bytes) -> None:
    err = parse_extended_err(data)
    assert (err is None) == (len(data) < 16)
