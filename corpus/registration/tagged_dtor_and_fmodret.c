// SPDX-License-Identifier: GPL-2.0
/*
 * Tagged functions that no kfunc set lists, legitimately: a destructor
 * registered with register_btf_id_dtor_kfuncs() (a BTF_ID_LIST of struct and
 * dtor pairs, as kernel/bpf/cpumask.c does), and fmodret attach targets listed
 * only in a set passed to register_btf_fmodret_id_set() (net/bpf/test_run.c).
 */
/* near-miss: KF020 KF025 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct reg_dt_obj {
	refcount_t usage;
};

__bpf_kfunc_start_defs();

/**
 * bpf_reg_dt_acquire() - Take a reference on an object.
 * @obj: the object
 *
 * Return: @obj with one more reference; drop it with bpf_reg_dt_release().
 */
__bpf_kfunc struct reg_dt_obj *bpf_reg_dt_acquire(struct reg_dt_obj *obj)
{
	refcount_inc(&obj->usage);
	return obj;
}

/**
 * bpf_reg_dt_release() - Drop a reference on an object.
 * @obj: the object
 */
__bpf_kfunc void bpf_reg_dt_release(struct reg_dt_obj *obj)
{
	if (refcount_dec_and_test(&obj->usage))
		kfree(obj);
}

/**
 * bpf_reg_dt_release_dtor() - Destructor for objects stored in maps.
 * @obj: the object
 */
__bpf_kfunc void bpf_reg_dt_release_dtor(void *obj)
{
	bpf_reg_dt_release(obj);
}

/**
 * bpf_reg_dt_modify_target() - A function fmod_ret programs may attach to.
 * @a: a value
 *
 * Return: @a plus one.
 */
__bpf_kfunc int bpf_reg_dt_modify_target(int a)
{
	return a + 1;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_dt_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_dt_acquire, KF_ACQUIRE | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_reg_dt_release, KF_RELEASE)
BTF_KFUNCS_END(reg_dt_kfunc_ids)

BTF_KFUNCS_START(reg_dt_fmodret_ids)
BTF_ID_FLAGS(func, bpf_reg_dt_modify_target)
BTF_KFUNCS_END(reg_dt_fmodret_ids)

static const struct btf_kfunc_id_set reg_dt_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_dt_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_dt_fmodret_set = {
	.owner = THIS_MODULE,
	.set   = &reg_dt_fmodret_ids,
};

BTF_ID_LIST(reg_dt_dtor_ids)
BTF_ID(struct, reg_dt_obj)
BTF_ID(func, bpf_reg_dt_release_dtor)

static int __init reg_dt_init(void)
{
	const struct btf_id_dtor_kfunc reg_dt_dtors[] = {
		{
			.btf_id       = reg_dt_dtor_ids[0],
			.kfunc_btf_id = reg_dt_dtor_ids[1]
		},
	};
	int ret;

	ret = register_btf_fmodret_id_set(&reg_dt_fmodret_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_dt_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(reg_dt_dtors, ARRAY_SIZE(reg_dt_dtors),
						   THIS_MODULE);
}
late_initcall(reg_dt_init);
