// SPDX-License-Identifier: GPL-2.0
/*
 * A set whose body holds a list macro kflint cannot expand: the macro is
 * defined nowhere kflint can see, so the entries it stands for are unknown.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_psr_ping() - Answer a ping.
 * @cookie: value echoed back
 *
 * Return: @cookie plus one.
 */
__bpf_kfunc u64 bpf_psr_ping(u64 cookie)
{
	return cookie + 1;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(psr_kfunc_ids)
BTF_ID_FLAGS(func, bpf_psr_ping)
PSR_MORE_KFUNCS /* expect: KF000 */
BTF_KFUNCS_END(psr_kfunc_ids)

static const struct btf_kfunc_id_set psr_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &psr_kfunc_ids,
};

static int __init psr_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &psr_kfunc_set);
}
late_initcall(psr_init);
