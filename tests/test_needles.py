"""needles.Needles answers exactly what Python's `in` answers, however the strings overlap."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kflint.needles import Needles, needles

WORDS = st.text(alphabet="abt_cp", min_size=1, max_size=6).map(str.encode)


@given(strings=st.lists(WORDS, min_size=1, max_size=80, unique=True),
       text=st.binary(max_size=300) | st.text(alphabet="abt_cp \n(", max_size=300).map(str.encode))
@settings(max_examples=300, deadline=None)
def test_same_answers_as_in(strings: list[bytes], text: bytes) -> None:
    n = Needles(tuple(strings))
    expected = {s for s in strings if s in text}
    assert n.found_in(text) == expected
    assert n.any_in(text) == bool(expected)


def test_overlapping_strings_are_all_found() -> None:
    # leftmost-first matching reports 'bpf_obj' and would hide the longer names
    n = Needles((b"bpf_obj", b"bpf_obj_new", b"obj_new_impl"))
    assert n.found_in(b"x = bpf_obj_new_impl(t);") == {b"bpf_obj", b"bpf_obj_new",
                                                       b"obj_new_impl"}


def test_more_strings_than_one_automaton_holds() -> None:
    names = tuple(f"kfunc_{i:03}".encode() for i in range(150))
    n = Needles(names)
    assert len(n._automata) == 3
    assert n.found_in(b"void kfunc_149(void);\nint kfunc_000;") == {b"kfunc_149", b"kfunc_000"}
    assert not n.any_in(b"kfunc_15 kfunc_")


def test_padding_is_never_reported() -> None:
    # the control-byte strings that keep the SIMD prefilter on are not search strings
    data = bytes(range(0, 8)) * 4 + b"\x01\x00\x02\x00\x03\x00\x04\x00"
    assert not Needles((b"tcp_slow_start", b"update_socket_protocol")).any_in(data)
    assert Needles((b"tcp_slow_start", b"x")).found_in(data + b"tcp_slow_start") == {
        b"tcp_slow_start"}


@pytest.mark.parametrize("bad", [(b"",), (b"ok", b"a\x00b")])
def test_strings_must_be_text(bad: tuple[bytes, ...]) -> None:
    with pytest.raises(ValueError):
        Needles(bad)


def test_one_automaton_set_per_string_set() -> None:
    assert needles(frozenset({b"a1", b"b2"})) is needles(frozenset({b"b2", b"a1"}))
