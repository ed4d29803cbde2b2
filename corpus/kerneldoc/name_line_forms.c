// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF081: the name line forms kernel-doc accepts for a
 * function, with and without "()", a summary running on to the next line,
 * and a return type on its own line above the name.
 */
/* near-miss: KF081 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct kdoc_nlf_obj {
	refcount_t usage;
	u64 cookie;
};

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_nlf_lookup - Look up an object by cookie and take a reference
 *			 on it for the calling program
 * @cookie: cookie of the object
 *
 * Return: the referenced object, or NULL if there is none. Release it with
 * bpf_kdoc_nlf_release().
 */
__bpf_kfunc struct kdoc_nlf_obj *
bpf_kdoc_nlf_lookup(u64 cookie)
{
	struct kdoc_nlf_obj *obj = kdoc_nlf_find(cookie);

	if (!obj || !refcount_inc_not_zero(&obj->usage))
		return NULL;
	return obj;
}

/**
 * bpf_kdoc_nlf_release() - Release an object reference.
 * @obj: object obtained from bpf_kdoc_nlf_lookup()
 */
__bpf_kfunc void bpf_kdoc_nlf_release(struct kdoc_nlf_obj *obj)
{
	if (refcount_dec_and_test(&obj->usage))
		kdoc_nlf_free(obj);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_nlf_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_nlf_lookup, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_kdoc_nlf_release, KF_RELEASE)
BTF_KFUNCS_END(kdoc_nlf_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_nlf_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_nlf_kfunc_ids,
};

static int __init kdoc_nlf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kdoc_nlf_kfunc_set);
}
late_initcall(kdoc_nlf_init);
