// SPDX-License-Identifier: GPL-2.0
/*
 * KF090: the only prototype of this kernel kfunc is in a selftest header
 * under tools/, which kernel code cannot include.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

/**
 * bpf_lnkpr_to_probe() - Probe value for the selftests.
 * @x: input
 *
 * Return: @x plus one.
 */
__bpf_kfunc u64 bpf_lnkpr_to_probe(u64 x) /* expect: KF090 */
{
	return x + 1;
}

BTF_KFUNCS_START(bpf_lnkpr_to_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_to_probe)
BTF_KFUNCS_END(bpf_lnkpr_to_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_to_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_to_kfunc_ids,
};

static int __init bpf_lnkpr_to_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkpr_to_kfunc_set);
}
late_initcall(bpf_lnkpr_to_init);
