// SPDX-License-Identifier: GPL-2.0
/*
 * The registration side of kfl_split_iter.c, with the release kfunc for the
 * objects acquired there.
 */
/* near-miss: KF043 KF056 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include "kfl_split.h"

/**
 * bpf_kfl_split_put() - Drop an object reference.
 * @obj: object from bpf_kfl_split_get()
 */
__bpf_kfunc void bpf_kfl_split_put(struct kfl_split_obj *obj)
{
	kfl_split_put(obj);
}

BTF_KFUNCS_START(kfl_split_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflsplit_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflsplit_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflsplit_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_kfl_split_get, KF_ACQUIRE | KF_RET_NULL)
BTF_KFUNCS_END(kfl_split_iter_kfunc_ids)

BTF_KFUNCS_START(kfl_split_put_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kfl_split_put, KF_RELEASE)
BTF_KFUNCS_END(kfl_split_put_kfunc_ids)

static const struct btf_kfunc_id_set kfl_split_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kfl_split_iter_kfunc_ids,
};

static const struct btf_kfunc_id_set kfl_split_put_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kfl_split_put_kfunc_ids,
};

static int __init kfl_split_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kfl_split_iter_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &kfl_split_put_kfunc_set);
}
late_initcall(kfl_split_init);
