// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_SYSCALL; listed unguarded from kernel/cfg_kc_always.c,
 * which is always built. Set entries mean something only with
 * CONFIG_DEBUG_INFO_BTF, which depends on CONFIG_BPF_SYSCALL.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_prog_count() - Count the loaded programs.
 *
 * Return: the number of programs.
 */
__bpf_kfunc u32 bpf_cfg_kc_prog_count(void)
{
	return atomic_read(&cfg_kc_progs);
}

__bpf_kfunc_end_defs();
