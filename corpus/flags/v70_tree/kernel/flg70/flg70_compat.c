// SPDX-License-Identifier: GPL-2.0
/*
 * A 7.0 tree: a file that keeps building across versions by defining
 * KF_TRUSTED_ARGS itself, and a KF_RCU_PROTECTED kfunc, which 6.18 and
 * later kernels do enforce for every kfunc.
 */
/* near-miss: KF044 KF047 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

#ifndef KF_TRUSTED_ARGS
#define KF_TRUSTED_ARGS 0
#endif

__bpf_kfunc_start_defs();

/**
 * bpf_flg70_compat_weight() - Read an object's weight.
 * @obj: a trusted object
 *
 * Return: the weight of @obj.
 */
__bpf_kfunc u32 bpf_flg70_compat_weight(struct flg70_obj *obj)
{
	return READ_ONCE(obj->weight);
}

/**
 * bpf_flg70_compat_peek() - Read the weight of an object by id.
 * @id: object id
 *
 * Must be called inside an RCU read-side critical section.
 *
 * Return: the weight, or 0 if there is no such object.
 */
__bpf_kfunc u32 bpf_flg70_compat_peek(u32 id)
{
	struct flg70_obj *obj = flg70_find_rcu(id);

	return obj ? READ_ONCE(obj->weight) : 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg70_compat_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg70_compat_weight, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_flg70_compat_peek, KF_RCU_PROTECTED)
BTF_KFUNCS_END(flg70_compat_kfunc_ids)

static const struct btf_kfunc_id_set flg70_compat_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg70_compat_kfunc_ids,
};

static int __init flg70_compat_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg70_compat_kfunc_set);
}
late_initcall(flg70_compat_init);
