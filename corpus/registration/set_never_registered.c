// SPDX-License-Identifier: GPL-2.0
/*
 * Two sets that no registration reaches: one that no btf_kfunc_id_set points
 * at, and one whose btf_kfunc_id_set is never passed to a register call
 * (the init function registers the wrong variable's sibling only).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_nr_read() - Read a counter.
 * @id: counter number
 *
 * Return: the counter value.
 */
__bpf_kfunc u64 bpf_reg_nr_read(u32 id)
{
	return reg_nr_counter(id);
}

/**
 * bpf_reg_nr_peek() - Peek at a counter without side effects.
 * @id: counter number
 *
 * Return: the counter value.
 */
__bpf_kfunc u64 bpf_reg_nr_peek(u32 id)
{
	return reg_nr_counter(id);
}

/**
 * bpf_reg_nr_clear() - Clear a counter.
 * @id: counter number
 */
__bpf_kfunc void bpf_reg_nr_clear(u32 id)
{
	reg_nr_set(id, 0);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_nr_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_nr_read)
BTF_KFUNCS_END(reg_nr_kfunc_ids)

BTF_KFUNCS_START(reg_nr_orphan_ids) /* expect: KF025 */
BTF_ID_FLAGS(func, bpf_reg_nr_peek)
BTF_KFUNCS_END(reg_nr_orphan_ids)

BTF_KFUNCS_START(reg_nr_admin_ids) /* expect: KF025 */
BTF_ID_FLAGS(func, bpf_reg_nr_clear)
BTF_KFUNCS_END(reg_nr_admin_ids)

static const struct btf_kfunc_id_set reg_nr_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_nr_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_nr_admin_set = {
	.owner = THIS_MODULE,
	.set   = &reg_nr_admin_ids,
};

static int __init reg_nr_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_nr_kfunc_set);
}
late_initcall(reg_nr_init);
