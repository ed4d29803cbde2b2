// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF067: in 6.0-6.3 a KF_KPTR_GET kfunc takes a pointer to
 * the kptr slot of a map value as its first argument, a pointer to a
 * pointer on purpose (6.1 kernel/bpf/btf.c checks it as a double pointer).
 */
/* near-miss: KF067 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_kptr_obj {
	refcount_t cnt;
	u64 id;
};

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_arg_kptr_get() - Take a reference on the object in a kptr slot.
 * @pp: the kptr slot in a map value
 * @a: unused
 * @b: unused
 *
 * Return: the object with a reference taken, or NULL.
 */
noinline struct bpf_arg_kptr_obj *bpf_arg_kptr_get(struct bpf_arg_kptr_obj **pp, int a, int b)
{
	struct bpf_arg_kptr_obj *p = READ_ONCE(*pp);

	if (p && !refcount_inc_not_zero(&p->cnt))
		return NULL;
	return p;
}

/**
 * bpf_arg_kptr_put() - Drop a reference.
 * @p: the object
 */
noinline void bpf_arg_kptr_put(struct bpf_arg_kptr_obj *p)
{
	if (refcount_dec_and_test(&p->cnt))
		kfree(p);
}

__diag_pop();

BTF_SET8_START(bpf_arg_kptr_ids)
BTF_ID_FLAGS(func, bpf_arg_kptr_get, KF_ACQUIRE | KF_RET_NULL | KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_arg_kptr_put, KF_RELEASE)
BTF_SET8_END(bpf_arg_kptr_ids)

static const struct btf_kfunc_id_set bpf_arg_kptr_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_kptr_ids,
};

static int __init bpf_arg_kptr_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_kptr_set);
}
late_initcall(bpf_arg_kptr_init);
