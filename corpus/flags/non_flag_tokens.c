// SPDX-License-Identifier: GPL-2.0
/*
 * Flags written through a private macro, an enum constant and a bare bit
 * value: none of them is a KF_* flag, and kflint cannot see what they mean.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

#define FLG_NT_REF_FLAGS (KF_ACQUIRE | KF_RET_NULL)

enum {
	FLG_NT_SLEEPS = KF_SLEEPABLE,
};

__bpf_kfunc_start_defs();

/**
 * bpf_flg_nt_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg_nt_put().
 */
__bpf_kfunc struct flg_nt_obj *bpf_flg_nt_get(u32 id)
{
	return flg_nt_get(id);
}

/**
 * bpf_flg_nt_put() - Drop an object reference.
 * @obj: object from bpf_flg_nt_get()
 */
__bpf_kfunc void bpf_flg_nt_put(struct flg_nt_obj *obj)
{
	flg_nt_put(obj);
}

/**
 * bpf_flg_nt_wait() - Wait for an object to settle.
 * @id: object id
 *
 * Return: 0, or -ETIMEDOUT.
 */
__bpf_kfunc int bpf_flg_nt_wait(u32 id)
{
	return flg_nt_wait(id);
}

/**
 * bpf_flg_nt_peek() - Peek at an object.
 * @id: object id
 *
 * Return: the object (not referenced), or NULL.
 */
__bpf_kfunc struct flg_nt_obj *bpf_flg_nt_peek(u32 id)
{
	return flg_nt_find(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_nt_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_nt_get, FLG_NT_REF_FLAGS) /* expect: KF045 */
BTF_ID_FLAGS(func, bpf_flg_nt_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_nt_wait, FLG_NT_SLEEPS) /* expect: KF045 */
BTF_ID_FLAGS(func, bpf_flg_nt_peek, 4) /* expect: KF045 */
BTF_KFUNCS_END(flg_nt_kfunc_ids)

static const struct btf_kfunc_id_set flg_nt_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_nt_kfunc_ids,
};

static int __init flg_nt_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &flg_nt_kfunc_set);
}
late_initcall(flg_nt_init);
