// SPDX-License-Identifier: GPL-2.0
/*
 * Built with CONFIG_INET, defined inside `if NET`: the definition in
 * net/core/ (built with CONFIG_NET) is always there with it.
 */
/* near-miss: KF070 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

BTF_KFUNCS_START(cfg_kc_inet_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_kc_sock_count)
BTF_KFUNCS_END(cfg_kc_inet_kfunc_ids)

static const struct btf_kfunc_id_set cfg_kc_inet_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kc_inet_kfunc_ids,
};

static int __init cfg_kc_inet_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &cfg_kc_inet_kfunc_set);
}
late_initcall(cfg_kc_inet_init);
