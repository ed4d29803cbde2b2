// SPDX-License-Identifier: GPL-2.0
/*
 * KF062: '__k' is read only on scalars, pointer annotations only on
 * pointers. '__opt' belongs on the buffer of a '__sz' pair, not on its size.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_arg_wk_obj {
	u64 id;
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_wk_id() - Read the id of an object.
 * @obj__k: the object
 *
 * Return: the id.
 */
__bpf_kfunc u64 bpf_arg_wk_id(struct bpf_arg_wk_obj *obj__k) /* expect: KF062 */
{
	return obj__k->id;
}

/**
 * bpf_arg_wk_fill() - Fill a buffer that may be missing.
 * @buf: the buffer
 * @buf__sz: size of @buf
 * @len__opt: how many bytes to fill
 *
 * Return: bytes filled.
 */
__bpf_kfunc u32 bpf_arg_wk_fill(u8 *buf, u32 buf__sz, u32 len__opt) /* expect: KF062 */
{
	if (!buf)
		return 0;
	memset(buf, 0xff, min(buf__sz, len__opt));
	return min(buf__sz, len__opt);
}

/**
 * bpf_arg_wk_cookie() - Look a cookie up, or the default one.
 * @cookie__nullable: the cookie, zero for the default
 *
 * Return: the cookie found.
 */
__bpf_kfunc u64 bpf_arg_wk_cookie(u64 cookie__nullable) /* expect: KF062 */
{
	return cookie__nullable ?: 1;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_wk_ids)
BTF_ID_FLAGS(func, bpf_arg_wk_id)
BTF_ID_FLAGS(func, bpf_arg_wk_fill)
BTF_ID_FLAGS(func, bpf_arg_wk_cookie)
BTF_KFUNCS_END(bpf_arg_wk_ids)

static const struct btf_kfunc_id_set bpf_arg_wk_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_wk_ids,
};

static int __init bpf_arg_wk_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_wk_set);
}
late_initcall(bpf_arg_wk_init);
