// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1 tree (its own include/linux/btf.h): KF_KPTR_GET still exists there,
 * while KF_RCU (6.2) and the iterator flags (6.4) do not. Without KF_ITER_*
 * flags there is no iterator contract to check, so the lone iterator-looking
 * kfunc is only reported for its undefined flag.
 */
/* near-miss: KF044 KF055 KF056 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in BTF");

/**
 * bpf_flg61_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg61_put().
 */
noinline struct flg61_obj *bpf_flg61_get(u32 id)
{
	return flg61_get(id);
}

/**
 * bpf_flg61_kptr_get() - Take a reference on an object stored in a map.
 * @slot: map value slot holding the object
 * @a: unused
 * @b: unused
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg61_put().
 */
noinline struct flg61_obj *bpf_flg61_kptr_get(struct flg61_slot *slot, int a, int b)
{
	return flg61_get_slot(slot);
}

/**
 * bpf_flg61_put() - Drop an object reference.
 * @obj: a referenced object
 */
noinline void bpf_flg61_put(struct flg61_obj *obj)
{
	flg61_put(obj);
}

/**
 * bpf_flg61_peek() - Look at an RCU-protected object.
 * @obj: object, trusted or under RCU
 *
 * Return: the object's weight.
 */
noinline u32 bpf_flg61_peek(struct flg61_obj *obj)
{
	return READ_ONCE(obj->weight);
}

/**
 * bpf_iter_kfl61_next() - Step to the next object.
 * @it: iterator state
 *
 * Return: the next object id, or NULL at the end.
 */
noinline int *bpf_iter_kfl61_next(struct bpf_iter_kfl61 *it)
{
	return flg61_iter_step(it);
}

__diag_pop();

BTF_SET8_START(flg61_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg61_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg61_kptr_get, KF_ACQUIRE | KF_KPTR_GET | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg61_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg61_peek, KF_RCU) /* expect: KF044 */
BTF_ID_FLAGS(func, bpf_iter_kfl61_next, KF_ITER_NEXT) /* expect: KF044 */
BTF_SET8_END(flg61_kfunc_ids)

static const struct btf_kfunc_id_set flg61_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg61_kfunc_ids,
};

static int __init flg61_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg61_kfunc_set);
}
late_initcall(flg61_init);
