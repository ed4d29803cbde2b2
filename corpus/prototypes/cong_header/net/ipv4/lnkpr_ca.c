// SPDX-License-Identifier: GPL-2.0
/* Exposes the kfuncs lnkpr_cong.c defines to struct_ops programs. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/lnkpr_tcp.h>

BTF_KFUNCS_START(bpf_lnkpr_ca_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_reno_ssthresh)
BTF_ID_FLAGS(func, bpf_lnkpr_reno_cong_avoid)
BTF_KFUNCS_END(bpf_lnkpr_ca_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_ca_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_ca_kfunc_ids,
};

static int __init bpf_lnkpr_ca_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnkpr_ca_kfunc_set);
}
late_initcall(bpf_lnkpr_ca_init);
