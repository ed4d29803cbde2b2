// SPDX-License-Identifier: GPL-2.0
/*
 * Entries guarded at least as tightly as their definitions: the same
 * symbol, a stronger condition, a definition in both branches of an
 * #ifdef, or the same condition kflint cannot split. All stay clean.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

static atomic64_t cfg_sg_packets;

__bpf_kfunc_start_defs();

#ifdef CONFIG_BPF_CFG_SG_STATS
/**
 * bpf_cfg_sg_packets() - Count the packets seen so far.
 *
 * Return: the number of packets.
 */
__bpf_kfunc u64 bpf_cfg_sg_packets(void)
{
	return atomic64_read(&cfg_sg_packets);
}
#endif

#if IS_ENABLED(CONFIG_BPF_CFG_SG_STATS)
/**
 * bpf_cfg_sg_peek() - Read the packet counter without side effects.
 *
 * Return: the number of packets.
 */
__bpf_kfunc u64 bpf_cfg_sg_peek(void)
{
	return atomic64_read(&cfg_sg_packets);
}
#endif

#ifdef CONFIG_BPF_CFG_SG_FAST
/**
 * bpf_cfg_sg_reset() - Reset the packet counter.
 *
 * Return: the count before the reset.
 */
__bpf_kfunc u64 bpf_cfg_sg_reset(void)
{
	return atomic64_xchg(&cfg_sg_packets, 0);
}
#else
/**
 * bpf_cfg_sg_reset() - Reset the packet counter.
 *
 * Return: the count before the reset.
 */
__bpf_kfunc u64 bpf_cfg_sg_reset(void)
{
	u64 old = atomic64_read(&cfg_sg_packets);

	atomic64_set(&cfg_sg_packets, 0);
	return old;
}
#endif

#if defined(CONFIG_BPF_CFG_SG_RING) || defined(CONFIG_BPF_CFG_SG_QUEUE)
/**
 * bpf_cfg_sg_backlog() - Return the packets waiting in the ring or queue.
 *
 * Return: the number of waiting packets.
 */
__bpf_kfunc u64 bpf_cfg_sg_backlog(void)
{
	return atomic64_read(&cfg_sg_packets) & 0xff;
}
#endif

#ifndef CONFIG_BPF_CFG_SG_LEGACY
/**
 * bpf_cfg_sg_modern() - Tell whether the modern counter is used.
 *
 * Return: always 1.
 */
__bpf_kfunc u32 bpf_cfg_sg_modern(void)
{
	return 1;
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_sg_kfunc_ids)
#ifdef CONFIG_BPF_CFG_SG_STATS
BTF_ID_FLAGS(func, bpf_cfg_sg_packets)
#endif
#if defined(CONFIG_BPF_CFG_SG_STATS) && defined(CONFIG_BPF_CFG_SG_TRACE)
BTF_ID_FLAGS(func, bpf_cfg_sg_peek)
#endif
BTF_ID_FLAGS(func, bpf_cfg_sg_reset)
#if defined(CONFIG_BPF_CFG_SG_RING) || defined(CONFIG_BPF_CFG_SG_QUEUE)
BTF_ID_FLAGS(func, bpf_cfg_sg_backlog)
#endif
#if !IS_ENABLED(CONFIG_BPF_CFG_SG_LEGACY)
BTF_ID_FLAGS(func, bpf_cfg_sg_modern)
#endif
BTF_KFUNCS_END(cfg_sg_kfunc_ids)

static const struct btf_kfunc_id_set cfg_sg_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_sg_kfunc_ids,
};

static int __init cfg_sg_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_sg_kfunc_set);
}
late_initcall(cfg_sg_init);
