// SPDX-License-Identifier: GPL-2.0
/*
 * KF_RELEASE on kfuncs without a pointer argument: the verifier wants the
 * referenced pointer being released and rejects every call ("release
 * kernel function %s expects refcounted PTR_TO_BTF_ID").
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rl_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg_rl_put().
 */
__bpf_kfunc struct flg_rl_obj *bpf_flg_rl_get(u32 id)
{
	return flg_rl_get(id);
}

/**
 * bpf_flg_rl_put() - Drop an object reference.
 * @obj: object from bpf_flg_rl_get()
 */
__bpf_kfunc void bpf_flg_rl_put(struct flg_rl_obj *obj)
{
	flg_rl_put(obj);
}

/**
 * bpf_flg_rl_put_id() - Drop the reference on an object by id.
 * @id: object id
 */
__bpf_kfunc void bpf_flg_rl_put_id(u32 id)
{
	flg_rl_put_id(id);
}

/**
 * bpf_flg_rl_put_all() - Drop every reference.
 *
 * Return: the number of references dropped.
 */
__bpf_kfunc int bpf_flg_rl_put_all(void)
{
	return flg_rl_put_all();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rl_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rl_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rl_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_rl_put_id, KF_RELEASE) /* expect: KF042 */
BTF_ID_FLAGS(func, bpf_flg_rl_put_all, KF_RELEASE) /* expect: KF042 */
BTF_KFUNCS_END(flg_rl_kfunc_ids)

static const struct btf_kfunc_id_set flg_rl_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rl_kfunc_ids,
};

static int __init flg_rl_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rl_kfunc_set);
}
late_initcall(flg_rl_init);
