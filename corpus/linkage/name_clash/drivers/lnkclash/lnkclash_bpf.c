// SPDX-License-Identifier: GPL-2.0
/*
 * KF004: a static kfunc whose name another file also defines. BTF and
 * kallsyms know functions by name only, so the verifier may get the other
 * function's address.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnkclash_dev {
	u32 status;
};

/**
 * bpf_lnkclash_read_status() - Read a device status word.
 * @dev: device to read
 *
 * Return: the status word of @dev.
 */
__bpf_kfunc static u32 bpf_lnkclash_read_status(struct bpf_lnkclash_dev *dev) /* expect: KF004 */
{
	return READ_ONCE(dev->status);
}

BTF_KFUNCS_START(bpf_lnkclash_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkclash_read_status)
BTF_KFUNCS_END(bpf_lnkclash_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkclash_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkclash_kfunc_ids,
};

static int __init bpf_lnkclash_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkclash_kfunc_set);
}
late_initcall(bpf_lnkclash_init);
