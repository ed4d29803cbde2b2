// SPDX-License-Identifier: GPL-2.0
/*
 * Several kfunc blocks in one file, a hook block, and the pre-6.7
 * __diag_push()/__diag_pop() form: every start has its end.
 */
/* near-miss: KF027 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_bb_first() - First value.
 *
 * Return: 1.
 */
__bpf_kfunc int bpf_reg_bb_first(void)
{
	return 1;
}

__bpf_kfunc_end_defs();

__bpf_hook_start();

/**
 * reg_bb_hook() - A hook fentry programs attach to.
 * @v: a value
 *
 * Return: @v.
 */
__weak noinline int reg_bb_hook(int v)
{
	return v;
}

__bpf_hook_end();

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in BTF");

/**
 * bpf_reg_bb_second() - Second value.
 *
 * Return: 2.
 */
__bpf_kfunc int bpf_reg_bb_second(void)
{
	return 2;
}

__diag_pop();

BTF_KFUNCS_START(reg_bb_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_bb_first)
BTF_ID_FLAGS(func, bpf_reg_bb_second)
BTF_KFUNCS_END(reg_bb_kfunc_ids)

static const struct btf_kfunc_id_set reg_bb_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_bb_kfunc_ids,
};

static int __init reg_bb_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_bb_kfunc_set);
}
late_initcall(reg_bb_init);
