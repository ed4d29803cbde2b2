// SPDX-License-Identifier: GPL-2.0
/*
 * A kfunc that returns what a KF_RET_NULL kfunc of another file returns can
 * return NULL as well.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_nrs_find_default() - Find the lock of the default object.
 *
 * Return: the lock, or NULL when there is no default object.
 */
__bpf_kfunc struct bpf_nrs_lock *bpf_nrs_find_default(void)
{
	return bpf_nrs_find(NRS_DEFAULT_ID);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(nrs_wrap_kfunc_ids)
BTF_ID_FLAGS(func, bpf_nrs_find_default) /* expect: KF057 */
BTF_KFUNCS_END(nrs_wrap_kfunc_ids)

static const struct btf_kfunc_id_set nrs_wrap_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &nrs_wrap_kfunc_ids,
};

static __init int nrs_wrap_register(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &nrs_wrap_kfunc_set);
}
late_initcall(nrs_wrap_register);
