// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_NET (the top-level Kbuild enters net/ only then);
 * listed from lib/cfg_kc_inet.c, built with CONFIG_INET, which sits inside
 * `if NET` in net/Kconfig.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_sock_count() - Count the open sockets.
 *
 * Return: the number of sockets.
 */
__bpf_kfunc u32 bpf_cfg_kc_sock_count(void)
{
	return atomic_read(&cfg_kc_socks);
}

__bpf_kfunc_end_defs();
