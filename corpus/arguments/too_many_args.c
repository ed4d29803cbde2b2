// SPDX-License-Identifier: GPL-2.0
/*
 * KF065: BPF passes arguments in R1-R5; a kfunc with a sixth parameter can
 * never be called.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_many_tuple {
	__be32 saddr;
	__be32 daddr;
};

struct bpf_arg_many_opts {
	s32 error;
	u32 netns_id;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_many_lookup() - Look a flow up by tuple, with flags.
 * @ctx: program context
 * @tuple: flow tuple
 * @tuple__sz: size of @tuple
 * @opts: lookup options
 * @opts__sz: size of @opts
 * @flags: lookup flags
 *
 * Return: 0 when found, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_many_lookup(struct xdp_md *ctx, struct bpf_arg_many_tuple *tuple,
				    u32 tuple__sz, struct bpf_arg_many_opts *opts,
				    u32 opts__sz, u64 flags) /* expect: KF065 */
{
	if (!ctx || flags || tuple__sz != sizeof(*tuple) || opts__sz != sizeof(*opts))
		return -EINVAL;
	opts->error = 0;
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_many_ids)
BTF_ID_FLAGS(func, bpf_arg_many_lookup)
BTF_KFUNCS_END(bpf_arg_many_ids)

static const struct btf_kfunc_id_set bpf_arg_many_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_many_ids,
};

static int __init bpf_arg_many_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &bpf_arg_many_set);
}
late_initcall(bpf_arg_many_init);
