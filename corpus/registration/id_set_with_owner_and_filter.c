// SPDX-License-Identifier: GPL-2.0
/*
 * .owner = THIS_MODULE together with a filter, in the order fs/bpf_fs_kfuncs.c
 * uses (owner, set, filter), and with the fields written in another order.
 */
/* near-miss: KF028 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_of_inode_size() - Size of a file.
 * @file: the file
 *
 * Return: the size in bytes.
 */
__bpf_kfunc u64 bpf_reg_of_inode_size(struct file *file)
{
	return i_size_read(file_inode(file));
}

/**
 * bpf_reg_of_inode_ino() - Inode number of a file.
 * @file: the file
 *
 * Return: the inode number.
 */
__bpf_kfunc u64 bpf_reg_of_inode_ino(struct file *file)
{
	return file_inode(file)->i_ino;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_of_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_of_inode_size, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(reg_of_kfunc_ids)

BTF_KFUNCS_START(reg_of_ino_ids)
BTF_ID_FLAGS(func, bpf_reg_of_inode_ino, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(reg_of_ino_ids)

static int reg_of_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&reg_of_kfunc_ids, kfunc_id) ||
	    prog->type == BPF_PROG_TYPE_LSM)
		return 0;
	return -EACCES;
}

static const struct btf_kfunc_id_set reg_of_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &reg_of_kfunc_ids,
	.filter = reg_of_filter,
};

static const struct btf_kfunc_id_set reg_of_ino_set = {
	.set = &reg_of_ino_ids,
	.owner = THIS_MODULE,
};

static int __init reg_of_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &reg_of_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &reg_of_ino_set);
}
late_initcall(reg_of_init);
