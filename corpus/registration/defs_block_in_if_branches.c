// SPDX-License-Identifier: GPL-2.0
/*
 * Compatibility code picks the start macro with #if; both branches share
 * one end. Blocks under different #if branches are not judged.
 */
/* near-miss: KF027 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
__bpf_kfunc_start_defs();
#else
__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in BTF");
#endif

/**
 * bpf_reg_bi_mix() - Mix two values.
 * @a: first value
 * @b: second value
 *
 * Return: the mixed value.
 */
__bpf_kfunc u32 bpf_reg_bi_mix(u32 a, u32 b)
{
	return a ^ (b << 5);
}

__diag_pop();

BTF_KFUNCS_START(reg_bi_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_bi_mix)
BTF_KFUNCS_END(reg_bi_kfunc_ids)

static const struct btf_kfunc_id_set reg_bi_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_bi_kfunc_ids,
};

static int __init reg_bi_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_bi_kfunc_set);
}
module_init(reg_bi_init);
