// SPDX-License-Identifier: GPL-2.0
/*
 * A 7.0-style tree: the _impl kfuncs of 6.18 (corpus/newer/impl_618) are gone;
 * the plain names take a trailing 'struct bpf_prog_aux *' and are flagged
 * KF_IMPLICIT_ARGS, so the verifier supplies it and programs do not pass it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_wq;
struct bpf_task_work;
typedef int (*bpf_task_work_callback_t)(struct bpf_map *map, void *key, void *value);

static int corpus_task_work_schedule(struct task_struct *task, struct bpf_task_work *tw,
				     void *map, bpf_task_work_callback_t callback,
				     struct bpf_prog_aux *aux, int mode)
{
	if (!task || !tw || !map || !callback || !aux)
		return -EINVAL;
	return mode;
}

__bpf_kfunc_start_defs();

/**
 * bpf_wq_set_callback() - Set the callback of a BPF workqueue.
 * @wq: the workqueue embedded in a map value
 * @callback_fn: the callback
 * @flags: must be 0
 * @aux: the calling program, supplied by the verifier (KF_IMPLICIT_ARGS)
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_wq_set_callback(struct bpf_wq *wq,
				    int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags,
				    struct bpf_prog_aux *aux)
{
	if (flags || !wq || !aux)
		return -EINVAL;
	return callback_fn ? 0 : -EINVAL;
}

/**
 * bpf_task_work_schedule_signal() - Run a callback in a task's context, signalling it.
 * @task: the task
 * @tw: the task work embedded in a map value
 * @map__map: the map holding @tw
 * @callback: the callback
 * @aux: the calling program, supplied by the verifier (KF_IMPLICIT_ARGS)
 *
 * Return: 0 if scheduled, a negative error otherwise.
 */
__bpf_kfunc int bpf_task_work_schedule_signal(struct task_struct *task,
					      struct bpf_task_work *tw, void *map__map,
					      bpf_task_work_callback_t callback,
					      struct bpf_prog_aux *aux)
{
	return corpus_task_work_schedule(task, tw, map__map, callback, aux, 1);
}

/**
 * bpf_task_work_schedule_resume() - Run a callback when a task returns to user space.
 * @task: the task
 * @tw: the task work embedded in a map value
 * @map__map: the map holding @tw
 * @callback: the callback
 * @aux: the calling program, supplied by the verifier (KF_IMPLICIT_ARGS)
 *
 * Return: 0 if scheduled, a negative error otherwise.
 */
__bpf_kfunc int bpf_task_work_schedule_resume(struct task_struct *task,
					      struct bpf_task_work *tw, void *map__map,
					      bpf_task_work_callback_t callback,
					      struct bpf_prog_aux *aux)
{
	return corpus_task_work_schedule(task, tw, map__map, callback, aux, 2);
}

/**
 * bpf_wq_start() - Queue a BPF workqueue.
 * @wq: the workqueue
 * @flags: must be 0
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_wq_start(struct bpf_wq *wq, unsigned int flags)
{
	return flags || !wq ? -EINVAL : 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(common_btf_ids)
BTF_ID_FLAGS(func, bpf_wq_set_callback, KF_IMPLICIT_ARGS)
BTF_ID_FLAGS(func, bpf_wq_start)
BTF_ID_FLAGS(func, bpf_task_work_schedule_signal, KF_IMPLICIT_ARGS)
BTF_ID_FLAGS(func, bpf_task_work_schedule_resume, KF_IMPLICIT_ARGS)
BTF_ID_FLAGS(func, bpf_stream_vprintk, KF_IMPLICIT_ARGS)
BTF_KFUNCS_END(common_btf_ids)

static const struct btf_kfunc_id_set common_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &common_btf_ids,
};

static int __init kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &common_kfunc_set);
}
late_initcall(kfunc_init);
