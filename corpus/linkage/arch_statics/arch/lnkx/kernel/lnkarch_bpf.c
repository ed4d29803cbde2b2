// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF004: two architectures each define a static function of
 * the kfunc's name, but only one architecture is ever built, so the names
 * never meet in one BTF or kallsyms table.
 */
/* near-miss: KF004 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

/**
 * bpf_lnkarch_cycles() - Read the cycle counter.
 *
 * Return: the current cycle count.
 */
__bpf_kfunc static u64 bpf_lnkarch_cycles(void)
{
	return lnkx_read_tsc();
}

BTF_KFUNCS_START(bpf_lnkarch_x_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkarch_cycles)
BTF_KFUNCS_END(bpf_lnkarch_x_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkarch_x_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkarch_x_kfunc_ids,
};

static int __init bpf_lnkarch_x_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkarch_x_kfunc_set);
}
late_initcall(bpf_lnkarch_x_init);
