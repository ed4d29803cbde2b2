// SPDX-License-Identifier: GPL-2.0
/*
 * KF_TRUSTED_ARGS where it constrains something: a struct pointer after a
 * scalar, a pointer to memory with its size, and a typedef parameter kflint
 * does not see through.
 */
/* near-miss: KF048 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_tp_path() - Write a file's path into a buffer.
 * @flags: lookup flags
 * @file: the file
 * @buf: output buffer
 * @buf__sz: size of @buf
 *
 * Return: the path length, or a negative error.
 */
__bpf_kfunc int bpf_flg_tp_path(u32 flags, struct flg_tp_file *file, char *buf, size_t buf__sz)
{
	return flg_tp_path(flags, file, buf, buf__sz);
}

/**
 * bpf_flg_tp_mask_weight() - Count the bits of a mask.
 * @mask: the mask
 *
 * Return: the number of set bits.
 */
__bpf_kfunc u32 bpf_flg_tp_mask_weight(flg_tp_mask_t mask)
{
	return flg_tp_weight(mask);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_tp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_tp_path, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_flg_tp_mask_weight, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(flg_tp_kfunc_ids)

static const struct btf_kfunc_id_set flg_tp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_tp_kfunc_ids,
};

static int __init flg_tp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &flg_tp_kfunc_set);
}
late_initcall(flg_tp_init);
