"""Property-based tests: the extractor recovers exactly what the generator wrote.

Default runs are short (the suite must stay fast); a long campaign runs with
`KFLINT_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py`. Inputs that
once broke kflint are kept in tests/fuzz_regressions/ and replayed every run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kfunc_gen import c_file

from kflint.extract import extract_file

EXAMPLES = int(os.environ.get("KFLINT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"


def _norm(t: str) -> str:
    t = " ".join(t.split())
    return re.sub(r"\s*\*", " *", t).replace("* *", "**").strip()


@SETTINGS
@given(c_file())
def test_extractor_recovers_what_was_written(gen) -> None:
    unit = extract_file("fz.c", gen.text.encode())
    assert not unit.problems, (unit.problems, gen.text)
    defs = {f.name: f for f in unit.functions if f.is_definition}
    assert set(defs) == {k.name for k in gen.kfuncs}, gen.text
    for k in gen.kfuncs:
        d = defs[k.name]
        assert d.annotated
        assert d.is_static == k.static, gen.text
        assert _norm(d.return_type) == _norm(k.return_type), (d.return_type, gen.text)
        assert [p.name for p in d.params] == [n for _t, n in k.params], gen.text
        assert [_norm(p.type) for p in d.params] == [_norm(t) for t, _n in k.params], gen.text
        assert {a.text for a in d.attributes} >= set(k.attrs) | {"__bpf_kfunc"}
        want_cond = (f"defined({k.guard})",) if k.guard else ()
        assert d.conditions == want_cond, gen.text
    [s] = unit.sets
    assert s.name == gen.set_name and s.end_name == gen.set_name
    listed = [k for k in gen.kfuncs if k.listed]
    assert [e.name for e in s.entries] == [k.name for k in listed], gen.text
    for e, k in zip(s.entries, listed, strict=True):
        assert list(e.flags) == k.flags, (e.flags_text, gen.text)
        assert e.conditions == ((f"defined({k.guard})",) if k.guard else ())
        assert len(e.flag_spans) == len(e.flags)


C_NOISE = st.sampled_from([
    "__bpf_kfunc", "BTF_ID_FLAGS(", "BTF_KFUNCS_START(x)", "BTF_KFUNCS_END(x)", "(", ")",
    "{", "}", ";", ",", "/*", "*/", "//", "\n", "#if 1\n", "#endif\n", "#define A(x) x\n",
    "\"", "'", "\\\n", "static", "int", "struct s *", "KF_ACQUIRE", "|",
    "register_btf_kfunc_id_set(",
    "&", ".owner = THIS_MODULE", "__bpf_kfunc_start_defs();", "__diag_pop();", "\r\n", "\t",
    "\xff", "é", "\x00",
])


@SETTINGS
@given(st.lists(C_NOISE, max_size=200))
def test_no_input_makes_the_extractor_raise(tokens) -> None:
    data = " ".join(tokens).encode("utf-8", "surrogateescape")
    extract_file("noise.c", data)


@SETTINGS
@given(c_file(), st.data())
def test_mutated_generated_code_never_raises(gen, data) -> None:
    text = gen.text.encode()
    cut = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.binary(max_size=8))
    extract_file("mut.c", text[:cut] + junk + text[cut:])


@pytest.mark.parametrize("case", sorted(REGRESSIONS.glob("*.c")), ids=lambda p: p.name)
def test_regressions(case: Path) -> None:
    """Inputs that once made the extractor raise; each must now go through."""
    extract_file(case.name, case.read_bytes())


def test_regression_attribute_after_static_is_not_return_type() -> None:
    """Found by the generator: `noinline` after `static` leaked into the return type."""
    src = b"__bpf_kfunc /* c */ static /* c */ __weak /* c */ noinline int  bpf_fz0_a(void)\n{}\n"
    [f] = extract_file("r.c", src).functions
    assert f.return_type == "int" and f.is_static
    assert [a.text for a in f.attributes] == ["__bpf_kfunc", "__weak", "noinline"]


def test_regression_extra_attribute_is_not_return_type() -> None:
    src = b"__bpf_kfunc static my_attr u32 bpf_x(void)\n{ return 0; }\n"
    [f] = extract_file("r.c", src, extra_attributes=("my_attr",)).functions
    assert f.return_type == "u32"
