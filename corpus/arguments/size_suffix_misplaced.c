// SPDX-License-Identifier: GPL-2.0
/*
 * KF060: '__sz'/'__szk' names that pair with no buffer. The verifier looks
 * for a size only in the argument right after a memory pointer, so each of
 * these sizes is read as a plain scalar and the buffer check never happens.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_sz_hdr {
	u32 len;
	u32 proto;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_sz_first() - Sum a header that has no pointer before its size.
 * @hdr__sz: size of a buffer that is not there
 *
 * Return: the size passed in.
 */
__bpf_kfunc u32 bpf_arg_sz_first(u32 hdr__sz) /* expect: KF060 */
{
	return hdr__sz;
}

/**
 * bpf_arg_sz_gap() - Read a header with a flags word between it and its size.
 * @hdr: header to read
 * @flags: must be zero
 * @hdr__sz: size of @hdr
 *
 * Return: the protocol of @hdr, or 0.
 */
__bpf_kfunc u32 bpf_arg_sz_gap(struct bpf_arg_sz_hdr *hdr, u64 flags,
			       u32 hdr__sz) /* expect: KF060 */
{
	if (flags || hdr__sz < sizeof(*hdr))
		return 0;
	return hdr->proto;
}

/**
 * bpf_arg_sz_on_ptr() - Checksum bytes whose pointer carries the size suffix.
 * @data__sz: bytes to checksum
 * @len: number of bytes
 *
 * Return: the byte sum.
 */
__bpf_kfunc u32 bpf_arg_sz_on_ptr(const u8 *data__sz, u32 len) /* expect: KF060 */
{
	u32 sum = 0;

	while (len--)
		sum += *data__sz++;
	return sum;
}

/**
 * bpf_arg_sz_after_map() - Size placed after a pointer claimed as a map.
 * @p__map: the map the program passes
 * @p__szk: meant as the value size
 *
 * Return: 0.
 */
__bpf_kfunc int bpf_arg_sz_after_map(void *p__map, u32 p__szk) /* expect: KF060 */
{
	return p__szk ? 0 : 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_sz_ids)
BTF_ID_FLAGS(func, bpf_arg_sz_first)
BTF_ID_FLAGS(func, bpf_arg_sz_gap)
BTF_ID_FLAGS(func, bpf_arg_sz_on_ptr)
BTF_ID_FLAGS(func, bpf_arg_sz_after_map)
BTF_KFUNCS_END(bpf_arg_sz_ids)

static const struct btf_kfunc_id_set bpf_arg_sz_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_sz_ids,
};

static int __init bpf_arg_sz_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_sz_set);
}
late_initcall(bpf_arg_sz_init);
