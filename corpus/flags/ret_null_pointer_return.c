// SPDX-License-Identifier: GPL-2.0
/*
 * KF_RET_NULL without KF_ACQUIRE on pointer returns is normal: a borrowed
 * node (bpf_rbtree_first style), a dynptr-style slice returning void *
 * with a constant size, and a rdwr_buf_size memory window
 * (hid_bpf_get_data style).
 */
/* near-miss: KF041 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rp_first() - Peek at the first node.
 * @root: tree root
 *
 * Return: the first node (not referenced), or NULL if the tree is empty.
 */
__bpf_kfunc struct flg_rp_node *bpf_flg_rp_first(struct flg_rp_root *root)
{
	return flg_rp_first(root);
}

/**
 * bpf_flg_rp_slice() - Get a pointer into a dynptr.
 * @p: the dynptr
 * @offset: offset into the data
 * @buffer__opt: optional copy buffer
 * @buffer__szk: size of the slice, a constant
 *
 * Return: a pointer to the data, or NULL when out of bounds.
 */
__bpf_kfunc void *bpf_flg_rp_slice(const struct bpf_dynptr *p, u32 offset, void *buffer__opt, u32 buffer__szk)
{
	return flg_rp_slice(p, offset, buffer__opt, buffer__szk);
}

/**
 * bpf_flg_rp_window() - Get a writable window of the report.
 * @ctx: report context
 * @offset: start of the window
 * @rdwr_buf_size: size of the window, a constant
 *
 * Return: the window, or NULL if it does not fit.
 */
__bpf_kfunc __u8 *bpf_flg_rp_window(struct flg_rp_ctx *ctx, unsigned int offset, const size_t rdwr_buf_size)
{
	return flg_rp_window(ctx, offset, rdwr_buf_size);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rp_first, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rp_slice, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rp_window, KF_RET_NULL)
BTF_KFUNCS_END(flg_rp_kfunc_ids)

static const struct btf_kfunc_id_set flg_rp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rp_kfunc_ids,
};

static int __init flg_rp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rp_kfunc_set);
}
late_initcall(flg_rp_init);
