// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF090, the net/ipv4/tcp_cong.c pattern: existing global
 * kernel functions, tagged __bpf_kfunc, defined outside any defs block
 * because include/net/lnkpr_tcp.h declares them. The set that lists them is
 * in lnkpr_ca.c (the bpf_tcp_ca.c role).
 */
/* near-miss: KF090 KF002 */
#include <linux/btf.h>
#include <net/tcp.h>
#include <net/lnkpr_tcp.h>

/**
 * bpf_lnkpr_reno_ssthresh() - Reno slow-start threshold after a loss.
 * @sk: the socket
 *
 * Return: the new slow-start threshold in packets.
 */
__bpf_kfunc u32 bpf_lnkpr_reno_ssthresh(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}
EXPORT_SYMBOL_GPL(bpf_lnkpr_reno_ssthresh);

/**
 * bpf_lnkpr_reno_cong_avoid() - Reno congestion avoidance.
 * @sk: the socket
 * @ack: sequence number acknowledged
 * @acked: number of packets acknowledged
 */
__bpf_kfunc void bpf_lnkpr_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	tcp_sk(sk)->snd_cwnd += acked;
}
EXPORT_SYMBOL_GPL(bpf_lnkpr_reno_cong_avoid);
