// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree style compatibility: the set start is chosen by #if and both
 * branches share one end, which is fine.
 */
/* near-miss: KF026 KF024 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/version.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_sb_hash() - Hash a value.
 * @v: the value
 *
 * Return: the hash of @v.
 */
__bpf_kfunc u32 bpf_reg_sb_hash(u32 v)
{
	return hash_32(v, 32);
}

__bpf_kfunc_end_defs();

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
BTF_KFUNCS_START(reg_sb_kfunc_ids)
#else
BTF_SET8_START(reg_sb_kfunc_ids)
#endif
BTF_ID_FLAGS(func, bpf_reg_sb_hash)
BTF_SET8_END(reg_sb_kfunc_ids)

static const struct btf_kfunc_id_set reg_sb_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_sb_kfunc_ids,
};

static int __init reg_sb_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_sb_kfunc_set);
}
module_init(reg_sb_init);
