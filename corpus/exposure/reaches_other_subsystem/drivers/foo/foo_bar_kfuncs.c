// SPDX-License-Identifier: GPL-2.0
/*
 * A foo driver file that hands the bar subsystem's internals to BPF: the
 * kfunc takes struct bar_state and calls bar_state_reset(), yet a patch to
 * this file goes to the foo maintainers only. In a change that adds it,
 * KF095 names BAR SUBSYSTEM and its people.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/bar.h>

__bpf_kfunc_start_defs();

/**
 * bpf_foo_reset_bar() - Reset a bar state from a BPF program.
 * @st: the bar state
 * @generation: the generation to start
 *
 * Return: 0 on success, a negative errno otherwise.
 */
/* expect: KF095 */
__bpf_kfunc int bpf_foo_reset_bar(struct bar_state *st, unsigned int generation)
{
	return bar_state_reset(st, generation);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(foo_bar_kfunc_ids)
BTF_ID_FLAGS(func, bpf_foo_reset_bar, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(foo_bar_kfunc_ids)

static const struct btf_kfunc_id_set foo_bar_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &foo_bar_kfunc_ids,
};

static int __init foo_bar_kfuncs_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &foo_bar_kfunc_set);
}
late_initcall(foo_bar_kfuncs_init);
