// SPDX-License-Identifier: GPL-2.0
/*
 * An iterator with _new and _destroy but no _next: programs load, but
 * cannot step it (a warning, where a missing _new or _destroy is an error).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_iter_kflnonext {
	__u64 __opaque[2];
} __aligned(8);

__bpf_kfunc_start_defs();

/**
 * bpf_iter_kflnonext_new() - Start walking the slots.
 * @it: iterator state on the BPF stack
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflnonext_new(struct bpf_iter_kflnonext *it)
{
	return kfl_nonext_init(it);
}

/**
 * bpf_iter_kflnonext_destroy() - Stop walking the slots.
 * @it: iterator state on the BPF stack
 */
__bpf_kfunc void bpf_iter_kflnonext_destroy(struct bpf_iter_kflnonext *it)
{
	kfl_nonext_fini(it);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kfl_nonext_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_kflnonext_new, KF_ITER_NEW) /* expect: KF056 */
BTF_ID_FLAGS(func, bpf_iter_kflnonext_destroy, KF_ITER_DESTROY)
BTF_KFUNCS_END(kfl_nonext_kfunc_ids)

static const struct btf_kfunc_id_set kfl_nonext_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kfl_nonext_kfunc_ids,
};

static int __init kfl_nonext_init_module(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kfl_nonext_kfunc_set);
}
late_initcall(kfl_nonext_init_module);
