// SPDX-License-Identifier: GPL-2.0
/*
 * Parameters the doc block leaves undescribed: one forgotten (as
 * scx_bpf_put_idle_cpumask's idle_mask in 6.12), and one written
 * "@p - text", which kernel-doc does not read as a parameter description
 * inside a /** block.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_und_put_mask() - Release a mask obtained from bpf_kdoc_und_get_mask().
 */
__bpf_kfunc void bpf_kdoc_und_put_mask(const struct cpumask *mask) /* expect: KF083 */
{
	kdoc_und_put_mask(mask);
}

/**
 * bpf_kdoc_und_store() - Store a value in a slot.
 * @slot: slot index, below KDOC_UND_SLOTS
 * @val: value to store
 * @flags - KDOC_UND_* flags
 *
 * Return: 0 on success, -EINVAL for an unknown slot or flag.
 */
__bpf_kfunc int bpf_kdoc_und_store(u32 slot,
				   u64 val,
				   u64 flags) /* expect: KF083 */
{
	return kdoc_und_store(slot, val, flags);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_und_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_und_put_mask, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_kdoc_und_store)
BTF_KFUNCS_END(kdoc_und_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_und_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_und_kfunc_ids,
};

static int __init kdoc_und_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &kdoc_und_kfunc_set);
}
late_initcall(kdoc_und_init);
