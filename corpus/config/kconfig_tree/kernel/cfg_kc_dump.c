// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_DUMP, like kernel/crash_core.c; the header
 * has a static inline stub for the other case, which has no BTF function.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/cfg_kc_dump.h>

/**
 * bpf_cfg_kc_dump() - Take a crash dump now.
 */
__bpf_kfunc void bpf_cfg_kc_dump(void)
{
	cfg_kc_dump_now();
}
