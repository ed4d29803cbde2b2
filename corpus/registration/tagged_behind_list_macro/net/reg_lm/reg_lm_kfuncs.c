// SPDX-License-Identifier: GPL-2.0
/*
 * A set line kflint cannot expand (the list macro is defined nowhere it can
 * see) may list the second tagged function: KF020 stays quiet and KF000
 * reports the line instead.
 */
/* near-miss: KF020 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_lm_first() - First value.
 *
 * Return: 1.
 */
__bpf_kfunc int bpf_reg_lm_first(void)
{
	return 1;
}

/**
 * bpf_reg_lm_second() - Second value.
 *
 * Return: 2.
 */
__bpf_kfunc int bpf_reg_lm_second(void)
{
	return 2;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_lm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_lm_first)
REG_LM_MORE_KFUNCS /* expect: KF000 */
BTF_KFUNCS_END(reg_lm_kfunc_ids)

static const struct btf_kfunc_id_set reg_lm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_lm_kfunc_ids,
};

static int __init reg_lm_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_lm_kfunc_set);
}
late_initcall(reg_lm_init);
