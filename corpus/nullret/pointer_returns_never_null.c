// SPDX-License-Identifier: GPL-2.0
/*
 * Pointer-returning kfuncs without KF_RET_NULL that are fine: they never
 * return NULL, the flag is there, the NULL path is tested away, or the
 * return is a `void *` the verifier treats as a scalar.
 */
/* near-miss: KF057 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

static long nrq_grab_pages(struct nrq_pool *pool, u32 cnt)
{
	if (!cnt)
		return 0;
	return nrq_pool_take(pool, cnt);
}

static struct nrq_obj *nrq_self(struct nrq_obj *obj)
{
	return obj;
}

__bpf_kfunc_start_defs();

/**
 * bpf_nrq_slot() - Look up a slot.
 * @idx: slot index
 *
 * Return: the slot, or NULL when @idx is out of range.
 */
__bpf_kfunc struct nrq_slot *bpf_nrq_slot(u32 idx)
{
	return idx < NRQ_SLOTS ? &nrq_slots[idx] : NULL;
}

/**
 * bpf_nrq_alloc() - Allocate pages of the program's pool.
 * @pool__map: the pool map
 * @cnt: number of pages
 *
 * Return: the pages, or NULL; a `void *`, an unknown scalar to programs.
 */
__bpf_kfunc void *bpf_nrq_alloc(void *pool__map, u32 cnt)
{
	if (!cnt)
		return NULL;
	return (void *)nrq_grab_pages(pool__map, cnt);
}

/**
 * bpf_nrq_current() - The current slot.
 *
 * Return: the current slot, never NULL.
 */
__bpf_kfunc struct nrq_slot *bpf_nrq_current(void)
{
	struct nrq_slot *slot = NULL;

	slot = nrq_find_current();
	if (!slot)
		slot = &nrq_slots[0];
	return slot;
}

/**
 * bpf_nrq_checked() - A slot, with a fallback.
 * @idx: slot index
 *
 * Return: the slot, or the first slot when @idx is out of range.
 */
__bpf_kfunc struct nrq_slot *bpf_nrq_checked(u32 idx)
{
	struct nrq_slot *slot = NULL;

	if (idx < NRQ_SLOTS)
		slot = &nrq_slots[idx];
	if (!slot)
		return &nrq_slots[0];
	return slot;
}

/**
 * bpf_nrq_walk() - The last slot of a chain.
 * @head: first slot of the chain
 *
 * Return: the last slot; the chain is never empty.
 */
__bpf_kfunc struct nrq_slot *bpf_nrq_walk(struct nrq_slot *head)
{
	struct nrq_slot *pos = NULL;

	nrq_for_each_slot(pos, head)
		nrq_touch(pos);
	return pos;
}

/**
 * bpf_nrq_same() - Return the object passed in.
 * @obj: an object
 *
 * Return: @obj.
 */
__bpf_kfunc struct nrq_obj *bpf_nrq_same(struct nrq_obj *obj)
{
	return nrq_self(obj);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(nrq_kfunc_ids)
BTF_ID_FLAGS(func, bpf_nrq_slot, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_nrq_alloc)
BTF_ID_FLAGS(func, bpf_nrq_current)
BTF_ID_FLAGS(func, bpf_nrq_checked)
BTF_ID_FLAGS(func, bpf_nrq_walk)
BTF_ID_FLAGS(func, bpf_nrq_same, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(nrq_kfunc_ids)

static const struct btf_kfunc_id_set nrq_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &nrq_kfunc_ids,
};

static int __init nrq_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &nrq_kfunc_set);
}
late_initcall(nrq_init);
