// SPDX-License-Identifier: GPL-2.0
/*
 * A _next that reports the end with an error code instead of NULL, and a
 * _destroy that returns a value.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflret {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflret_new() - Start walking the items.
 * @it: iterator state on the BPF stack
 * @start: where to start
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflret_new(struct bpf_iter_kflret *it, u32 start)
{
	return kfl_iter_init(it, start);
}

/**
 * bpf_iter_kflret_next() - Step to the next item.
 * @it: iterator started with bpf_iter_kflret_new()
 *
 * Return: 0, or -ENOENT at the end.
 */
__bpf_kfunc int bpf_iter_kflret_next(struct bpf_iter_kflret *it) /* expect: KF053 */
{
	return kfl_iter_step(it) ? 0 : -ENOENT;
}

/**
 * bpf_iter_kflret_destroy() - Stop walking the items.
 * @it: iterator started with bpf_iter_kflret_new()
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflret_destroy(struct bpf_iter_kflret *it) /* expect: KF053 */
{
	return kfl_iter_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kflret_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflret_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_kflret_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_kflret_destroy, KF_ITER_DESTROY)
BTF_KFUNCS_END(kflret_kfunc_ids)

static const struct btf_kfunc_id_set kflret_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kflret_kfunc_ids,
};

static int __init kflret_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kflret_kfunc_set);
}
late_initcall(kflret_init);
