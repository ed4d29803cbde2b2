// SPDX-License-Identifier: GPL-2.0
/*
 * KF064: a 'void *' the verifier cannot type: no '__sz'/'__szk' size right
 * after it and no annotation ('__ign', '__map', '__alloc', ...) that says
 * what it is. '__nullable' only lets NULL through; any other value still
 * needs a type. Every call is rejected.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/jhash.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_vp_hash() - Hash a buffer.
 * @data: the bytes
 * @len: number of bytes
 *
 * Return: the hash.
 */
__bpf_kfunc u32 bpf_arg_vp_hash(const void *data, u32 len) /* expect: KF064 */
{
	return jhash(data, len, 0);
}

/**
 * bpf_arg_vp_store() - Store a value under a key.
 * @key: the key
 * @key__sz: size of @key
 * @value: the value
 *
 * Return: 0.
 */
__bpf_kfunc int bpf_arg_vp_store(void *key, u32 key__sz, void *value) /* expect: KF064 */
{
	return key && key__sz && value ? 0 : 0;
}

/**
 * bpf_arg_vp_peek() - Look at an optional object.
 * @obj__nullable: the object, or NULL
 *
 * Return: true when an object was passed.
 */
__bpf_kfunc bool bpf_arg_vp_peek(void *obj__nullable) /* expect: KF064 */
{
	return obj__nullable != NULL;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_vp_ids)
BTF_ID_FLAGS(func, bpf_arg_vp_hash)
BTF_ID_FLAGS(func, bpf_arg_vp_store)
BTF_ID_FLAGS(func, bpf_arg_vp_peek)
BTF_KFUNCS_END(bpf_arg_vp_ids)

static const struct btf_kfunc_id_set bpf_arg_vp_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_vp_ids,
};

static int __init bpf_arg_vp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_vp_set);
}
late_initcall(bpf_arg_vp_init);
