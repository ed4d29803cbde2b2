// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_ONE, one of the two backends that
 * CONFIG_BPF_CFG_KC_EITHER depends on.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_backend_id() - Name the backend in use.
 *
 * Return: the backend id.
 */
__bpf_kfunc u32 bpf_cfg_kc_backend_id(void)
{
	return 1;
}

__bpf_kfunc_end_defs();
