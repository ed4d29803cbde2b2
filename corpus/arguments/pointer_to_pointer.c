// SPDX-License-Identifier: GPL-2.0
/*
 * KF067: a pointer to a pointer is memory whose element is a pointer, which
 * the verifier does not accept as memory even with a '__sz' size.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_pp_obj {
	u64 id;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_pp_swap() - Swap an object into a slot.
 * @slot: the slot
 * @obj: the new object
 *
 * Return: the id of the object that was in @slot, or 0.
 */
__bpf_kfunc u64 bpf_arg_pp_swap(struct bpf_arg_pp_obj **slot, /* expect: KF067 */
				struct bpf_arg_pp_obj *obj)
{
	struct bpf_arg_pp_obj *old = xchg(slot, obj);

	return old ? old->id : 0;
}

/**
 * bpf_arg_pp_count() - Count the non-empty strings of an array.
 * @argv: the strings
 * @argv__sz: size of @argv in bytes
 *
 * Return: the count.
 */
__bpf_kfunc u32 bpf_arg_pp_count(const char **argv, u32 argv__sz) /* expect: KF067 */
{
	u32 i, n = 0;

	for (i = 0; i < argv__sz / sizeof(*argv); i++)
		n += argv[i] && argv[i][0];
	return n;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_pp_ids)
BTF_ID_FLAGS(func, bpf_arg_pp_swap)
BTF_ID_FLAGS(func, bpf_arg_pp_count)
BTF_KFUNCS_END(bpf_arg_pp_ids)

static const struct btf_kfunc_id_set bpf_arg_pp_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_pp_ids,
};

static int __init bpf_arg_pp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_pp_set);
}
late_initcall(bpf_arg_pp_init);
