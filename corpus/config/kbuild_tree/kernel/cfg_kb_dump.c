// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KB_DUMP, like kernel/crash_core.c. The header's
 * static inline stub for the other case has no BTF function, so it does not
 * save an entry that is not guarded by the same symbol.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/cfg_kb_dump.h>

/**
 * bpf_cfg_kb_dump() - Take a crash dump now.
 */
__bpf_kfunc void bpf_cfg_kb_dump(void)
{
	cfg_kb_dump_now();
}
