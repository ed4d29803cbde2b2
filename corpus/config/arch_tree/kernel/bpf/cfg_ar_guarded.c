// SPDX-License-Identifier: GPL-2.0
/*
 * Entries whose definitions are there in every configuration that compiles
 * them: the same guard; a guard (NUMA) that depends on the definition's
 * (SMP) on every architecture that defines it; a symbol every
 * architecture selects unconditionally; a definition in a file Kbuild builds
 * only with CONFIG_NUMA; IS_ENABLED() for defined(); and a whole set under
 * the definition's guard.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

#ifdef CONFIG_NUMA
/**
 * bpf_cfg_ar_node_of() - Name the memory node of a CPU.
 * @cpu: the CPU
 *
 * Return: the node id.
 */
__bpf_kfunc int bpf_cfg_ar_node_of(int cpu)
{
	return cpu_to_node(cpu);
}
#endif

#ifdef CONFIG_SMP
/**
 * bpf_cfg_ar_cpu_count() - Count the online CPUs.
 *
 * Return: the number of CPUs.
 */
__bpf_kfunc u32 bpf_cfg_ar_cpu_count(void)
{
	return num_online_cpus();
}
#endif

#if IS_ENABLED(CONFIG_NUMA)
/**
 * bpf_cfg_ar_node_id() - Name the memory node of the current CPU.
 *
 * Return: the node id.
 */
__bpf_kfunc int bpf_cfg_ar_node_id(void)
{
	return numa_node_id();
}
#endif

#ifdef CONFIG_HAVE_CFG_AR_CLOCK
/**
 * bpf_cfg_ar_cycles() - Read the cycle counter.
 *
 * Return: the cycle count.
 */
__bpf_kfunc u64 bpf_cfg_ar_cycles(void)
{
	return get_cycles();
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_ar_guarded_kfunc_ids)
#ifdef CONFIG_NUMA
BTF_ID_FLAGS(func, bpf_cfg_ar_node_of)
BTF_ID_FLAGS(func, bpf_cfg_ar_cpu_count)
BTF_ID_FLAGS(func, bpf_cfg_ar_node_pages)
BTF_ID_FLAGS(func, bpf_cfg_ar_node_id)
#endif
BTF_ID_FLAGS(func, bpf_cfg_ar_cycles)
BTF_KFUNCS_END(cfg_ar_guarded_kfunc_ids)

static const struct btf_kfunc_id_set cfg_ar_guarded_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_ar_guarded_kfunc_ids,
};

static int __init cfg_ar_guarded_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_ar_guarded_kfunc_set);
}
late_initcall(cfg_ar_guarded_init);

#ifdef CONFIG_NUMA
BTF_KFUNCS_START(cfg_ar_numa_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_ar_node_distance)
BTF_KFUNCS_END(cfg_ar_numa_kfunc_ids)

static const struct btf_kfunc_id_set cfg_ar_numa_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_ar_numa_kfunc_ids,
};

static int __init cfg_ar_numa_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_ar_numa_kfunc_set);
}
late_initcall(cfg_ar_numa_init);
#endif
