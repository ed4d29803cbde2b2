// SPDX-License-Identifier: GPL-2.0
/* near-miss: KF025 */
#include <linux/bpf.h>
#include <linux/btf.h>

extern const struct btf_kfunc_id_set reg_rw_write_set;

static int reg_rw_admin_register(const struct btf_kfunc_id_set *kset)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, kset);
}

static int __init reg_rw_admin_init(void)
{
	return reg_rw_admin_register(&reg_rw_write_set);
}
late_initcall(reg_rw_admin_init);
