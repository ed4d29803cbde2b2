// SPDX-License-Identifier: GPL-2.0
/*
 * Generic kfuncs, like kernel/bpf/helpers.c, built into vmlinux. Which of
 * the entries below are unresolved depends on the configuration; the files
 * in configs/ say which, for `kflint check --kconfig`:
 *
 * - bpf_cfg_dc_modret_tp is defined in net/bpf/, which Kbuild builds only
 *   with CONFIG_NET: unresolved in every CONFIG_NET=n build (the 6.12
 *   bpf_modify_return_test_tp case).
 * - bpf_cfg_dc_ct_lookup is guarded by IS_ENABLED(), true for =m too, but a
 *   module's functions are not in vmlinux's BTF: unresolved when
 *   CONFIG_NF_CFG_DC=m. Every-configuration reasoning reads y and n only.
 * - bpf_cfg_dc_trace_count is defined under #ifdef, which is false for =m
 *   (autoconf.h then defines CONFIG_CFG_DC_TRACE_MODULE), while its entry
 *   is under IS_ENABLED(): unresolved when CONFIG_CFG_DC_TRACE=m.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

#ifdef CONFIG_CFG_DC_TRACE
static atomic64_t cfg_dc_events;
#endif

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_dc_ticks() - Read the tick counter.
 *
 * Return: the current tick count.
 */
__bpf_kfunc u64 bpf_cfg_dc_ticks(void)
{
	return get_jiffies_64();
}

#ifdef CONFIG_CFG_DC_TRACE
/**
 * bpf_cfg_dc_trace_count() - Count the traced events so far.
 *
 * Return: the number of events.
 */
__bpf_kfunc u64 bpf_cfg_dc_trace_count(void)
{
	return atomic64_read(&cfg_dc_events);
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_dc_common_ids)
BTF_ID_FLAGS(func, bpf_cfg_dc_ticks)
BTF_ID_FLAGS(func, bpf_cfg_dc_modret_tp) /* expect: KF070 */
#ifdef CONFIG_NET
BTF_ID_FLAGS(func, bpf_cfg_dc_sock_mark, KF_TRUSTED_ARGS)
#endif
#if IS_ENABLED(CONFIG_NF_CFG_DC)
BTF_ID_FLAGS(func, bpf_cfg_dc_ct_lookup, KF_ACQUIRE | KF_RET_NULL)
#endif
#if IS_ENABLED(CONFIG_CFG_DC_TRACE)
BTF_ID_FLAGS(func, bpf_cfg_dc_trace_count)
#endif
BTF_KFUNCS_END(cfg_dc_common_ids)

static const struct btf_kfunc_id_set cfg_dc_common_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_dc_common_ids,
};

static int __init cfg_dc_helpers_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &cfg_dc_common_set);
}
late_initcall(cfg_dc_helpers_init);
