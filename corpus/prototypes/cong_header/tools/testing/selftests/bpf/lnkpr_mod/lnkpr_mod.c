// SPDX-License-Identifier: GPL-2.0
/* A selftest module kfunc declared in its own header under tools/. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>
#include "lnkpr_mod_kfunc.h"

/**
 * bpf_lnkpr_mod_ping() - Echo a value.
 * @v: value to echo
 *
 * Return: @v.
 */
__bpf_kfunc int bpf_lnkpr_mod_ping(int v)
{
	return v;
}

BTF_KFUNCS_START(bpf_lnkpr_mod_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_mod_ping)
BTF_KFUNCS_END(bpf_lnkpr_mod_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_mod_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_mod_kfunc_ids,
};

static int __init bpf_lnkpr_mod_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &bpf_lnkpr_mod_kfunc_set);
}
module_init(bpf_lnkpr_mod_init);
MODULE_LICENSE("GPL");
