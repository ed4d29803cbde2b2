// SPDX-License-Identifier: GPL-2.0
/*
 * KF003: a static kfunc without __bpf_kfunc. gcc may inline it, drop it, or
 * specialise it into a `.constprop.0` copy without its unused argument; only
 * the __used that __bpf_kfunc carries keeps the symbol and its prototype.
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

BTF_KFUNCS_START(bpf_lnk_sw_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_sw_scale)
BTF_ID_FLAGS(func, bpf_lnk_sw_halve)
BTF_KFUNCS_END(bpf_lnk_sw_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_sw_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_sw_kfunc_ids,
};

static int __init bpf_lnk_sw_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_sw_kfunc_set);
}
late_initcall(bpf_lnk_sw_init);
