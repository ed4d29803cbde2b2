// SPDX-License-Identifier: GPL-2.0
/*
 * The same program types on 6.12 (this file's kernel), where they all have
 * kfunc hooks, plus BPF_PROG_TYPE_UNSPEC for every program type and a
 * program type held in a variable, which is not judged.
 */
/* near-miss: KF029 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ph2_mark() - Read a packet mark.
 * @skb: the packet
 *
 * Return: the mark.
 */
__bpf_kfunc u32 bpf_reg_ph2_mark(struct __sk_buff *skb)
{
	return reg_ph2_get_mark(skb);
}

/**
 * bpf_reg_ph2_now() - Read the clock.
 *
 * Return: the time in nanoseconds.
 */
__bpf_kfunc u64 bpf_reg_ph2_now(void)
{
	return ktime_get_ns();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_ph2_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ph2_mark)
BTF_KFUNCS_END(reg_ph2_kfunc_ids)

BTF_KFUNCS_START(reg_ph2_common_ids)
BTF_ID_FLAGS(func, bpf_reg_ph2_now)
BTF_KFUNCS_END(reg_ph2_common_ids)

static const struct btf_kfunc_id_set reg_ph2_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ph2_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_ph2_common_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ph2_common_ids,
};

static const enum bpf_prog_type reg_ph2_types[] = {
	BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_NETFILTER,
};

static int __init reg_ph2_init(void)
{
	int i, ret = 0;

	for (i = 0; i < ARRAY_SIZE(reg_ph2_types) && !ret; i++)
		ret = register_btf_kfunc_id_set(reg_ph2_types[i], &reg_ph2_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_CGROUP_SKB, &reg_ph2_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &reg_ph2_common_set);
}
late_initcall(reg_ph2_init);
