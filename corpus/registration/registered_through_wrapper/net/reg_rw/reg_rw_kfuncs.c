// SPDX-License-Identifier: GPL-2.0
/*
 * The sets reach register_btf_kfunc_id_set() through a helper that takes the
 * btf_kfunc_id_set as a parameter; kflint cannot follow the parameter, so it
 * does not call the sets unregistered. The btf_kfunc_id_set is global and
 * registered from another file of the subsystem as well.
 */
/* near-miss: KF025 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_rw_read() - Read a register.
 * @nr: register number
 *
 * Return: the register value.
 */
__bpf_kfunc u64 bpf_reg_rw_read(u32 nr)
{
	return reg_rw_io_read(nr);
}

/**
 * bpf_reg_rw_write() - Write a register.
 * @nr: register number
 * @val: the value
 */
__bpf_kfunc void bpf_reg_rw_write(u32 nr, u64 val)
{
	reg_rw_io_write(nr, val);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_rw_read_ids)
BTF_ID_FLAGS(func, bpf_reg_rw_read)
BTF_KFUNCS_END(reg_rw_read_ids)

BTF_KFUNCS_START(reg_rw_write_ids)
BTF_ID_FLAGS(func, bpf_reg_rw_write)
BTF_KFUNCS_END(reg_rw_write_ids)

static const struct btf_kfunc_id_set reg_rw_read_set = {
	.owner = THIS_MODULE,
	.set   = &reg_rw_read_ids,
};

const struct btf_kfunc_id_set reg_rw_write_set = {
	.owner = THIS_MODULE,
	.set   = &reg_rw_write_ids,
};

static int reg_rw_register(const struct btf_kfunc_id_set *kset)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, kset);
	if (ret)
		pr_warn("reg_rw: cannot register kfuncs: %d\n", ret);
	return ret;
}

static int __init reg_rw_init(void)
{
	return reg_rw_register(&reg_rw_read_set);
}
late_initcall(reg_rw_init);
