// SPDX-License-Identifier: GPL-2.0
/*
 * Correct iterator triples: a numbers iterator whose _next returns a
 * pointer to a scalar, an RCU-protected task iterator whose constructor
 * takes extra arguments (bpf_iter_task_new style), and a non-iterator
 * kfunc that takes a live iterator through an __iter argument
 * (scx_bpf_dispatch_from_dsq style).
 */
/* near-miss: KF047 */
/* near-miss: KF050 */
/* near-miss: KF051 */
/* near-miss: KF052 */
/* near-miss: KF053 */
/* near-miss: KF054 */
/* near-miss: KF055 */
/* near-miss: KF056 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflnum {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kfltask {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflnum_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflnum_new(struct bpf_iter_kflnum *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflnum_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflnum_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc int *bpf_iter_kflnum_next(struct bpf_iter_kflnum *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflnum_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflnum_new()
 */
__bpf_kfunc void bpf_iter_kflnum_destroy(struct bpf_iter_kflnum *it)
{
	kfl_iter_fini(it);
}

/**
 * bpf_iter_kfltask_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @task__nullable: where to start
 * @flags: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kfltask_new(struct bpf_iter_kfltask *it, struct task_struct *task__nullable, unsigned int flags)
{
	return kfl_iter_init(it, flags);
}

/**
 * bpf_iter_kfltask_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kfltask_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct task_struct *bpf_iter_kfltask_next(struct bpf_iter_kfltask *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kfltask_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kfltask_new()
 */
__bpf_kfunc void bpf_iter_kfltask_destroy(struct bpf_iter_kfltask *it)
{
	kfl_iter_fini(it);
}

/**
 * bpf_kflit_move_to() - Move the iterator's current task to a queue.
 * @it__iter: a live task iterator
 * @dst: target queue
 *
 * Return: true if the task was moved.
 */
__bpf_kfunc bool bpf_kflit_move_to(struct bpf_iter_kfltask *it__iter, u64 dst)
{
	return kflit_move(it__iter, dst);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflit_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflnum_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflnum_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflnum_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_iter_kfltask_new, KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED)
BTF_ID_FLAGS(func, bpf_iter_kfltask_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kfltask_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_kflit_move_to, KF_RCU)
BTF_KFUNCS_END(kflit_kfunc_ids)

static const struct btf_kfunc_id_set kflit_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflit_kfunc_ids,
};

static int __init kflit_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &kflit_kfunc_set);
}
late_initcall(kflit_init);
