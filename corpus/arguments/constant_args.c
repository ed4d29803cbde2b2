// SPDX-License-Identifier: GPL-2.0
/*
 * KF061: the verifier keeps one constant argument per call; a second '__k',
 * or a '__k' next to a '__szk' buffer size, fails every call with an
 * internal error.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_k_cast_pair() - Check that two BTF ids name the same type.
 * @from_id__k: BTF id of the source type
 * @to_id__k: BTF id of the target type
 *
 * Return: true when the ids are equal.
 */
__bpf_kfunc bool bpf_arg_k_cast_pair(u32 from_id__k,
				     u32 to_id__k) /* expect: KF061 */
{
	return from_id__k == to_id__k;
}

/**
 * bpf_arg_k_read_typed() - Copy a typed record out of a dynptr.
 * @p: source dynptr
 * @type_id__k: BTF id of the record type
 * @buf: destination
 * @buf__szk: size of @buf, a constant
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_k_read_typed(const struct bpf_dynptr *p, u32 type_id__k,
				     void *buf, u32 buf__szk) /* expect: KF061 */
{
	if (!p || !type_id__k)
		return -EINVAL;
	memset(buf, 0, buf__szk);
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_k_ids)
BTF_ID_FLAGS(func, bpf_arg_k_cast_pair)
BTF_ID_FLAGS(func, bpf_arg_k_read_typed)
BTF_KFUNCS_END(bpf_arg_k_ids)

static const struct btf_kfunc_id_set bpf_arg_k_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_k_ids,
};

static int __init bpf_arg_k_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_k_set);
}
late_initcall(bpf_arg_k_init);
