"""needles.Needles answers exactly what Python's `in` answers, however the strings overlap."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kflint import needles as needles_module
from kflint.needles import Needles, needles

WORDS = st.text(alphabet="abt_cp", min_size=1, max_size=6).map(str.encode)


@given(strings=st.lists(WORDS, min_size=1, max_size=80, unique=True),
       text=st.binary(max_size=300) | st.text(alphabet="abt_cp \n(", max_size=300).map(str.encode))
@settings(max_examples=300, deadline=None)
def test_same_answers_as_in(strings: list[bytes], text: bytes) -> None:
    expected = {s for s in strings if s in text}
    for n in (Needles(tuple(strings)), Needles(tuple(strings), padded=False)):
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
    data = b"".join(needles_module._PADDING) * 3
    assert not Needles((b"tcp_slow_start", b"update_socket_protocol")).any_in(data)
    assert Needles((b"tcp_slow_start", b"x")).found_in(data + b"tcp_slow_start") == {
        b"tcp_slow_start"}


@pytest.mark.parametrize("bad", [(b"",), (b"ok", b"a\x00b")])
def test_strings_must_be_text(bad: tuple[bytes, ...]) -> None:
    with pytest.raises(ValueError):
        Needles(bad)


def test_one_automaton_set_per_string_set() -> None:
    assert needles(frozenset({b"a1", b"b2"})) is needles(frozenset({b"b2", b"a1"}))


def test_large_files_are_searched_in_windows_that_overlap() -> None:
    window = needles_module._WINDOW
    n = Needles((b"BTF_ID_FLAGS", b"__bpf_kfunc"))
    # a string across the first window's end, and one only near the file's end
    across = b"x" * (window - 5) + b"BTF_ID_FLAGS" + b"x" * window
    assert n.any_in(across) and n.found_in(across) == {b"BTF_ID_FLAGS"}
    late = b"y" * (3 * window) + b"__bpf_kfunc"
    assert n.any_in(late)
    assert not n.any_in(b"z" * (3 * window + 7))


def test_a_file_of_nothing_but_matches_stops_at_the_first_window() -> None:
    # 32 MiB of markers: every window is full of matches; the answer must come
    # from the first one (millions of match tuples otherwise)
    import tracemalloc

    data = b"__bpf_kfunc;" * ((32 << 20) // 12)
    n = Needles((b"BTF_ID_FLAGS", b"__bpf_kfunc"))
    tracemalloc.start()
    assert n.any_in(data)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 64 << 20
