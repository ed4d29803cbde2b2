// SPDX-License-Identifier: GPL-2.0
/*
 * KF090: global kfuncs with no prototype, defined outside any
 * __bpf_kfunc_start_defs() block: -Wmissing-prototypes warns at each one in
 * every 6.8+ build. The kfunc inside the __bpf_hook_start() block is fine.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnkpr_np_dev {
	u32 ready;
	u32 irqs;
};

/**
 * bpf_lnkpr_np_ready() - Tell whether a device is ready.
 * @dev: device to query
 *
 * Return: true when @dev accepts requests.
 */
__bpf_kfunc bool bpf_lnkpr_np_ready(struct bpf_lnkpr_np_dev *dev) /* expect: KF090 */
{
	return READ_ONCE(dev->ready);
}

__bpf_kfunc_start_defs();

/**
 * bpf_lnkpr_np_irqs() - Count the interrupts of a device.
 * @dev: device to query
 *
 * Return: the number of interrupts @dev raised.
 */
__bpf_kfunc u32 bpf_lnkpr_np_irqs(struct bpf_lnkpr_np_dev *dev)
{
	return READ_ONCE(dev->irqs);
}

__bpf_kfunc_end_defs();

/**
 * bpf_lnkpr_np_reset() - Clear the counters of a device.
 * @dev: device to reset
 */
__bpf_kfunc void bpf_lnkpr_np_reset(struct bpf_lnkpr_np_dev *dev) /* expect: KF090 */
{
	WRITE_ONCE(dev->irqs, 0);
}

__bpf_hook_start();

/**
 * bpf_lnkpr_np_idle() - Tell whether a device is idle.
 * @dev: device to query
 *
 * Return: true when @dev has raised no interrupt.
 */
__bpf_kfunc bool bpf_lnkpr_np_idle(struct bpf_lnkpr_np_dev *dev)
{
	return !READ_ONCE(dev->irqs);
}

__bpf_hook_end();

BTF_KFUNCS_START(bpf_lnkpr_np_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_np_ready)
BTF_ID_FLAGS(func, bpf_lnkpr_np_irqs)
BTF_ID_FLAGS(func, bpf_lnkpr_np_reset)
BTF_ID_FLAGS(func, bpf_lnkpr_np_idle)
BTF_KFUNCS_END(bpf_lnkpr_np_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_np_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_np_kfunc_ids,
};

static int __init bpf_lnkpr_np_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkpr_np_kfunc_set);
}
late_initcall(bpf_lnkpr_np_init);
