// SPDX-License-Identifier: GPL-2.0
/*
 * A 7.0-style sched_ext pair: the new insert kfunc is named with a '___v2'
 * suffix next to the old one. libbpf strips an extern's last '___' part before
 * looking it up, so kflint's header declares it with one more suffix.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

static bool corpus_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags)
{
	return p && dsq_id != ~0ULL && slice + enq_flags != 0;
}

__bpf_kfunc_start_defs();

/**
 * scx_bpf_dsq_insert___v2() - Insert a task into a dispatch queue.
 * @p: the task
 * @dsq_id: the queue
 * @slice: time slice, 0 to keep the current one
 * @enq_flags: SCX_ENQ_*
 *
 * Return: %true if inserted, %false if the scheduler is being aborted.
 */
__bpf_kfunc bool scx_bpf_dsq_insert___v2(struct task_struct *p, u64 dsq_id, u64 slice,
					 u64 enq_flags)
{
	return corpus_dsq_insert(p, dsq_id, slice, enq_flags);
}

/**
 * scx_bpf_dsq_insert() - Insert a task into a dispatch queue (the first version).
 * @p: the task
 * @dsq_id: the queue
 * @slice: time slice, 0 to keep the current one
 * @enq_flags: SCX_ENQ_*
 */
__bpf_kfunc void scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice,
				    u64 enq_flags)
{
	corpus_dsq_insert(p, dsq_id, slice, enq_flags);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(scx_kfunc_ids_enqueue_dispatch)
BTF_ID_FLAGS(func, scx_bpf_dsq_insert, KF_RCU)
BTF_ID_FLAGS(func, scx_bpf_dsq_insert___v2, KF_RCU)
BTF_KFUNCS_END(scx_kfunc_ids_enqueue_dispatch)

static const struct btf_kfunc_id_set scx_kfunc_set_enqueue_dispatch = {
	.owner	= THIS_MODULE,
	.set	= &scx_kfunc_ids_enqueue_dispatch,
};

static int __init scx_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS,
					 &scx_kfunc_set_enqueue_dispatch);
}
late_initcall(scx_init);
