// SPDX-License-Identifier: GPL-2.0
/*
 * Golden input for the report formats: a set whose body holds a list macro
 * defined nowhere kflint can see, and an entry outside any set.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_gold_ping() - Answer a ping.
 * @cookie: value echoed back
 *
 * Return: @cookie plus one.
 */
__bpf_kfunc u64 bpf_gold_ping(u64 cookie)
{
	return cookie + 1;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(gold_kfunc_ids)
BTF_ID_FLAGS(func, bpf_gold_ping)
GOLD_MORE_KFUNCS
BTF_KFUNCS_END(gold_kfunc_ids)

static const struct btf_kfunc_id_set gold_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &gold_kfunc_ids,
};

static int __init gold_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &gold_kfunc_set);
}
late_initcall(gold_init);
