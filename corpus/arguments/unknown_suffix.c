// SPDX-License-Identifier: GPL-2.0
/*
 * KF063: names that look like annotations but that a 6.12 verifier does not
 * read: a suffix from a later kernel, misspellings, and a suffix stacked
 * before another one (only the last counts).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_us_irq_save() - Save and disable interrupts.
 * @flags__irq_flag: where the state goes
 */
__bpf_kfunc void bpf_arg_us_irq_save(unsigned long *flags__irq_flag) /* expect: KF063 */
{
	local_irq_save(*flags__irq_flag);
}

/**
 * bpf_arg_us_find() - Find a symbol by name.
 * @name__strr: the name, meant to be a constant string
 *
 * Return: 0 when found, -ENOENT otherwise.
 */
__bpf_kfunc int bpf_arg_us_find(const char *name__strr) /* expect: KF063 */
{
	return name__strr[0] ? 0 : -ENOENT;
}

/**
 * bpf_arg_us_clear() - Zero a buffer.
 * @buf: the buffer
 * @buf__size: size of @buf
 */
__bpf_kfunc void bpf_arg_us_clear(void *buf, u32 buf__size) /* expect: KF063 */
{
	memset(buf, 0, buf__size);
}

/**
 * bpf_arg_us_peek() - Copy the head of a dynptr into an optional buffer.
 * @p: the dynptr
 * @buf: destination, may be NULL
 * @buf__opt__szk: size of @buf, a constant
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_us_peek(const struct bpf_dynptr *p, void *buf,
				u32 buf__opt__szk) /* expect: KF063 */
{
	if (!p || !buf)
		return -EINVAL;
	memset(buf, 0, buf__opt__szk);
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_us_ids)
BTF_ID_FLAGS(func, bpf_arg_us_irq_save)
BTF_ID_FLAGS(func, bpf_arg_us_find)
BTF_ID_FLAGS(func, bpf_arg_us_clear)
BTF_ID_FLAGS(func, bpf_arg_us_peek)
BTF_KFUNCS_END(bpf_arg_us_ids)

static const struct btf_kfunc_id_set bpf_arg_us_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_us_ids,
};

static int __init bpf_arg_us_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_us_set);
}
late_initcall(bpf_arg_us_init);
