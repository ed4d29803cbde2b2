// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator kfuncs whose names do not follow bpf_iter_<type>_<role>: a
 * _next called _step, a constructor named after the subsystem first, and
 * a _destroy flagged as the constructor.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflnam {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_kflrole {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_kflnam_iter_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_kflnam_iter_new(struct bpf_iter_kflnam *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflnam_step() - Step to the next item.
 * @it: iterator started with bpf_kflnam_iter_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflnam_step(struct bpf_iter_kflnam *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflnam_destroy() - Stop walking the items.
 * @it: iterator started with bpf_kflnam_iter_new()
 */
__bpf_kfunc void bpf_iter_kflnam_destroy(struct bpf_iter_kflnam *it)
{
	kfl_iter_fini(it);
}

/**
 * bpf_iter_kflrole_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflrole_new(struct bpf_iter_kflrole *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflrole_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflrole_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflrole_next(struct bpf_iter_kflrole *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflrole_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflrole_new()
 */
__bpf_kfunc void bpf_iter_kflrole_destroy(struct bpf_iter_kflrole *it)
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflnam_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kflnam_iter_new, KF_ITER_NEW) /* expect: KF051 */
BTF_ID_FLAGS(func, bpf_iter_kflnam_step, KF_ITER_NEXT | KF_RET_NULL) /* expect: KF051 */
BTF_ID_FLAGS(func, bpf_iter_kflnam_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_iter_kflrole_new, KF_ITER_NEW) /* expect: KF056 */
BTF_ID_FLAGS(func, bpf_iter_kflrole_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflrole_destroy, KF_ITER_NEW) /* expect: KF051 */
BTF_KFUNCS_END(kflnam_kfunc_ids)

static const struct btf_kfunc_id_set kflnam_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflnam_kfunc_ids,
};

static int __init kflnam_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflnam_kfunc_set);
}
late_initcall(kflnam_init);
