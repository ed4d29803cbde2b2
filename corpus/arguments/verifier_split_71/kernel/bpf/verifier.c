// SPDX-License-Identifier: GPL-2.0
/*
 * What is left of a split verifier.c: the main loop calls the kfunc argument
 * checks that now live in check_btf.c. No suffix is spelt out here.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include "check_btf.h"

static int check_kfunc_args_count(struct bpf_verifier_env *env, const struct btf *btf,
				  const struct btf_param *args, u32 nargs)
{
	u32 i, scalars = 0;

	for (i = 0; i < nargs; i++) {
		if (is_kfunc_arg_constant(btf, &args[i]) || is_kfunc_arg_mem_size(btf, &args[i]))
			scalars++;
	}
	return scalars > nargs ? -EFAULT : 0;
}

int bpf_check_kfunc_call_args(struct bpf_verifier_env *env, const struct btf *btf,
			      const struct btf_param *args, u32 nargs)
{
	return check_kfunc_args_count(env, btf, args, nargs);
}
