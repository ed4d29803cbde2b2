// SPDX-License-Identifier: GPL-2.0
/*
 * Definitions under #if conditions their set entries do not have: whenever
 * the condition is false, resolve_btfids cannot resolve the entry and, from
 * 6.4, the whole set is rejected at registration.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

static atomic64_t cfg_ifd_packets;

__bpf_kfunc_start_defs();

#ifdef CONFIG_BPF_CFG_IFD_STATS
/**
 * bpf_cfg_ifd_packets() - Count the packets seen so far.
 *
 * Return: the number of packets.
 */
__bpf_kfunc u64 bpf_cfg_ifd_packets(void)
{
	return atomic64_read(&cfg_ifd_packets);
}
#endif

#ifdef CONFIG_BPF_CFG_IFD_FAST
static u64 cfg_ifd_fast_reset(void)
{
	return 0;
}
#else
/**
 * bpf_cfg_ifd_reset() - Reset the packet counter.
 *
 * Return: the count before the reset.
 */
__bpf_kfunc u64 bpf_cfg_ifd_reset(void)
{
	return atomic64_xchg(&cfg_ifd_packets, 0);
}
#endif

#if IS_ENABLED(CONFIG_BPF_CFG_IFD_STATS) && defined(CONFIG_BPF_CFG_IFD_TRACE)
/**
 * bpf_cfg_ifd_trace() - Trace the packet counter.
 * @tag: a tag for the trace line
 *
 * Return: the number of packets.
 */
__bpf_kfunc u64 bpf_cfg_ifd_trace(u32 tag)
{
	trace_printk("%u %lld\n", tag, atomic64_read(&cfg_ifd_packets));
	return atomic64_read(&cfg_ifd_packets);
}
#endif

#ifdef CONFIG_BPF_CFG_IFD_RING
/**
 * bpf_cfg_ifd_ring() - Return the packets in the ring.
 *
 * Return: the number of packets in the ring.
 */
__bpf_kfunc u64 bpf_cfg_ifd_ring(void)
{
	return atomic64_read(&cfg_ifd_packets) & 0xff;
}
#endif

#if 0
/**
 * bpf_cfg_ifd_legacy() - Return the legacy packet count.
 *
 * Return: the number of packets.
 */
__bpf_kfunc u64 bpf_cfg_ifd_legacy(void)
{
	return atomic64_read(&cfg_ifd_packets);
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_ifd_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_ifd_packets) /* expect: KF070 */
/* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_ifd_reset)
#ifdef CONFIG_BPF_CFG_IFD_STATS
BTF_ID_FLAGS(func, bpf_cfg_ifd_trace) /* expect: KF070 */
#endif
#ifndef CONFIG_BPF_CFG_IFD_RING
BTF_ID_FLAGS(func, bpf_cfg_ifd_ring) /* expect: KF070 */
#endif
BTF_ID_FLAGS(func, bpf_cfg_ifd_legacy) /* expect: KF070 */
BTF_KFUNCS_END(cfg_ifd_kfunc_ids)

static const struct btf_kfunc_id_set cfg_ifd_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_ifd_kfunc_ids,
};

static int __init cfg_ifd_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_ifd_kfunc_set);
}
late_initcall(cfg_ifd_init);
