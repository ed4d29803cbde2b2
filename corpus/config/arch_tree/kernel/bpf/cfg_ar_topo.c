// SPDX-License-Identifier: GPL-2.0
/*
 * Definitions under symbols some architecture forces on, listed unguarded.
 * This tree's s390 makes NUMA and 64BIT def_bool y, but x86 asks about NUMA
 * and arm has neither, so a configuration kconfig accepts compiles each
 * entry without its definition. PREEMPT_RT is one answer of a choice.
 * bpf_cfg_ar_node_pages is in a file Kbuild builds only with CONFIG_NUMA.
 * CONFIG_X86 is never off on x86, but no other architecture defines it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

#ifdef CONFIG_NUMA
/**
 * bpf_cfg_ar_node_count() - Count the online memory nodes.
 *
 * Return: the number of nodes.
 */
__bpf_kfunc u32 bpf_cfg_ar_node_count(void)
{
	return num_online_nodes();
}
#endif

#ifdef CONFIG_64BIT
/**
 * bpf_cfg_ar_wide_clock() - Read the clock in one load.
 *
 * Return: the clock value.
 */
__bpf_kfunc u64 bpf_cfg_ar_wide_clock(void)
{
	return READ_ONCE(cfg_ar_clock);
}
#endif

#ifndef CONFIG_PREEMPT_RT
/**
 * bpf_cfg_ar_irq_latency() - Read the worst interrupt latency seen.
 *
 * Return: the latency in nanoseconds.
 */
__bpf_kfunc u64 bpf_cfg_ar_irq_latency(void)
{
	return READ_ONCE(cfg_ar_latency);
}
#endif

#ifdef CONFIG_X86
/**
 * bpf_cfg_ar_tsc_scale() - Read the TSC scaling factor.
 *
 * Return: the factor.
 */
__bpf_kfunc u32 bpf_cfg_ar_tsc_scale(void)
{
	return READ_ONCE(cfg_ar_tsc_mult);
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_ar_topo_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_ar_node_count) /* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_ar_wide_clock) /* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_ar_irq_latency) /* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_ar_node_pages) /* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_ar_tsc_scale) /* expect: KF070 */
BTF_KFUNCS_END(cfg_ar_topo_kfunc_ids)

static const struct btf_kfunc_id_set cfg_ar_topo_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_ar_topo_kfunc_ids,
};

static int __init cfg_ar_topo_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_ar_topo_kfunc_set);
}
late_initcall(cfg_ar_topo_init);
