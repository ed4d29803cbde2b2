// SPDX-License-Identifier: GPL-2.0
/*
 * A kfunc that returns what a KF_RET_NULL kfunc of another file returns can
 * return NULL as well, directly or through a local it never tests.
 */
/* near-miss: KF057 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_nrs_find_default() - Find the lock of the default object.
 *
 * Return: the lock, or NULL when there is no default object.
 */
__bpf_kfunc struct bpf_nrs_lock *bpf_nrs_find_default(void)
{
	return bpf_nrs_find(NRS_DEFAULT_ID);
}

/**
 * bpf_nrs_find_counted() - Find the lock of an object and count the lookup.
 * @id: object id
 *
 * Return: the lock, or NULL when there is no such object.
 */
__bpf_kfunc struct bpf_nrs_lock *bpf_nrs_find_counted(u32 id)
{
	struct bpf_nrs_lock *lock = bpf_nrs_find(id);

	atomic_inc(&nrs_lookups);
	return lock;
}

/**
 * bpf_nrs_find_or_default() - Find the lock of an object, or the default one.
 * @id: object id
 *
 * Return: the lock of @id, or the default lock; never NULL.
 */
__bpf_kfunc struct bpf_nrs_lock *bpf_nrs_find_or_default(u32 id)
{
	struct bpf_nrs_lock *lock = bpf_nrs_find(id);

	if (!lock)
		lock = &nrs_default_lock;
	return lock;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(nrs_wrap_kfunc_ids)
BTF_ID_FLAGS(func, bpf_nrs_find_default) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrs_find_counted) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrs_find_or_default)
BTF_KFUNCS_END(nrs_wrap_kfunc_ids)

static const struct btf_kfunc_id_set nrs_wrap_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &nrs_wrap_kfunc_ids,
};

static __init int nrs_wrap_register(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &nrs_wrap_kfunc_set);
}
late_initcall(nrs_wrap_register);
