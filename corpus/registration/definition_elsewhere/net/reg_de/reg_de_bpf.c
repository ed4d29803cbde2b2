// SPDX-License-Identifier: GPL-2.0
/* near-miss: KF021 KF024 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/reg_de.h>

BTF_KFUNCS_START(reg_de_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_de_window, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(reg_de_kfunc_ids)

BTF_SET8_START(reg_de_fmodret_ids)
BTF_ID_FLAGS(func, reg_de_pick_protocol)
BTF_SET8_END(reg_de_fmodret_ids)

static const struct btf_kfunc_id_set reg_de_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_de_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_de_fmodret_set = {
	.owner = THIS_MODULE,
	.set   = &reg_de_fmodret_ids,
};

static int __init reg_de_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &reg_de_kfunc_set);
	return ret ?: register_btf_fmodret_id_set(&reg_de_fmodret_set);
}
late_initcall(reg_de_init);
