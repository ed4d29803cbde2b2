// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator kfuncs whose first argument is not the iterator struct of their
 * name: the kernel-private layout, another iterator's struct, a plain
 * pointer, and no argument at all.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflarg {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflarg2 {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflarg3 {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflarg4 {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflarg_kern {
	struct kfl_item *pos;
	u32 left;
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflarg_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflarg_new(struct bpf_iter_kflarg *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflarg_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflarg_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflarg_next(struct bpf_iter_kflarg_kern *it) /* expect: KF052 */
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflarg_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflarg_new()
 */
__bpf_kfunc void bpf_iter_kflarg_destroy(struct bpf_iter_kflarg *it)
{
	kfl_iter_fini(it);
}

/**
 * bpf_iter_kflarg2_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflarg2_new(struct bpf_iter_kflarg2 *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflarg2_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflarg2_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflarg2_next(struct bpf_iter_kflarg2 *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflarg2_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflarg2_new()
 */
__bpf_kfunc void bpf_iter_kflarg2_destroy(struct bpf_iter_kflarg *it) /* expect: KF052 */
{
	kfl_iter_fini(it);
}

/**
 * bpf_iter_kflarg3_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflarg3_new(struct bpf_iter_kflarg3 *it)
{
	return kfl_iter_init(it);
}

/**
 * bpf_iter_kflarg3_next() - Step to the next item.
 * @it: extra argument
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflarg3_next(u64 *it) /* expect: KF052 */
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflarg3_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflarg3_new()
 */
__bpf_kfunc void bpf_iter_kflarg3_destroy(struct bpf_iter_kflarg3 *it)
{
	kfl_iter_fini(it);
}

/**
 * bpf_iter_kflarg4_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflarg4_new(struct bpf_iter_kflarg4 *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflarg4_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflarg4_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflarg4_next(struct bpf_iter_kflarg4 *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflarg4_destroy() - Stop walking the items.
 */
__bpf_kfunc void bpf_iter_kflarg4_destroy(void) /* expect: KF052 */
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflarg_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflarg_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflarg_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflarg_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_iter_kflarg2_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflarg2_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflarg2_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_iter_kflarg3_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflarg3_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflarg3_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_iter_kflarg4_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflarg4_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflarg4_destroy, KF_ITER_DESTROY)
BTF_KFUNCS_END(kflarg_kfunc_ids)

static const struct btf_kfunc_id_set kflarg_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflarg_kfunc_ids,
};

static int __init kflarg_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflarg_kfunc_set);
}
late_initcall(kflarg_init);
