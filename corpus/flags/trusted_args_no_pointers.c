// SPDX-License-Identifier: GPL-2.0
/*
 * KF_TRUSTED_ARGS on a kfunc that takes only scalars: nothing to trust.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_ta_mix() - Mix values.
 * @a: first value
 * @b: second value
 * @mode: mixing mode
 *
 * Return: the mixed value.
 */
__bpf_kfunc u64 bpf_flg_ta_mix(u32 a, u64 b, enum flg_ta_mode mode)
{
	return flg_ta_mix(a, b, mode);
}

/**
 * bpf_flg_ta_now() - Read the clock.
 *
 * Return: the time in ns.
 */
__bpf_kfunc u64 bpf_flg_ta_now(void)
{
	return ktime_get_ns();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_ta_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_ta_mix, KF_TRUSTED_ARGS) /* expect: KF048 */
BTF_ID_FLAGS(func, bpf_flg_ta_now, KF_TRUSTED_ARGS) /* expect: KF048 */
BTF_KFUNCS_END(flg_ta_kfunc_ids)

static const struct btf_kfunc_id_set flg_ta_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_ta_kfunc_ids,
};

static int __init flg_ta_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_ta_kfunc_set);
}
late_initcall(flg_ta_init);
