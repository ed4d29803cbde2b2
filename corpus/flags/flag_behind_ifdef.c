// SPDX-License-Identifier: GPL-2.0
/*
 * Code built for several kernel versions: the entry that uses a newer flag
 * is compiled only where the flag exists, so 6.12 never sees it.
 */
/* near-miss: KF044 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_if_count() - Count the objects.
 *
 * Return: the number of objects.
 */
__bpf_kfunc u32 bpf_flg_if_count(void)
{
	return flg_if_count();
}

/**
 * bpf_flg_if_count_fast() - Count the objects, without spills.
 *
 * Return: the number of objects.
 */
__bpf_kfunc u32 bpf_flg_if_count_fast(void)
{
	return flg_if_count();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_if_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_if_count)
#ifdef KF_FASTCALL
BTF_ID_FLAGS(func, bpf_flg_if_count_fast, KF_FASTCALL)
#endif
BTF_KFUNCS_END(flg_if_kfunc_ids)

static const struct btf_kfunc_id_set flg_if_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_if_kfunc_ids,
};

static int __init flg_if_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_if_kfunc_set);
}
late_initcall(flg_if_init);
