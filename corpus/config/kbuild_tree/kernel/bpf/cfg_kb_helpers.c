// SPDX-License-Identifier: GPL-2.0
/*
 * Generic kfuncs, like kernel/bpf/helpers.c. Two are defined in
 * net/bpf/cfg_kb_test_run.c, which Kbuild builds only with CONFIG_NET (the
 * top-level Kbuild adds net/ under it). The unguarded entry is unresolved in
 * every CONFIG_NET=n build: the 6.12 bpf_modify_return_test_tp case, fixed
 * by 00a5acdbf398. The entry under #ifdef CONFIG_NET is fine. The crash
 * dump kfunc has a static inline stub in its header, which gives no BTF
 * function: its entry needs the guard as much.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cfg_kb_dump.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_kb_ticks() - Read the tick counter.
 *
 * Return: the current tick count.
 */
__bpf_kfunc u64 bpf_cfg_kb_ticks(void)
{
	return get_jiffies_64();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_kb_common_ids)
BTF_ID_FLAGS(func, bpf_cfg_kb_ticks)
BTF_ID_FLAGS(func, bpf_cfg_kb_modret_tp) /* expect: KF070 */
BTF_ID_FLAGS(func, bpf_cfg_kb_dump, KF_DESTRUCTIVE) /* expect: KF070 */
#ifdef CONFIG_NET
BTF_ID_FLAGS(func, bpf_cfg_kb_sock_mark, KF_TRUSTED_ARGS)
#endif
BTF_KFUNCS_END(cfg_kb_common_ids)

static const struct btf_kfunc_id_set cfg_kb_common_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kb_common_ids,
};

static int __init cfg_kb_helpers_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &cfg_kb_common_set);
}
late_initcall(cfg_kb_helpers_init);
