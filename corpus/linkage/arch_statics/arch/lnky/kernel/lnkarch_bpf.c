// SPDX-License-Identifier: GPL-2.0
/* The other architecture's version of the same kfunc. */
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
	return lnky_read_cntvct();
}

BTF_KFUNCS_START(bpf_lnkarch_y_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkarch_cycles)
BTF_KFUNCS_END(bpf_lnkarch_y_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkarch_y_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkarch_y_kfunc_ids,
};

static int __init bpf_lnkarch_y_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkarch_y_kfunc_set);
}
late_initcall(bpf_lnkarch_y_init);
