// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_HARD, which CONFIG_BPF_CFG_KC_SOFT only
 * implies: a user can still turn it off.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_hard_level() - Read the hard feature's level.
 *
 * Return: the level.
 */
__bpf_kfunc u32 bpf_cfg_kc_hard_level(void)
{
	return READ_ONCE(cfg_kc_level);
}

__bpf_kfunc_end_defs();
