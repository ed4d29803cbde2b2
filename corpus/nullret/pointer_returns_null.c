// SPDX-License-Identifier: GPL-2.0
/*
 * Pointer-returning kfuncs that can hand back NULL but are listed without
 * KF_RET_NULL: programs are never made to test the result.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

static struct nrp_node *nrp_walk(struct nrp_tree *t, u64 key)
{
	if (!t->root)
		return NULL;
	return nrp_descend(t->root, key);
}

__bpf_kfunc_start_defs();

/**
 * bpf_nrp_slot() - Look up a slot.
 * @idx: slot index
 *
 * Return: the slot, or NULL when @idx is out of range.
 */
__bpf_kfunc struct nrp_slot *bpf_nrp_slot(u32 idx)
{
	return idx < NRP_SLOTS ? &nrp_slots[idx] : NULL;
}

/**
 * bpf_nrp_slot_rev() - Look up a slot from the end.
 * @idx: slot index from the end
 *
 * Return: the slot, or NULL when @idx is out of range.
 */
__bpf_kfunc struct nrp_slot *bpf_nrp_slot_rev(u32 idx)
{
	return unlikely(idx >= NRP_SLOTS) ? NULL : &nrp_slots[NRP_SLOTS - 1 - idx];
}

/**
 * bpf_nrp_counter() - Find a per-slot counter.
 * @idx: slot index
 *
 * Return: the counter, or NULL when @idx is out of range.
 */
__bpf_kfunc u64 *bpf_nrp_counter(u32 idx)
{
	if (idx >= NRP_SLOTS)
		return NULL;
	return &nrp_slots[idx].count;
}

/**
 * bpf_nrp_first_busy() - Find the first busy slot.
 *
 * Return: the first busy slot, or NULL when every slot is idle.
 */
__bpf_kfunc struct nrp_slot *bpf_nrp_first_busy(void)
{
	struct nrp_slot *found = NULL;
	u32 i;

	for (i = 0; i < NRP_SLOTS; i++)
		nrp_touch(i);
	if (nrp_any_busy())
		found = nrp_pick_busy();
	return found;
}

/**
 * bpf_nrp_lookup() - Look a key up in the default tree.
 * @key: key to find
 *
 * Return: the node holding @key, or NULL.
 */
__bpf_kfunc struct nrp_node *bpf_nrp_lookup(u64 key)
{
	return nrp_walk(&nrp_default_tree, key);
}

/**
 * bpf_nrp_peek() - Peek at the head of a queue.
 * @q: queue to peek at
 *
 * Return: the head node, or NULL when @q is empty.
 */
__bpf_kfunc struct nrp_node *bpf_nrp_peek(struct nrp_queue *q)
{
	return nrp_queue_empty(q) ? NULL : q->head;
}

/**
 * bpf_nrp_peek_default() - Peek at the head of the default queue.
 *
 * Return: the head node, or NULL when the queue is empty.
 */
__bpf_kfunc struct nrp_node *bpf_nrp_peek_default(void)
{
	return bpf_nrp_peek(&nrp_default_queue);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(nrp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_nrp_slot) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrp_slot_rev) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrp_counter) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrp_first_busy) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrp_lookup) /* expect: KF057 */
BTF_ID_FLAGS(func, bpf_nrp_peek, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_nrp_peek_default) /* expect: KF057 */
BTF_KFUNCS_END(nrp_kfunc_ids)

static const struct btf_kfunc_id_set nrp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &nrp_kfunc_ids,
};

static int __init nrp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &nrp_kfunc_set);
}
late_initcall(nrp_init);
