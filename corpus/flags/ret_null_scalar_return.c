// SPDX-License-Identifier: GPL-2.0
/*
 * KF_RET_NULL on kfuncs that return a scalar or nothing: the verifier only
 * reads the flag for pointer returns, so it does nothing here.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rn_count() - Count objects of a kind.
 * @kind: object kind
 *
 * Return: the count, or a negative error.
 */
__bpf_kfunc int bpf_flg_rn_count(u32 kind)
{
	return flg_rn_count(kind);
}

/**
 * bpf_flg_rn_reset() - Reset the objects of a kind.
 * @kind: object kind
 */
__bpf_kfunc void bpf_flg_rn_reset(u32 kind)
{
	flg_rn_reset(kind);
}

/**
 * bpf_flg_rn_stamp() - Read the last change time.
 * @kind: object kind
 *
 * Return: the time in ns, or 0.
 */
__bpf_kfunc u64 bpf_flg_rn_stamp(u32 kind)
{
	return flg_rn_stamp(kind);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rn_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rn_count, KF_RET_NULL) /* expect: KF041 */
BTF_ID_FLAGS(func, bpf_flg_rn_reset, KF_RET_NULL) /* expect: KF041 */
BTF_ID_FLAGS(func, bpf_flg_rn_stamp, KF_TRUSTED_ARGS | KF_RET_NULL) /* expect: KF041 KF048 */
BTF_KFUNCS_END(flg_rn_kfunc_ids)

static const struct btf_kfunc_id_set flg_rn_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rn_kfunc_ids,
};

static int __init flg_rn_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rn_kfunc_set);
}
late_initcall(flg_rn_init);
