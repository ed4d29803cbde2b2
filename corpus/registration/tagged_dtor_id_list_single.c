// SPDX-License-Identifier: GPL-2.0
/*
 * A destructor named by BTF_ID_LIST_SINGLE (as 6.16+ net/sched/bpf_qdisc.c
 * registers its skb dtor): tagged, in no kfunc set, and rightly so.
 */
/* near-miss: KF020 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct reg_ls_buf {
	refcount_t usage;
};

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ls_release() - Drop a reference on a buffer.
 * @buf: the buffer
 */
__bpf_kfunc void bpf_reg_ls_release(struct reg_ls_buf *buf)
{
	if (refcount_dec_and_test(&buf->usage))
		kfree(buf);
}

/**
 * bpf_reg_ls_release_dtor() - Destructor for buffers stored in maps.
 * @buf: the buffer
 */
__bpf_kfunc void bpf_reg_ls_release_dtor(void *buf)
{
	bpf_reg_ls_release(buf);
}
CFI_NOSEAL(bpf_reg_ls_release_dtor);

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_ls_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ls_release, KF_RELEASE)
BTF_KFUNCS_END(reg_ls_kfunc_ids)

static const struct btf_kfunc_id_set reg_ls_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ls_kfunc_ids,
};

BTF_ID_LIST_SINGLE(reg_ls_buf_ids, struct, reg_ls_buf)
BTF_ID_LIST_SINGLE(reg_ls_buf_dtor_ids, func, bpf_reg_ls_release_dtor)

static int __init reg_ls_init(void)
{
	const struct btf_id_dtor_kfunc reg_ls_dtors[] = {
		{
			.btf_id	      = reg_ls_buf_ids[0],
			.kfunc_btf_id = reg_ls_buf_dtor_ids[0],
		},
	};
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_ls_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(reg_ls_dtors, ARRAY_SIZE(reg_ls_dtors),
						  THIS_MODULE);
}
late_initcall(reg_ls_init);
