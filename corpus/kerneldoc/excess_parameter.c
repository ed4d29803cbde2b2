// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptions of parameters the kfunc does not have: a removed argument
 * (scx_bpf_cpuperf_set's @flags in 6.12), and a name written without its
 * suffix, which also leaves the real parameter undescribed.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_exc_perf_set() - Set the relative performance target of a CPU.
 * @cpu: CPU of interest
 * @perf: target performance level [0, 1024]
 * @flags: %SCX_CPUPERF_* flags
 */
__bpf_kfunc void bpf_kdoc_exc_perf_set(s32 cpu, u32 perf) /* expect: KF082 */
{
	kdoc_exc_set_perf(cpu, perf);
}

/**
 * bpf_kdoc_exc_slot() - Read a slot of a table.
 * @table: table to read
 * @slot: index of the slot, a constant
 *
 * Return: the value in @slot.
 */
/* expect: KF082 */
__bpf_kfunc u64 bpf_kdoc_exc_slot(struct kdoc_exc_table *table,
				  u32 slot__k) /* expect: KF083 */
{
	return table->slots[slot__k % KDOC_EXC_SLOTS];
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_exc_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_exc_perf_set)
BTF_ID_FLAGS(func, bpf_kdoc_exc_slot, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(kdoc_exc_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_exc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_exc_kfunc_ids,
};

static int __init kdoc_exc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &kdoc_exc_kfunc_set);
}
late_initcall(kdoc_exc_init);
