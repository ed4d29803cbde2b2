// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF080 and KF085: kernel-doc attaches each of these blocks to
 * the kfunc below it, across a blank line, across #ifdef lines, and across a
 * plain comment (kernel-doc strips comments from the prototype it reads).
 * The dtor is marked __bpf_kfunc but BPF programs cannot call it, so it
 * needs no block.
 */
/* near-miss: KF080 */
/* near-miss: KF085 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct kdoc_dnm_obj {
	refcount_t usage;
	u32 id;
};

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_dnm_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL if there is none. Release it with
 * bpf_kdoc_dnm_put().
 */

__bpf_kfunc struct kdoc_dnm_obj *bpf_kdoc_dnm_get(u32 id)
{
	struct kdoc_dnm_obj *obj = kdoc_dnm_find(id);

	if (!obj || !refcount_inc_not_zero(&obj->usage))
		return NULL;
	return obj;
}

/**
 * bpf_kdoc_dnm_put() - Drop an object reference.
 * @obj: object obtained from bpf_kdoc_dnm_get()
 */
/* kdoc_dnm_free() may sleep: it is deferred to a work item. */
__bpf_kfunc void bpf_kdoc_dnm_put(struct kdoc_dnm_obj *obj)
{
	if (refcount_dec_and_test(&obj->usage))
		kdoc_dnm_free_deferred(obj);
}

/**
 * bpf_kdoc_dnm_id() - Read the id of an object.
 * @obj: a referenced object
 *
 * Return: the id of @obj.
 */
#ifdef CONFIG_KDOC_DNM_IDS
__bpf_kfunc u32 bpf_kdoc_dnm_id(struct kdoc_dnm_obj *obj)
{
	return obj->id;
}
#endif /* CONFIG_KDOC_DNM_IDS */

__bpf_kfunc void bpf_kdoc_dnm_put_dtor(void *obj)
{
	bpf_kdoc_dnm_put(obj);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_dnm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_dnm_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_kdoc_dnm_put, KF_RELEASE)
#ifdef CONFIG_KDOC_DNM_IDS
BTF_ID_FLAGS(func, bpf_kdoc_dnm_id, KF_TRUSTED_ARGS)
#endif
BTF_KFUNCS_END(kdoc_dnm_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_dnm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_dnm_kfunc_ids,
};

BTF_ID_LIST(kdoc_dnm_dtor_ids)
BTF_ID(struct, kdoc_dnm_obj)
BTF_ID(func, bpf_kdoc_dnm_put_dtor)

static int __init kdoc_dnm_init(void)
{
	const struct btf_id_dtor_kfunc dtors[] = {
		{
			.btf_id       = kdoc_dnm_dtor_ids[0],
			.kfunc_btf_id = kdoc_dnm_dtor_ids[1]
		},
	};
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kdoc_dnm_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(dtors, ARRAY_SIZE(dtors), THIS_MODULE);
}
late_initcall(kdoc_dnm_init);
