// SPDX-License-Identifier: GPL-2.0
/*
 * Module code whose btf_kfunc_id_sets lack .owner = THIS_MODULE: one has no
 * owner at all, the other names NULL. Both register the module's IDs
 * against vmlinux BTF.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ow_temp() - Read the sensor temperature.
 * @sensor: sensor number
 *
 * Return: the temperature in millidegrees.
 */
__bpf_kfunc s32 bpf_reg_ow_temp(u32 sensor)
{
	return reg_ow_read_temp(sensor);
}

/**
 * bpf_reg_ow_fan() - Read the fan speed.
 * @fan: fan number
 *
 * Return: the speed in rpm.
 */
__bpf_kfunc u32 bpf_reg_ow_fan(u32 fan)
{
	return reg_ow_read_fan(fan);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_ow_temp_ids)
BTF_ID_FLAGS(func, bpf_reg_ow_temp)
BTF_KFUNCS_END(reg_ow_temp_ids)

BTF_KFUNCS_START(reg_ow_fan_ids)
BTF_ID_FLAGS(func, bpf_reg_ow_fan)
BTF_KFUNCS_END(reg_ow_fan_ids)

static const struct btf_kfunc_id_set reg_ow_temp_set = { /* expect: KF028 */
	.set   = &reg_ow_temp_ids,
};

static const struct btf_kfunc_id_set reg_ow_fan_set = { /* expect: KF028 */
	.owner = NULL,
	.set   = &reg_ow_fan_ids,
};

static int __init reg_ow_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_ow_temp_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &reg_ow_fan_set);
}
module_init(reg_ow_init);
MODULE_LICENSE("GPL");
