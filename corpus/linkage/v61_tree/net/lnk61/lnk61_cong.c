// SPDX-License-Identifier: GPL-2.0
/*
 * KF002 in a 6.1 tree: the tcp_cong.c style of 6.1, an existing global kernel
 * function listed as a kfunc without `noinline`. Its prototype is in a header,
 * so it needs no __diag_push() block (near miss for KF090).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>
#include <net/lnk61_cong.h>

/**
 * bpf_lnk61_reno_ssthresh() - Reno slow-start threshold after a loss.
 * @sk: the socket
 *
 * Return: the new slow-start threshold in packets.
 */
u32 bpf_lnk61_reno_ssthresh(struct sock *sk) /* expect: KF002 */
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}
EXPORT_SYMBOL_GPL(bpf_lnk61_reno_ssthresh);

BTF_SET8_START(bpf_lnk61_cong_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_reno_ssthresh)
BTF_SET8_END(bpf_lnk61_cong_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk61_cong_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_cong_kfunc_ids,
};

static int __init bpf_lnk61_cong_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnk61_cong_kfunc_set);
}
late_initcall(bpf_lnk61_cong_init);
