// SPDX-License-Identifier: GPL-2.0
/*
 * KF007: attributes written next to __bpf_kfunc that the macro already
 * carries (the bpf_testmod.c bpf_kfunc_call_test4 pattern). A lone file is
 * linted with 6.12 facts, where __bpf_kfunc is `__used __retain noinline`.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_lnk_ra_mix() - Mix four values.
 * @a: first value
 * @b: second value
 * @c: third value
 * @d: fourth value
 *
 * Return: the sum of all four.
 */
__bpf_kfunc noinline long bpf_lnk_ra_mix(signed char a, short b, int c, long d) /* expect: KF007 */
{
	return a + b + c + d;
}

/**
 * bpf_lnk_ra_id() - Return a value.
 * @v: value to return
 *
 * Return: @v.
 */
/* expect: KF007 KF007 */
__used __retain __bpf_kfunc u64 bpf_lnk_ra_id(u64 v)
{
	return v;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_lnk_ra_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_ra_mix)
BTF_ID_FLAGS(func, bpf_lnk_ra_id)
BTF_KFUNCS_END(bpf_lnk_ra_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_ra_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_ra_kfunc_ids,
};

static int __init bpf_lnk_ra_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &bpf_lnk_ra_kfunc_set);
}
late_initcall(bpf_lnk_ra_init);
