// SPDX-License-Identifier: GPL-2.0
/*
 * Code written before 6.9 keeps BTF_SET8_START for its kfunc set; a 6.12
 * kernel rejects the registration because the set lacks BTF_SET8_KFUNCS.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_s8_checksum() - Checksum a packet.
 * @md: the XDP context
 *
 * Return: the checksum.
 */
__bpf_kfunc u32 bpf_reg_s8_checksum(struct xdp_md *md)
{
	return reg_s8_csum(md);
}

__bpf_kfunc_end_defs();

BTF_SET8_START(reg_s8_kfunc_ids) /* expect: KF024 */
BTF_ID_FLAGS(func, bpf_reg_s8_checksum)
BTF_SET8_END(reg_s8_kfunc_ids)

static const struct btf_kfunc_id_set reg_s8_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_s8_kfunc_ids,
};

static int __init reg_s8_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_s8_kfunc_set);
}
module_init(reg_s8_init);
