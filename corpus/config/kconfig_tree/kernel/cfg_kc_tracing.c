// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_TRACING; listed from kernel/cfg_kc_always.c
 * under an option of a menu that depends on CONFIG_BPF_CFG_KC_TRACING.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_map_count() - Count the maps.
 *
 * Return: the number of maps.
 */
__bpf_kfunc u32 bpf_cfg_kc_map_count(void)
{
	return atomic_read(&cfg_kc_maps);
}

__bpf_kfunc_end_defs();
