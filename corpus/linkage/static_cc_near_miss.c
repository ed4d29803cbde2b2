// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF003, KF004 and KF090, the tcp_bbr.c pattern: static
 * congestion-control kfuncs tagged `__bpf_kfunc static`, with names no other
 * function has. Static functions need no prototype.
 */
/* near-miss: KF003 KF004 KF090 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

/**
 * bpf_lnk_cc_ssthresh() - Slow-start threshold after a loss.
 * @sk: the socket
 *
 * Return: the new slow-start threshold in packets.
 */
__bpf_kfunc static u32 bpf_lnk_cc_ssthresh(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}

/**
 * bpf_lnk_cc_init() - Set up the congestion state of a socket.
 * @sk: the socket
 */
__bpf_kfunc static void bpf_lnk_cc_init(struct sock *sk)
{
	tcp_sk(sk)->snd_ssthresh = TCP_INFINITE_SSTHRESH;
}

static struct tcp_congestion_ops bpf_lnk_cc_ops __read_mostly = {
	.init		= bpf_lnk_cc_init,
	.ssthresh	= bpf_lnk_cc_ssthresh,
	.owner		= THIS_MODULE,
	.name		= "lnkcc",
};

BTF_KFUNCS_START(bpf_lnk_cc_check_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_cc_init)
BTF_ID_FLAGS(func, bpf_lnk_cc_ssthresh)
BTF_KFUNCS_END(bpf_lnk_cc_check_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_cc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_cc_check_kfunc_ids,
};

static int __init bpf_lnk_cc_register(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnk_cc_kfunc_set);
	if (ret < 0)
		return ret;
	return tcp_register_congestion_control(&bpf_lnk_cc_ops);
}
module_init(bpf_lnk_cc_register);
