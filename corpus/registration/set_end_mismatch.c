// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-and-paste slips around set boundaries: an end naming another set, a
 * set whose end was deleted with its last line, and a stray end left after
 * its start was removed.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_se_rx_bytes() - Bytes received.
 * @ifindex: the device
 *
 * Return: the byte count.
 */
__bpf_kfunc u64 bpf_reg_se_rx_bytes(int ifindex)
{
	return reg_se_stat(ifindex, 0);
}

/**
 * bpf_reg_se_tx_bytes() - Bytes sent.
 * @ifindex: the device
 *
 * Return: the byte count.
 */
__bpf_kfunc u64 bpf_reg_se_tx_bytes(int ifindex)
{
	return reg_se_stat(ifindex, 1);
}

/**
 * bpf_reg_se_errors() - Errors seen.
 * @ifindex: the device
 *
 * Return: the error count.
 */
__bpf_kfunc u64 bpf_reg_se_errors(int ifindex)
{
	return reg_se_stat(ifindex, 2);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_se_rx_ids)
BTF_ID_FLAGS(func, bpf_reg_se_rx_bytes)
BTF_KFUNCS_END(reg_se_rx_kfunc_ids) /* expect: KF026 */

BTF_KFUNCS_START(reg_se_tx_ids) /* expect: KF026 */
BTF_ID_FLAGS(func, bpf_reg_se_tx_bytes)

BTF_KFUNCS_START(reg_se_err_ids)
BTF_ID_FLAGS(func, bpf_reg_se_errors)
BTF_KFUNCS_END(reg_se_err_ids)
BTF_KFUNCS_END(reg_se_old_ids) /* expect: KF026 */

static const struct btf_kfunc_id_set reg_se_rx_set = {
	.owner = THIS_MODULE,
	.set   = &reg_se_rx_ids,
};

static const struct btf_kfunc_id_set reg_se_tx_set = {
	.owner = THIS_MODULE,
	.set   = &reg_se_tx_ids,
};

static const struct btf_kfunc_id_set reg_se_err_set = {
	.owner = THIS_MODULE,
	.set   = &reg_se_err_ids,
};

static int __init reg_se_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_se_rx_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_se_tx_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_se_err_set);
}
late_initcall(reg_se_init);
