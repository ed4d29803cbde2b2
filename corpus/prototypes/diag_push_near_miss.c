// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF090, the net/netfilter/nf_flow_table_bpf.c opening of 6.12:
 * the older __diag_push() + __diag_ignore_all() form also silences
 * -Wmissing-prototypes around a global kfunc.
 */
/* near-miss: KF090 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnkpr_dp_flow {
	u32 hits;
};

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in lnkpr BTF");

/**
 * bpf_lnkpr_dp_hits() - Read the hit counter of a flow.
 * @flow: flow to read
 *
 * Return: how often @flow matched.
 */
__bpf_kfunc u32 bpf_lnkpr_dp_hits(struct bpf_lnkpr_dp_flow *flow)
{
	return READ_ONCE(flow->hits);
}

__diag_pop();

BTF_KFUNCS_START(bpf_lnkpr_dp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_dp_hits)
BTF_KFUNCS_END(bpf_lnkpr_dp_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_dp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_dp_kfunc_ids,
};

static int __init bpf_lnkpr_dp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &bpf_lnkpr_dp_kfunc_set);
}
late_initcall(bpf_lnkpr_dp_init);
