// SPDX-License-Identifier: GPL-2.0
/*
 * init/Kconfig defines BPF_CFG_KC_TRACING; this file tests a misspelling of
 * it, which kconfig never writes into autoconf.h: the kfunc is never built.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

#ifdef CONFIG_BPF_CFG_KC_TRACNG
/**
 * bpf_cfg_kc_trace_events() - Count the trace events seen.
 *
 * Return: the number of events.
 */
__bpf_kfunc u64 bpf_cfg_kc_trace_events(void) /* expect: KF071 */
{
	return atomic64_read(&cfg_kc_events);
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_kc_typo_kfunc_ids)
#ifdef CONFIG_BPF_CFG_KC_TRACNG
BTF_ID_FLAGS(func, bpf_cfg_kc_trace_events) /* expect: KF071 */
#endif
BTF_KFUNCS_END(cfg_kc_typo_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_typo_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_typo_kfunc_ids,
};

static int __init cfg_kc_typo_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_kc_typo_kfunc_set);
}
late_initcall(cfg_kc_typo_init);
