// SPDX-License-Identifier: GPL-2.0
/*
 * Defined in a file Kbuild builds with CONFIG_BPF_CFG_KC_EVENTS, listed from
 * kernel/bpf/cfg_kc_lsm.c under CONFIG_BPF_CFG_KC_LSM, which depends on it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_trace_depth() - Read the trace nesting depth.
 *
 * Return: the nesting depth.
 */
__bpf_kfunc u32 bpf_cfg_kc_trace_depth(void)
{
	return this_cpu_read(cfg_kc_trace_nest);
}

__bpf_kfunc_end_defs();
