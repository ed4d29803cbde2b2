// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_CORE, which CONFIG_BPF_CFG_KC_JIT selects.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_core_insns() - Count the instructions run.
 *
 * Return: the number of instructions.
 */
__bpf_kfunc u32 bpf_cfg_kc_core_insns(void)
{
	return this_cpu_read(cfg_kc_insns);
}

__bpf_kfunc_end_defs();
