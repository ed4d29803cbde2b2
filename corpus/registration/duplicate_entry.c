// SPDX-License-Identifier: GPL-2.0
/*
 * One set lists a kfunc twice: once with the flags it needs and again
 * further down, without them (a merge left both lines).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct reg_du_node;

__bpf_kfunc_start_defs();

/**
 * bpf_reg_du_first() - First node of a list.
 * @head: the list
 *
 * Return: the first node, or NULL when the list is empty.
 */
__bpf_kfunc struct reg_du_node *bpf_reg_du_first(struct reg_du_head *head)
{
	return reg_du_first_entry(head);
}

/**
 * bpf_reg_du_size() - Count a list.
 * @head: the list
 *
 * Return: the number of nodes.
 */
__bpf_kfunc u32 bpf_reg_du_size(struct reg_du_head *head)
{
	return reg_du_count(head);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_du_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_du_first, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_reg_du_size)
BTF_ID_FLAGS(func, bpf_reg_du_first) /* expect: KF022 */
BTF_KFUNCS_END(reg_du_kfunc_ids)

static const struct btf_kfunc_id_set reg_du_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_du_kfunc_ids,
};

static int __init reg_du_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_du_kfunc_set);
}
late_initcall(reg_du_init);
