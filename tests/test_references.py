"""The extractor's facts about functions used as values: address taken, exported.

KF002 and KF003 rest on them (docs/kfunc-linkage.md): a taken address or an
export keeps a function whole, a direct call or a BTF_ID_FLAGS entry does not.
"""

from __future__ import annotations

from kflint.extract import extract_file

_USES = b"""
static int lnk_t_direct(int x) { return x; }
static int lnk_t_init(int x) { return x; }
static int lnk_t_assigned(int x) { return x; }
static int lnk_t_arg(int x) { return x; }
static int lnk_t_amp(int x) { return x; }
static int lnk_t_cast(int x) { return x; }
static int lnk_t_cmp(int x) { return x; }
static int lnk_t_ifdef(int x) { return x; }
int lnk_t_exported(int x) { return x; }
EXPORT_SYMBOL_GPL(lnk_t_exported);

static struct lnk_t_ops ops = { .init = lnk_t_init, .cast = (void *)lnk_t_cast };

static int lnk_t_user(struct lnk_t_ops *o)
{
	int (*fp)(int) = &lnk_t_amp;

	o->fn = lnk_t_assigned;
	register_lnk_t(lnk_t_arg);
	if (o->fn == lnk_t_cmp)
		return fp(lnk_t_direct(1));
#ifdef CONFIG_LNK_T
	o->fn = lnk_t_ifdef;
#endif
	return (lnk_t_direct)(2);
}

BTF_SET8_START(lnk_t_ids)
BTF_ID_FLAGS(func, lnk_t_direct)
BTF_SET8_END(lnk_t_ids)
CFI_NOSEAL(lnk_t_direct);
static const char lnk_t_name[] = __stringify(lnk_t_direct);
"""


def test_address_taken_and_exported_facts() -> None:
    names = [f"lnk_t_{n}" for n in ("direct", "init", "assigned", "arg", "amp", "cast", "cmp",
                                    "ifdef", "exported")]
    unit = extract_file("lnk_t.c", _USES, wanted=names)
    taken = {f.name for f in unit.functions if f.address_taken}
    assert taken == {f"lnk_t_{n}" for n in ("init", "assigned", "arg", "amp", "cast", "cmp")}
    assert {f.name for f in unit.functions if f.exported} == {"lnk_t_exported"}
