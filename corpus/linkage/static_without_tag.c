// SPDX-License-Identifier: GPL-2.0
/*
 * KF003: static kfuncs without __bpf_kfunc whose address is never taken
 * (one not referenced at all, one noinline, one only called directly). gcc
 * may inline them, drop them, or specialise them into a `.constprop.0` copy
 * without an unused argument; only the __used that __bpf_kfunc carries
 * keeps the symbol and its prototype. The last one's address is stored in
 * an ops structure, which keeps it as written: a note, the tag is missing.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

/**
 * bpf_lnk_sw_scale() - Scale a value.
 * @val: value to scale
 * @unused: reserved, must be 0
 *
 * Return: @val times four.
 */
static u32 bpf_lnk_sw_scale(u32 val, u32 unused) /* expect: KF003 */
{
	return val << 2;
}

/**
 * bpf_lnk_sw_halve() - Halve a value.
 * @val: value to halve
 *
 * Return: @val divided by two.
 */
static noinline u32 bpf_lnk_sw_halve(u32 val) /* expect: KF003 */
{
	return val >> 1;
}

/**
 * bpf_lnk_sw_clamp() - Clamp a value to a byte.
 * @val: value to clamp
 *
 * Return: @val, at most 255.
 */
static u32 bpf_lnk_sw_clamp(u32 val) /* expect: KF003 */
{
	return min(val, 255U);
}

/**
 * bpf_lnk_sw_apply() - Scale and clamp a value.
 * @val: value to transform
 *
 * Return: the transformed value.
 */
static u32 bpf_lnk_sw_apply(u32 val) /* expect: KF003 */
{
	return bpf_lnk_sw_clamp(val) << 1;
}

struct bpf_lnk_sw_ops {
	u32 (*apply)(u32 val);
};

static const struct bpf_lnk_sw_ops bpf_lnk_sw_default_ops = {
	.apply = bpf_lnk_sw_apply,
};

BTF_KFUNCS_START(bpf_lnk_sw_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_sw_scale)
BTF_ID_FLAGS(func, bpf_lnk_sw_halve)
BTF_ID_FLAGS(func, bpf_lnk_sw_clamp)
BTF_ID_FLAGS(func, bpf_lnk_sw_apply)
BTF_KFUNCS_END(bpf_lnk_sw_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_sw_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_sw_kfunc_ids,
};

static int __init bpf_lnk_sw_init(void)
{
	pr_debug("lnk_sw: %u\n", bpf_lnk_sw_default_ops.apply(1));
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_sw_kfunc_set);
}
late_initcall(bpf_lnk_sw_init);
