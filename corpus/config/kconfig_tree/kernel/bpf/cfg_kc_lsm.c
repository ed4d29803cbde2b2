// SPDX-License-Identifier: GPL-2.0
/*
 * Entries whose definitions are built under other symbols, which the
 * entries' own symbols imply: CONFIG_BPF_CFG_KC_LSM depends on
 * CONFIG_BPF_CFG_KC_EVENTS (like BPF_LSM and BPF_EVENTS), and
 * kernel/cfg_kc_always.c is always built.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

BTF_KFUNCS_START(cfg_kc_lsm_kfunc_ids)
#ifdef CONFIG_BPF_CFG_KC_LSM
BTF_ID_FLAGS(func, bpf_cfg_kc_trace_depth)
#endif
BTF_ID_FLAGS(func, bpf_cfg_kc_uptime)
BTF_KFUNCS_END(cfg_kc_lsm_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_lsm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_lsm_kfunc_ids,
};

static int __init cfg_kc_lsm_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &cfg_kc_lsm_kfunc_set);
}
late_initcall(cfg_kc_lsm_init);
