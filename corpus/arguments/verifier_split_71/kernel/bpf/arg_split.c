// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs of a tree whose suffix helpers live in kernel/bpf/check_btf.c, not in
 * verifier.c: the suffixes are still the tree's own, so only the misspelt one
 * is reported.
 */
/* near-miss: KF063 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_split_copy() - Copy a buffer into a constant-size slot.
 * @dst: destination
 * @dst__szk: size of @dst, a constant
 * @src__nullable: source, may be NULL
 * @src__sz: size of @src
 *
 * Return: bytes copied.
 */
__bpf_kfunc int bpf_arg_split_copy(void *dst, u32 dst__szk, void *src__nullable, u32 src__sz)
{
	if (!src__nullable)
		return 0;
	memcpy(dst, src__nullable, min(dst__szk, src__sz));
	return min(dst__szk, src__sz);
}

/**
 * bpf_arg_split_lookup() - Look a symbol up by a constant name.
 * @name__str: the name
 * @flags__k: lookup flags, a constant
 *
 * Return: 0 when found, -ENOENT otherwise.
 */
__bpf_kfunc int bpf_arg_split_lookup(const char *name__str, u64 flags__k)
{
	return name__str[0] && !flags__k ? 0 : -ENOENT;
}

/**
 * bpf_arg_split_fill() - Fill a buffer.
 * @buf: the buffer
 * @buf__size: size of @buf (misspelt: the verifier reads '__sz')
 */
__bpf_kfunc void bpf_arg_split_fill(void *buf, u32 buf__size) /* expect: KF063 */
{
	memset(buf, 0xff, buf__size);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_split_ids)
BTF_ID_FLAGS(func, bpf_arg_split_copy)
BTF_ID_FLAGS(func, bpf_arg_split_lookup)
BTF_ID_FLAGS(func, bpf_arg_split_fill)
BTF_KFUNCS_END(bpf_arg_split_ids)

static const struct btf_kfunc_id_set bpf_arg_split_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_split_ids,
};

static int __init bpf_arg_split_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &bpf_arg_split_set);
}
late_initcall(bpf_arg_split_init);
