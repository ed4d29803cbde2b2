// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-and-paste flags: an iterator kfunc with two or three KF_ITER_*
 * flags fails the registration of the whole set.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflsev {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflsev_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflsev_new(struct bpf_iter_kflsev *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflsev_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflsev_new()
 *
 * Return: the next item, or NULL at the end.
 */
__bpf_kfunc struct kfl_item *bpf_iter_kflsev_next(struct bpf_iter_kflsev *it)
{
	return kfl_iter_step(it);
}

/**
 * bpf_iter_kflsev_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflsev_new()
 */
__bpf_kfunc void bpf_iter_kflsev_destroy(struct bpf_iter_kflsev *it)
{
	kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflsev_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflsev_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflsev_next, KF_ITER_NEW | KF_ITER_NEXT | KF_RET_NULL) /* expect: KF050 */
BTF_ID_FLAGS(func, bpf_iter_kflsev_destroy, KF_ITER_NEXT | KF_ITER_DESTROY) /* expect: KF050 */
BTF_KFUNCS_END(kflsev_kfunc_ids)

static const struct btf_kfunc_id_set kflsev_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflsev_kfunc_ids,
};

static int __init kflsev_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflsev_kfunc_set);
}
late_initcall(kflsev_init);
