// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_X86 is defined by arch/x86/Kconfig only: for the other
 * architectures it is never set, but it is not an undefined symbol. The
 * tristate-style _MODULE spelling of a defined symbol is not one either.
 */
/* near-miss: KF071 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

#if defined(CONFIG_X86) || defined(CONFIG_SMP_MODULE)
/**
 * bpf_cfg_ar_tsc_khz() - Read the TSC frequency.
 *
 * Return: the frequency in kHz.
 */
__bpf_kfunc u32 bpf_cfg_ar_tsc_khz(void)
{
	return cfg_ar_tsc_khz;
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_ar_x86_kfunc_ids)
#if defined(CONFIG_X86) || defined(CONFIG_SMP_MODULE)
BTF_ID_FLAGS(func, bpf_cfg_ar_tsc_khz)
#endif
BTF_KFUNCS_END(cfg_ar_x86_kfunc_ids)

static const struct btf_kfunc_id_set cfg_ar_x86_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_ar_x86_kfunc_ids,
};

static int __init cfg_ar_x86_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_ar_x86_kfunc_set);
}
late_initcall(cfg_ar_x86_init);
