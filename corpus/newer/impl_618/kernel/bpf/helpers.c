// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.18-style tree: kfuncs that need the calling program's bpf_prog_aux take
 * it as a trailing 'void *aux__prog' under an _impl name; the program passes
 * NULL and the verifier fills it in. 7.0 replaces these (corpus/newer/implicit_70).
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
 * bpf_wq_set_callback_impl() - Set the callback of a BPF workqueue.
 * @wq: the workqueue embedded in a map value
 * @callback_fn: the callback
 * @flags: must be 0
 * @aux__prog: the calling program; programs pass NULL, the verifier fills it in
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_wq_set_callback_impl(struct bpf_wq *wq,
					 int (callback_fn)(void *map, int *key, void *value),
					 unsigned int flags,
					 void *aux__prog)
{
	struct bpf_prog_aux *aux = aux__prog;

	if (flags || !wq || !aux)
		return -EINVAL;
	return callback_fn ? 0 : -EINVAL;
}

/**
 * bpf_task_work_schedule_signal_impl() - Run a callback in a task's context, signalling it.
 * @task: the task
 * @tw: the task work embedded in a map value
 * @map__map: the map holding @tw
 * @callback: the callback
 * @aux__prog: the calling program; programs pass NULL, the verifier fills it in
 *
 * Return: 0 if scheduled, a negative error otherwise.
 */
__bpf_kfunc int bpf_task_work_schedule_signal_impl(struct task_struct *task,
						   struct bpf_task_work *tw, void *map__map,
						   bpf_task_work_callback_t callback,
						   void *aux__prog)
{
	return corpus_task_work_schedule(task, tw, map__map, callback, aux__prog, 1);
}

/**
 * bpf_task_work_schedule_resume_impl() - Run a callback when a task returns to user space.
 * @task: the task
 * @tw: the task work embedded in a map value
 * @map__map: the map holding @tw
 * @callback: the callback
 * @aux__prog: the calling program; programs pass NULL, the verifier fills it in
 *
 * Return: 0 if scheduled, a negative error otherwise.
 */
__bpf_kfunc int bpf_task_work_schedule_resume_impl(struct task_struct *task,
						   struct bpf_task_work *tw, void *map__map,
						   bpf_task_work_callback_t callback,
						   void *aux__prog)
{
	return corpus_task_work_schedule(task, tw, map__map, callback, aux__prog, 2);
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
BTF_ID_FLAGS(func, bpf_wq_set_callback_impl)
BTF_ID_FLAGS(func, bpf_wq_start)
BTF_ID_FLAGS(func, bpf_task_work_schedule_signal_impl, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_task_work_schedule_resume_impl, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_stream_vprintk_impl, KF_TRUSTED_ARGS)
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
