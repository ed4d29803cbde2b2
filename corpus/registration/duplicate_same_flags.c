// SPDX-License-Identifier: GPL-2.0
/*
 * A set lists a kfunc twice with the same flags: a wasted slot, nothing the
 * verifier does differs (a note, where different flags are a warning).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ds_count() - Count the entries of a table.
 * @tbl: the table
 *
 * Return: the number of entries.
 */
__bpf_kfunc u32 bpf_reg_ds_count(struct reg_ds_table *tbl)
{
	return reg_ds_entries(tbl);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_ds_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ds_count, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_reg_ds_count, KF_TRUSTED_ARGS) /* expect: KF022 */
BTF_KFUNCS_END(reg_ds_kfunc_ids)

static const struct btf_kfunc_id_set reg_ds_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ds_kfunc_ids,
};

static int __init reg_ds_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_ds_kfunc_set);
}
late_initcall(reg_ds_init);
