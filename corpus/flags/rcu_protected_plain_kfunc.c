// SPDX-License-Identifier: GPL-2.0
/*
 * KF_RCU_PROTECTED on kfuncs that are not iterator constructors: before
 * 6.18 the verifier ignores it there, so callers need not hold RCU.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rc_weight() - Read an object's weight.
 * @id: object id
 *
 * Return: the weight, or 0 if there is no such object.
 */
__bpf_kfunc u32 bpf_flg_rc_weight(u32 id)
{
	struct flg_rc_obj *obj = flg_rc_find_rcu(id);

	return obj ? READ_ONCE(obj->weight) : 0;
}

/**
 * bpf_flg_rc_peek() - Peek at an object.
 * @id: object id
 *
 * Return: the object (RCU-protected), or NULL.
 */
__bpf_kfunc struct flg_rc_obj *bpf_flg_rc_peek(u32 id)
{
	return flg_rc_find_rcu(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rc_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rc_weight, KF_RCU_PROTECTED) /* expect: KF047 */
BTF_ID_FLAGS(func, bpf_flg_rc_peek, KF_RET_NULL | KF_RCU_PROTECTED) /* expect: KF047 */
BTF_KFUNCS_END(flg_rc_kfunc_ids)

static const struct btf_kfunc_id_set flg_rc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rc_kfunc_ids,
};

static int __init flg_rc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rc_kfunc_set);
}
late_initcall(flg_rc_init);
