// SPDX-License-Identifier: GPL-2.0
/*
 * `imply` does not force a symbol on, so this entry is compiled with
 * CONFIG_BPF_CFG_KC_HARD=n. The second entry is as wrong (EITHER with only
 * TWO set), but kflint does not reason about `||` dependencies.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

BTF_KFUNCS_START(cfg_kc_imply_kfunc_ids)
#ifdef CONFIG_BPF_CFG_KC_SOFT
BTF_ID_FLAGS(func, bpf_cfg_kc_hard_level) /* expect: KF070 */
#endif
#ifdef CONFIG_BPF_CFG_KC_EITHER
BTF_ID_FLAGS(func, bpf_cfg_kc_backend_id) /* todo: KF070 */
#endif
BTF_KFUNCS_END(cfg_kc_imply_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_imply_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_imply_kfunc_ids,
};

static int __init cfg_kc_imply_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &cfg_kc_imply_kfunc_set);
}
late_initcall(cfg_kc_imply_init);
