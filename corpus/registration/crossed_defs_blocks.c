// SPDX-License-Identifier: GPL-2.0
/*
 * The old __diag_push() form was kept when __bpf_kfunc_start_defs() was
 * added, so a second block opens inside the first and the two ends close
 * them crosswise (the 6.12 nf_flow_table_bpf.c pattern). Both ends are the
 * same __diag_pop(), so two pushes and two pops restore the state in either
 * order: KF027 reports the redundant inner block as a note only.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in BTF");

__bpf_kfunc_start_defs(); /* expect: KF027 */

/**
 * bpf_reg_cx_lookup() - Look up a flow.
 * @ctx: the XDP context
 * @key: the flow key
 *
 * Return: the flow id, or 0.
 */
__bpf_kfunc u32 bpf_reg_cx_lookup(struct xdp_md *ctx, u32 key)
{
	return reg_cx_find(ctx, key);
}

__diag_pop()

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_cx_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_cx_lookup)
BTF_KFUNCS_END(reg_cx_kfunc_ids)

static const struct btf_kfunc_id_set reg_cx_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_cx_kfunc_ids,
};

int reg_cx_register_bpf(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_cx_kfunc_set);
}
