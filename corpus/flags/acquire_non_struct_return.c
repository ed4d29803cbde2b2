// SPDX-License-Identifier: GPL-2.0
/*
 * KF_ACQUIRE on kfuncs that return no struct pointer: a void * buffer, a
 * scalar handle, a pointer to a scalar and a pointer to a pointer. The
 * verifier rejects every call ("acquire kernel function does not return
 * PTR_TO_BTF_ID").
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_acq_buf() - Take a reference on a buffer.
 * @id: buffer id
 *
 * Return: the buffer, or NULL. Release it with bpf_flg_acq_buf_put().
 */
__bpf_kfunc void *bpf_flg_acq_buf(u32 id)
{
	return flg_acq_buf_lookup(id);
}

/**
 * bpf_flg_acq_buf_put() - Drop a buffer reference.
 * @buf: buffer from bpf_flg_acq_buf()
 */
__bpf_kfunc void bpf_flg_acq_buf_put(struct flg_acq_buf *buf)
{
	flg_acq_buf_put(buf);
}

/**
 * bpf_flg_acq_handle() - Take a reference by handle.
 * @id: object id
 *
 * Return: the handle, or 0.
 */
__bpf_kfunc u64 bpf_flg_acq_handle(u32 id)
{
	return flg_acq_handle_get(id);
}

/**
 * bpf_flg_acq_counter() - Take a reference on a counter.
 * @id: counter id
 *
 * Return: the counter, or NULL.
 */
__bpf_kfunc u32 *bpf_flg_acq_counter(u32 id)
{
	return flg_acq_counter_get(id);
}

/**
 * bpf_flg_acq_slot() - Take a reference on a slot.
 * @id: slot id
 *
 * Return: the slot, or NULL.
 */
__bpf_kfunc struct flg_acq_buf **bpf_flg_acq_slot(u32 id)
{
	return flg_acq_slot_get(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_acq_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_acq_buf, KF_ACQUIRE | KF_RET_NULL) /* expect: KF040 */
BTF_ID_FLAGS(func, bpf_flg_acq_buf_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_acq_handle, KF_ACQUIRE) /* expect: KF040 */
BTF_ID_FLAGS(func, bpf_flg_acq_counter, KF_RET_NULL | KF_ACQUIRE) /* expect: KF040 */
BTF_ID_FLAGS(func, bpf_flg_acq_slot, KF_ACQUIRE | KF_RET_NULL) /* expect: KF040 */
BTF_KFUNCS_END(flg_acq_kfunc_ids)

static const struct btf_kfunc_id_set flg_acq_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_acq_kfunc_ids,
};

static int __init flg_acq_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_acq_kfunc_set);
}
late_initcall(flg_acq_init);
