// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_nrs_lock() is KF_RET_NULL on an int return on purpose: the verifier
 * knows it by BTF id (special_kfunc_list in kernel/bpf/verifier.c) and models
 * its failure path itself. bpf_nrs_trylock() is not special: the flag does
 * nothing there. bpf_nrs_view() returns `void *`, which the verifier types
 * itself for a special kfunc, so its NULL return needs KF_RET_NULL.
 */
/* near-miss: KF041 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_nrs_lock() - Take a resilient lock.
 * @lock: the lock
 *
 * Return: 0 when the lock is held, a negative error otherwise.
 */
__bpf_kfunc int bpf_nrs_lock(struct bpf_nrs_lock *lock)
{
	return nrs_lock_slow((struct nrs_lock *)lock);
}

/**
 * bpf_nrs_trylock() - Try to take a resilient lock once.
 * @lock: the lock
 *
 * Return: 0 when the lock is held, -EBUSY otherwise.
 */
__bpf_kfunc int bpf_nrs_trylock(struct bpf_nrs_lock *lock)
{
	return nrs_lock_once((struct nrs_lock *)lock);
}

/**
 * bpf_nrs_unlock() - Release a resilient lock.
 * @lock: the lock
 */
__bpf_kfunc void bpf_nrs_unlock(struct bpf_nrs_lock *lock)
{
	nrs_unlock((struct nrs_lock *)lock);
}

/**
 * bpf_nrs_view() - Map the data a lock protects.
 * @lock: the lock
 *
 * Return: the data, or NULL when nothing is mapped.
 */
__bpf_kfunc void *bpf_nrs_view(struct bpf_nrs_lock *lock)
{
	struct nrs_lock *l = (struct nrs_lock *)lock;

	return l->mapped ? l->data : NULL;
}

/**
 * bpf_nrs_find() - Find the lock of an object.
 * @id: object id
 *
 * Return: the lock, or NULL when there is no such object.
 */
__bpf_kfunc struct bpf_nrs_lock *bpf_nrs_find(u32 id)
{
	return nrs_table_find(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(nrs_kfunc_ids)
BTF_ID_FLAGS(func, bpf_nrs_lock, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_nrs_trylock, KF_RET_NULL) /* expect: KF041 */
BTF_ID_FLAGS(func, bpf_nrs_unlock)
BTF_ID_FLAGS(func, bpf_nrs_view) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrs_find, KF_RET_NULL)
BTF_KFUNCS_END(nrs_kfunc_ids)

static const struct btf_kfunc_id_set nrs_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &nrs_kfunc_ids,
};

static __init int nrs_register_kfuncs(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &nrs_kfunc_set);
}
late_initcall(nrs_register_kfuncs);
