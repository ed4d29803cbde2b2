// SPDX-License-Identifier: GPL-2.0
/*
 * An iterator _next without KF_RET_NULL: the NULL that ends the loop is
 * not checked by programs.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflrn {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflrn_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflrn_new(struct bpf_iter_kflrn *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflrn_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflrn_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflrn_next(struct bpf_iter_kflrn *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflrn_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflrn_new()
 */
__bpf_kfunc void bpf_iter_kflrn_destroy(struct bpf_iter_kflrn *it)
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflrn_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflrn_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflrn_next, KF_ITER_NEXT) /* expect: KF055 */
BTF_ID_FLAGS(func, bpf_iter_kflrn_destroy, KF_ITER_DESTROY)
BTF_KFUNCS_END(kflrn_kfunc_ids)

static const struct btf_kfunc_id_set kflrn_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflrn_kfunc_ids,
};

static int __init kflrn_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflrn_kfunc_set);
}
late_initcall(kflrn_init);
