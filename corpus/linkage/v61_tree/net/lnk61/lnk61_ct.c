// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1 tree (no __bpf_kfunc). Near miss for KF002: the nf_conntrack_bpf.c
 * style of 6.1, global wrapper kfuncs that nothing but their set entry
 * refers to, one plain (what 6.1's kfuncs.rst prescribes) and one noinline.
 * Every default build keeps a global function; the --gc-sections build that
 * drops unreferenced ones drops them whatever attribute 6.1 offers, so there
 * is nothing to ask of them (a 6.3+ tree reports the missing tag).
 * KF003: static kfuncs whose address is never taken, one only called
 * directly and one noinline: gcc may inline, clone or drop both in any build.
 */
/* near-miss: KF002 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk61_ct_opts {
	s32 error;
	u8 l4proto;
};

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in nf_conntrack BTF");

/**
 * bpf_lnk61_ct_check() - Validate lookup options.
 * @opts: options to validate
 * @opts__sz: size of @opts
 *
 * Return: 0 when @opts is usable, a negative error otherwise.
 */
int bpf_lnk61_ct_check(struct bpf_lnk61_ct_opts *opts, u32 opts__sz)
{
	if (opts__sz != sizeof(*opts))
		return -EINVAL;
	return opts->l4proto ? 0 : -EPROTO;
}

/**
 * bpf_lnk61_ct_proto() - Read the protocol of lookup options.
 * @opts: options to read
 *
 * Return: the layer 4 protocol in @opts.
 */
noinline u8 bpf_lnk61_ct_proto(struct bpf_lnk61_ct_opts *opts)
{
	return opts->l4proto;
}

__diag_pop();

/**
 * bpf_lnk61_ct_hash() - Hash a protocol number.
 * @proto: protocol to hash
 *
 * Return: the bucket of @proto.
 */
static u32 bpf_lnk61_ct_hash(u32 proto) /* expect: KF003 */
{
	return (proto * 2654435761U) >> 28;
}

/**
 * bpf_lnk61_ct_bucket() - Bucket of lookup options.
 * @opts: options to hash
 *
 * Return: the bucket of @opts.
 */
static noinline u32 bpf_lnk61_ct_bucket(struct bpf_lnk61_ct_opts *opts) /* expect: KF003 */
{
	return bpf_lnk61_ct_hash(opts->l4proto);
}

BTF_SET8_START(bpf_lnk61_ct_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_ct_check)
BTF_ID_FLAGS(func, bpf_lnk61_ct_proto)
BTF_ID_FLAGS(func, bpf_lnk61_ct_hash)
BTF_ID_FLAGS(func, bpf_lnk61_ct_bucket)
BTF_SET8_END(bpf_lnk61_ct_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk61_ct_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_ct_kfunc_ids,
};

static int __init bpf_lnk61_ct_init(void)
{
	struct bpf_lnk61_ct_opts probe = { .l4proto = IPPROTO_TCP };

	pr_debug("lnk61: probe bucket %u\n", bpf_lnk61_ct_bucket(&probe));
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &bpf_lnk61_ct_kfunc_set);
}
module_init(bpf_lnk61_ct_init);
