// SPDX-License-Identifier: GPL-2.0
/*
 * Release kfuncs whose referenced pointer is not the first argument, or is
 * a void * to an allocated object (bpf_obj_drop_impl style), or has a
 * typedef type kflint does not see through: none is flagged.
 */
/* near-miss: KF042 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rf_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_flg_rf_put_in().
 */
__bpf_kfunc struct flg_rf_obj *bpf_flg_rf_get(u32 id)
{
	return flg_rf_get(id);
}

/**
 * bpf_flg_rf_put_in() - Return an object to a pool.
 * @pool: pool id
 * @obj: object from bpf_flg_rf_get()
 */
__bpf_kfunc void bpf_flg_rf_put_in(u32 pool, struct flg_rf_obj *obj)
{
	flg_rf_put_in(pool, obj);
}

/**
 * bpf_flg_rf_drop() - Free an allocated object.
 * @p__alloc: object allocated by the program
 */
__bpf_kfunc void bpf_flg_rf_drop(void *p__alloc)
{
	flg_rf_free(p__alloc);
}

/**
 * bpf_flg_rf_close() - Close a handle.
 * @h: handle
 */
__bpf_kfunc void bpf_flg_rf_close(flg_rf_handle_t h)
{
	flg_rf_close(h);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rf_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rf_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rf_put_in, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_rf_drop, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_rf_close, KF_RELEASE)
BTF_KFUNCS_END(flg_rf_kfunc_ids)

static const struct btf_kfunc_id_set flg_rf_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rf_kfunc_ids,
};

static int __init flg_rf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rf_kfunc_set);
}
late_initcall(flg_rf_init);
