// SPDX-License-Identifier: GPL-2.0
/*
 * A backport to a 6.1 tree registers the set for cgroup socket and for
 * netfilter programs, which got kfunc hooks only after 6.1: the
 * registrations fail with -EINVAL and free every kfunc set of vmlinux.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_reg_ph_mark() - Read a packet mark.
 * @skb: the packet
 *
 * Return: the mark.
 */
noinline u32 bpf_reg_ph_mark(struct __sk_buff *skb)
{
	return reg_ph_get_mark(skb);
}

__diag_pop();

BTF_SET8_START(reg_ph_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ph_mark)
BTF_SET8_END(reg_ph_kfunc_ids)

static const struct btf_kfunc_id_set reg_ph_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ph_kfunc_ids,
};

static int __init reg_ph_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &reg_ph_kfunc_set);
	/* expect: KF029 */
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_CGROUP_SKB, &reg_ph_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_NETFILTER, /* expect: KF029 */
						&reg_ph_kfunc_set);
}
late_initcall(reg_ph_init);
