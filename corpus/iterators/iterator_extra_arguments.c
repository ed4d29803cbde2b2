// SPDX-License-Identifier: GPL-2.0
/*
 * _next and _destroy kfuncs that take more than the iterator: only the
 * constructor may.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflxa {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflxa_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflxa_new(struct bpf_iter_kflxa *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflxa_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflxa_new()
 * @stride: extra argument
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflxa_next(struct bpf_iter_kflxa *it, u32 stride) /* expect: KF054 */
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflxa_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflxa_new()
 * @drain: extra argument
 */
__bpf_kfunc void bpf_iter_kflxa_destroy(struct bpf_iter_kflxa *it, bool drain) /* expect: KF054 */
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflxa_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflxa_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflxa_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflxa_destroy, KF_ITER_DESTROY)
BTF_KFUNCS_END(kflxa_kfunc_ids)

static const struct btf_kfunc_id_set kflxa_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflxa_kfunc_ids,
};

static int __init kflxa_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflxa_kfunc_set);
}
late_initcall(kflxa_init);
