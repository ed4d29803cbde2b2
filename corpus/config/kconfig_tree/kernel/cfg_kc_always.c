// SPDX-License-Identifier: GPL-2.0
/*
 * Always built. Its entries are guarded by the symbol the definition's file
 * is built with (like crash_kexec in kernel/bpf/helpers.c), or by a symbol
 * whose menu depends on it. The unguarded entry names a kfunc built with
 * CONFIG_BPF_SYSCALL, which every build that has BTF (and so resolves set
 * entries at all) enables.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cfg_kc_dump.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kc_uptime() - Read the uptime in jiffies.
 *
 * Return: the jiffies since boot.
 */
__bpf_kfunc u64 bpf_cfg_kc_uptime(void)
{
	return get_jiffies_64();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_kc_always_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_kc_uptime)
BTF_ID_FLAGS(func, bpf_cfg_kc_prog_count)
#ifdef CONFIG_BPF_CFG_KC_MENU_OPT
BTF_ID_FLAGS(func, bpf_cfg_kc_map_count)
#endif
#ifdef CONFIG_BPF_CFG_KC_DUMP
BTF_ID_FLAGS(func, bpf_cfg_kc_dump, KF_DESTRUCTIVE)
#endif
BTF_KFUNCS_END(cfg_kc_always_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_always_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_always_kfunc_ids,
};

static int __init cfg_kc_always_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_kc_always_kfunc_set);
}
late_initcall(cfg_kc_always_init);
