// SPDX-License-Identifier: GPL-2.0
/*
 * KF068: the verifier accepts scalars and pointers; a struct or union passed
 * by value is an unrecognized argument type.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_bv_tuple {
	__be32 saddr;
	__be32 daddr;
};

union bpf_arg_bv_addr {
	__be32 v4;
	u8 bytes[4];
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_bv_hash() - Hash a tuple.
 * @tuple: the tuple
 *
 * Return: the hash.
 */
__bpf_kfunc u32 bpf_arg_bv_hash(struct bpf_arg_bv_tuple tuple) /* expect: KF068 */
{
	return (__force u32)(tuple.saddr ^ tuple.daddr);
}

/**
 * bpf_arg_bv_is_local() - Test an address.
 * @addr: the address
 *
 * Return: true for 127.0.0.0/8.
 */
__bpf_kfunc bool bpf_arg_bv_is_local(const union bpf_arg_bv_addr addr) /* expect: KF068 */
{
	return addr.bytes[0] == 127;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_bv_ids)
BTF_ID_FLAGS(func, bpf_arg_bv_hash)
BTF_ID_FLAGS(func, bpf_arg_bv_is_local)
BTF_KFUNCS_END(bpf_arg_bv_ids)

static const struct btf_kfunc_id_set bpf_arg_bv_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_bv_ids,
};

static int __init bpf_arg_bv_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_bv_set);
}
late_initcall(bpf_arg_bv_init);
