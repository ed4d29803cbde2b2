// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1 tree has no BTF_KFUNCS_START: BTF_SET8_START is the kfunc set
 * macro there, registered for several program types.
 */
/* near-miss: KF024 KF025 KF029 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_reg_s61_checksum() - Checksum a packet.
 * @md: the XDP context
 *
 * Return: the checksum.
 */
noinline u32 bpf_reg_s61_checksum(struct xdp_md *md)
{
	return reg_s61_csum(md);
}

__diag_pop();

BTF_SET8_START(reg_s61_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_s61_checksum)
BTF_SET8_END(reg_s61_kfunc_ids)

static const struct btf_kfunc_id_set reg_s61_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_s61_kfunc_ids,
};

int register_reg_s61_bpf(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &reg_s61_kfunc_set);
	if (ret)
		return ret;
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &reg_s61_kfunc_set);
}
