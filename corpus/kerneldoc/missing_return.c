// SPDX-License-Identifier: GPL-2.0
/*
 * Non-void kfuncs whose doc block has no Return: section: a scalar, a
 * void * (only a plain void return is exempt), and "Return value:", which
 * is not a section heading for kernel-doc.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_ret_count() - Count the queued entries.
 * @q: queue of interest
 */
__bpf_kfunc u32 bpf_kdoc_ret_count(struct kdoc_ret_queue *q) /* expect: KF084 */
{
	return READ_ONCE(q->count);
}

/**
 * bpf_kdoc_ret_data() - Get the data area of a queue.
 * @q: queue of interest
 * @len: number of bytes the program will access
 */
__bpf_kfunc void *bpf_kdoc_ret_data(struct kdoc_ret_queue *q, u32 len) /* expect: KF084 */
{
	return len <= q->size ? q->data : NULL;
}

/**
 * bpf_kdoc_ret_pop() - Remove the first entry.
 * @q: queue of interest
 *
 * Return value: the entry, or 0 when the queue is empty.
 */
__bpf_kfunc u64 bpf_kdoc_ret_pop(struct kdoc_ret_queue *q) /* expect: KF084 */
{
	return kdoc_ret_pop(q);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_ret_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_ret_count, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_ret_data, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_ret_pop, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(kdoc_ret_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_ret_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_ret_kfunc_ids,
};

static int __init kdoc_ret_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kdoc_ret_kfunc_set);
}
late_initcall(kdoc_ret_init);
