// SPDX-License-Identifier: GPL-2.0
/*
 * Acquire kfuncs that can return NULL but are not KF_RET_NULL: programs
 * are not made to check the result.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_an_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg_an_put().
 */
__bpf_kfunc struct flg_an_obj *bpf_flg_an_get(u32 id)
{
	struct flg_an_obj *obj = flg_an_find(id);

	if (!obj || !refcount_inc_not_zero(&obj->usage))
		return NULL;
	return obj;
}

/**
 * bpf_flg_an_clone() - Clone an object.
 * @obj: object to copy
 *
 * Return: a referenced copy of @obj, or NULL. Release it with bpf_flg_an_put().
 */
__bpf_kfunc struct flg_an_obj *bpf_flg_an_clone(struct flg_an_obj *obj)
{
	return flg_an_clone(obj, GFP_ATOMIC) ?: NULL;
}

/**
 * bpf_flg_an_put() - Drop an object reference.
 * @obj: a referenced object
 */
__bpf_kfunc void bpf_flg_an_put(struct flg_an_obj *obj)
{
	flg_an_put(obj);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_an_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_an_get, KF_ACQUIRE) /* expect: KF049 */
BTF_ID_FLAGS(func, bpf_flg_an_clone, KF_ACQUIRE | KF_TRUSTED_ARGS) /* expect: KF049 */
BTF_ID_FLAGS(func, bpf_flg_an_put, KF_RELEASE)
BTF_KFUNCS_END(flg_an_kfunc_ids)

static const struct btf_kfunc_id_set flg_an_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_an_kfunc_ids,
};

static int __init flg_an_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_an_kfunc_set);
}
late_initcall(flg_an_init);
