// SPDX-License-Identifier: GPL-2.0
/*
 * kfunc docs kernel-doc never reads: a plain comment in the style of
 * net/netfilter/nf_conntrack_bpf.c, text after the opening "/**", and a
 * "/**" block whose first line is not a "name - summary" line.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/* bpf_kdoc_pln_lookup - Look up an entry of the flow table
 *
 * Parameters:
 * @ctx		- Pointer to ctx (xdp_md) in XDP program
 *		    Cannot be NULL
 * @key		- Key to look up
 */
__bpf_kfunc u64 bpf_kdoc_pln_lookup(struct xdp_md *ctx, u32 key) /* expect: KF085 */
{
	return kdoc_pln_find((struct xdp_buff *)ctx, key);
}

/** bpf_kdoc_pln_count - Count the entries of the flow table
 *
 * @ctx: Pointer to ctx (xdp_md) in XDP program
 *
 * Return: the number of entries.
 */
__bpf_kfunc u32 bpf_kdoc_pln_count(struct xdp_md *ctx) /* expect: KF085 */
{
	return kdoc_pln_entries((struct xdp_buff *)ctx);
}

/**
 * Flush the flow table.
 * @ctx: Pointer to ctx (xdp_md) in XDP program
 */
__bpf_kfunc void bpf_kdoc_pln_flush(struct xdp_md *ctx) /* expect: KF085 */
{
	kdoc_pln_flush((struct xdp_buff *)ctx);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_pln_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_pln_lookup)
BTF_ID_FLAGS(func, bpf_kdoc_pln_count)
BTF_ID_FLAGS(func, bpf_kdoc_pln_flush)
BTF_KFUNCS_END(kdoc_pln_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_pln_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_pln_kfunc_ids,
};

static int __init kdoc_pln_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &kdoc_pln_kfunc_set);
}
late_initcall(kdoc_pln_init);
