// SPDX-License-Identifier: GPL-2.0
/*
 * Doc blocks that name another function than the kfunc below them, as
 * kernel/sched/ext.c documents scx_bpf_dump() above scx_bpf_dump_bstr().
 * kernel-doc then skips its excess-parameter and return checks, but still
 * reports undescribed parameters: so does kflint.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_oth_dump - Append formatted text to the debug dump
 * @fmt: format string
 * @data: format string parameters packaged using ___bpf_fill() macro
 * @data__sz: @data len, must end in '__sz' for the verifier
 */
__bpf_kfunc int bpf_kdoc_oth_dump_bstr(char *fmt, unsigned long long *data, /* expect: KF081 */
				       u32 data__sz)
{
	return kdoc_oth_vdump(fmt, data, data__sz);
}

/**
 * bpf_kdoc_oth_old_add() - Add two integers.
 * @a: first addend
 * @flags: must be zero
 */
/* expect: KF081 */
__bpf_kfunc int bpf_kdoc_oth_add(int a,
				 int b) /* expect: KF083 */
{
	return a + b;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_oth_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_oth_dump_bstr)
BTF_ID_FLAGS(func, bpf_kdoc_oth_add)
BTF_KFUNCS_END(kdoc_oth_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_oth_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_oth_kfunc_ids,
};

static int __init kdoc_oth_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &kdoc_oth_kfunc_set);
}
late_initcall(kdoc_oth_init);
