// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF065 in a 7.0 tree: the trailing 'struct bpf_prog_aux *'
 * of a KF_IMPLICIT_ARGS kfunc is filled in by the verifier; resolve_btfids
 * drops it from the prototype BPF sees, so BPF passes five arguments.
 */
/* near-miss: KF065 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_imp_tuple {
	__be32 saddr;
	__be32 daddr;
};

struct bpf_arg_imp_opts {
	s32 error;
	u32 netns_id;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_imp_lookup() - Look a flow up by tuple for the calling program.
 * @ctx: program context
 * @tuple: flow tuple
 * @tuple__sz: size of @tuple
 * @opts: lookup options
 * @opts__sz: size of @opts
 * @aux: the calling program, filled in by the verifier
 *
 * Return: 0 when found, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_imp_lookup(struct xdp_md *ctx, struct bpf_arg_imp_tuple *tuple,
				   u32 tuple__sz, struct bpf_arg_imp_opts *opts, u32 opts__sz,
				   struct bpf_prog_aux *aux)
{
	if (!ctx || !aux || tuple__sz != sizeof(*tuple) || opts__sz != sizeof(*opts))
		return -EINVAL;
	opts->error = 0;
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_imp_ids)
BTF_ID_FLAGS(func, bpf_arg_imp_lookup, KF_IMPLICIT_ARGS)
BTF_KFUNCS_END(bpf_arg_imp_ids)

static const struct btf_kfunc_id_set bpf_arg_imp_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_imp_ids,
};

static int __init bpf_arg_imp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &bpf_arg_imp_set);
}
late_initcall(bpf_arg_imp_init);
