// SPDX-License-Identifier: GPL-2.0
/*
 * A kfunc that two sets list on purpose, with the same flags (written in a
 * different order), the way kernel/sched/ext.c puts its move-from-queue
 * kfuncs in both the dispatch set and the unlocked set. One set is also
 * registered for several program types.
 */
/* near-miss: KF023 KF025 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct reg_fe_queue;

__bpf_kfunc_start_defs();

/**
 * bpf_reg_fe_move() - Move a task between queues.
 * @from: source queue
 * @to: destination queue
 *
 * Return: true when a task was moved.
 */
__bpf_kfunc bool bpf_reg_fe_move(struct reg_fe_queue *from, struct reg_fe_queue *to)
{
	return reg_fe_do_move(from, to);
}

/**
 * bpf_reg_fe_kick() - Kick a queue.
 * @q: the queue
 */
__bpf_kfunc void bpf_reg_fe_kick(struct reg_fe_queue *q)
{
	reg_fe_do_kick(q);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_fe_dispatch_ids)
BTF_ID_FLAGS(func, bpf_reg_fe_move, KF_TRUSTED_ARGS | KF_RCU)
BTF_KFUNCS_END(reg_fe_dispatch_ids)

BTF_KFUNCS_START(reg_fe_unlocked_ids)
BTF_ID_FLAGS(func, bpf_reg_fe_move, KF_RCU | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_reg_fe_kick, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(reg_fe_unlocked_ids)

static const struct btf_kfunc_id_set reg_fe_dispatch_set = {
	.owner = THIS_MODULE,
	.set   = &reg_fe_dispatch_ids,
};

static const struct btf_kfunc_id_set reg_fe_unlocked_set = {
	.owner = THIS_MODULE,
	.set   = &reg_fe_unlocked_ids,
};

static int __init reg_fe_init(void)
{
	int ret;

	if ((ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS,
					     &reg_fe_dispatch_set)) ||
	    (ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS,
					     &reg_fe_unlocked_set)) ||
	    (ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL,
					     &reg_fe_unlocked_set))) {
		pr_err("reg_fe: failed to register kfuncs (%d)\n", ret);
		return ret;
	}
	return 0;
}
late_initcall(reg_fe_init);
