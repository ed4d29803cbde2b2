// SPDX-License-Identifier: GPL-2.0
/*
 * A second end left behind when two blocks were merged (a warning: it pops
 * state it did not push), a block closed with the end of another kind (a
 * note: both ends are __diag_pop()), and a hook block whose end was never
 * written (a warning: the warnings stay off to the end of the file).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ub_get() - Read a slot.
 * @slot: slot number
 *
 * Return: the slot's value.
 */
__bpf_kfunc u64 bpf_reg_ub_get(u32 slot)
{
	return reg_ub_slots[slot & 7];
}

__bpf_kfunc_end_defs();

__bpf_kfunc_end_defs(); /* expect: KF027 */

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ub_set() - Write a slot.
 * @slot: slot number
 * @val: the value
 */
__bpf_kfunc void bpf_reg_ub_set(u32 slot, u64 val)
{
	reg_ub_slots[slot & 7] = val;
}

__bpf_hook_end(); /* expect: KF027 */

BTF_KFUNCS_START(reg_ub_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ub_get)
BTF_ID_FLAGS(func, bpf_reg_ub_set)
BTF_KFUNCS_END(reg_ub_kfunc_ids)

static const struct btf_kfunc_id_set reg_ub_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ub_kfunc_ids,
};

__bpf_hook_start(); /* expect: KF027 */

/**
 * reg_ub_choose() - A hook BPF programs may replace.
 * @x: the input
 *
 * Return: @x.
 */
__weak noinline int reg_ub_choose(int x)
{
	return x;
}

static int __init reg_ub_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_ub_kfunc_set);
}
late_initcall(reg_ub_init);
