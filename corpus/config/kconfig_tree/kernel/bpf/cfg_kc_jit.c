// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_BPF_CFG_KC_JIT, which selects CONFIG_BPF_CFG_KC_CORE,
 * the symbol the definition's file is built with.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

BTF_KFUNCS_START(cfg_kc_jit_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_kc_core_insns)
BTF_KFUNCS_END(cfg_kc_jit_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_jit_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_jit_kfunc_ids,
};

static int __init cfg_kc_jit_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_kc_jit_kfunc_set);
}
late_initcall(cfg_kc_jit_init);
