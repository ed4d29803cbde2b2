// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF000: the list macro is defined in this file, the way
 * net/core/xdp.c pairs a local entry macro with a list macro, so every entry
 * it generates is known.
 */
/* near-miss: KF000 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

#define PSRL_KFUNC_LIST			\
	PSRL_KFUNC(bpf_psrl_first)	\
	PSRL_KFUNC(bpf_psrl_second)

__bpf_kfunc_start_defs();

/**
 * bpf_psrl_first() - First of two.
 *
 * Return: 1.
 */
__bpf_kfunc int bpf_psrl_first(void)
{
	return 1;
}

/**
 * bpf_psrl_second() - Second of two.
 *
 * Return: 2.
 */
__bpf_kfunc int bpf_psrl_second(void)
{
	return 2;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(psrl_kfunc_ids)
#define PSRL_KFUNC(name) BTF_ID_FLAGS(func, name, KF_SLEEPABLE)
PSRL_KFUNC_LIST
#undef PSRL_KFUNC
BTF_KFUNCS_END(psrl_kfunc_ids)

static const struct btf_kfunc_id_set psrl_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &psrl_kfunc_ids,
};

static int __init psrl_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &psrl_kfunc_set);
}
late_initcall(psrl_init);
