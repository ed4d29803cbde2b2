// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator types with a missing member: no _destroy at all, and a
 * _destroy listed without KF_ITER_DESTROY.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflinc {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflinc2 {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflinc_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflinc_new(struct bpf_iter_kflinc *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflinc_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflinc_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflinc_next(struct bpf_iter_kflinc *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflinc2_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflinc2_new(struct bpf_iter_kflinc2 *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflinc2_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflinc2_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflinc2_next(struct bpf_iter_kflinc2 *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflinc2_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflinc2_new()
 */
__bpf_kfunc void bpf_iter_kflinc2_destroy(struct bpf_iter_kflinc2 *it)
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflinc_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflinc_new, KF_ITER_NEW) /* expect: KF056 */
BTF_ID_FLAGS(func, bpf_iter_kflinc_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflinc2_new, KF_ITER_NEW) /* expect: KF056 */
BTF_ID_FLAGS(func, bpf_iter_kflinc2_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflinc2_destroy)
BTF_KFUNCS_END(kflinc_kfunc_ids)

static const struct btf_kfunc_id_set kflinc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflinc_kfunc_ids,
};

static int __init kflinc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflinc_kfunc_set);
}
late_initcall(kflinc_init);
