// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF004 and KF090, the bpf_testmod.c pattern: a deliberately
 * static kfunc whose name a BPF program and the module's kfunc header only
 * declare (`extern ... __ksym`), and global kfuncs outside any defs block whose
 * prototypes are in the module's own header under tools/.
 */
/* near-miss: KF004 KF090 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>
#include "lnk_testmod_kfunc.h"

/**
 * bpf_lnk_tm_static_arg() - Return the first argument.
 * @arg: value to return
 * @unused: ignored, so the compiler would like to drop it
 *
 * Return: @arg.
 */
__bpf_kfunc static u32 bpf_lnk_tm_static_arg(u32 arg, u32 unused)
{
	return arg;
}

/**
 * bpf_lnk_tm_add() - Add two values.
 * @a: first value
 * @b: second value
 *
 * Return: @a plus @b.
 */
__bpf_kfunc u64 bpf_lnk_tm_add(u64 a, u64 b)
{
	return a + b;
}

BTF_KFUNCS_START(bpf_lnk_tm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_tm_static_arg)
BTF_ID_FLAGS(func, bpf_lnk_tm_add)
BTF_KFUNCS_END(bpf_lnk_tm_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_tm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_tm_kfunc_ids,
};

static int __init bpf_lnk_tm_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &bpf_lnk_tm_kfunc_set);
}
module_init(bpf_lnk_tm_init);
MODULE_LICENSE("GPL");
