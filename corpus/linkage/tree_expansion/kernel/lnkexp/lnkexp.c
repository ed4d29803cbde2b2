// SPDX-License-Identifier: GPL-2.0
/*
 * KF007 follows the tree's own __bpf_kfunc: in this 6.5 tree it is
 * `__used noinline`, so a hand-written `noinline` is redundant but `__retain`
 * is not part of it (near miss: not reported by KF007).
 */
/* near-miss: KF007 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_lnkexp_one() - Return one.
 *
 * Return: 1.
 */
__bpf_kfunc noinline u32 bpf_lnkexp_one(void) /* expect: KF007 */
{
	return 1;
}

/**
 * bpf_lnkexp_two() - Return two.
 *
 * Return: 2.
 */
__bpf_kfunc __retain u32 bpf_lnkexp_two(void)
{
	return 2;
}

__diag_pop();

BTF_SET8_START(bpf_lnkexp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkexp_one)
BTF_ID_FLAGS(func, bpf_lnkexp_two)
BTF_SET8_END(bpf_lnkexp_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkexp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkexp_kfunc_ids,
};

static int __init bpf_lnkexp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkexp_kfunc_set);
}
late_initcall(bpf_lnkexp_init);
