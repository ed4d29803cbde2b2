// SPDX-License-Identifier: GPL-2.0
/*
 * KF069: 'rdonly_buf_size' and 'rdwr_buf_size' both set the size of the
 * returned memory; the verifier rejects a kfunc that has two of them.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_rb_ctx {
	u8 *data;
	size_t size;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_rb_get_data() - Point into a context buffer.
 * @ctx: the context
 * @rdonly_buf_size: bytes that may be read
 * @rdwr_buf_size: bytes that may be written
 *
 * Return: a pointer to the buffer, or NULL.
 */
__bpf_kfunc u8 *bpf_arg_rb_get_data(struct bpf_arg_rb_ctx *ctx, const size_t rdonly_buf_size,
				    const size_t rdwr_buf_size) /* expect: KF069 */
{
	if (max(rdonly_buf_size, rdwr_buf_size) > ctx->size)
		return NULL;
	return ctx->data;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_rb_ids)
BTF_ID_FLAGS(func, bpf_arg_rb_get_data, KF_RET_NULL)
BTF_KFUNCS_END(bpf_arg_rb_ids)

static const struct btf_kfunc_id_set bpf_arg_rb_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_rb_ids,
};

static int __init bpf_arg_rb_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_arg_rb_set);
}
late_initcall(bpf_arg_rb_init);
