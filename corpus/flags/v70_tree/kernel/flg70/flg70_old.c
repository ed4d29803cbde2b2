// SPDX-License-Identifier: GPL-2.0
/*
 * A 7.0 tree: KF_TRUSTED_ARGS was deleted there (pointer arguments are
 * trusted by default), so code still using it does not build.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg70_old_weight() - Read an object's weight.
 * @obj: a trusted object
 *
 * Return: the weight of @obj.
 */
__bpf_kfunc u32 bpf_flg70_old_weight(struct flg70_obj *obj)
{
	return READ_ONCE(obj->weight);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg70_old_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg70_old_weight, KF_TRUSTED_ARGS) /* expect: KF044 */
BTF_KFUNCS_END(flg70_old_kfunc_ids)

static const struct btf_kfunc_id_set flg70_old_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg70_old_kfunc_ids,
};

static int __init flg70_old_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg70_old_kfunc_set);
}
late_initcall(flg70_old_init);
