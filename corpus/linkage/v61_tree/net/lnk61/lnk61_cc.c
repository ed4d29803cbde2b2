// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF003 in a 6.1 tree: the tcp_cubic.c style of 6.1, static
 * congestion-control callbacks listed as kfuncs without __used noinline.
 * `struct tcp_congestion_ops` stores their addresses, so each keeps an
 * out-of-line symbol with the prototype it was written with; inlining and
 * IPA cloning cannot take it away. Listing it in a set then loses nothing.
 */
/* near-miss: KF003 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

/**
 * bpf_lnk61_cc_init() - Set up the congestion state of a socket.
 * @sk: the socket
 */
static void bpf_lnk61_cc_init(struct sock *sk)
{
	tcp_sk(sk)->snd_ssthresh = TCP_INFINITE_SSTHRESH;
}

/**
 * bpf_lnk61_cc_ssthresh() - Slow-start threshold after a loss.
 * @sk: the socket
 *
 * Return: the new slow-start threshold in packets.
 */
static noinline u32 bpf_lnk61_cc_ssthresh(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}

/**
 * bpf_lnk61_cc_undo() - Congestion window to restore after a false loss.
 * @sk: the socket
 *
 * Return: the congestion window in packets.
 */
static u32 bpf_lnk61_cc_undo(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd, tcp_sk(sk)->prior_cwnd);
}

static struct tcp_congestion_ops bpf_lnk61_cc_ops __read_mostly = {
	.init		= bpf_lnk61_cc_init,
	.ssthresh	= bpf_lnk61_cc_ssthresh,
	.owner		= THIS_MODULE,
	.name		= "lnk61cc",
};

BTF_SET8_START(bpf_lnk61_cc_check_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_cc_init)
BTF_ID_FLAGS(func, bpf_lnk61_cc_ssthresh)
BTF_ID_FLAGS(func, bpf_lnk61_cc_undo)
BTF_SET8_END(bpf_lnk61_cc_check_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk61_cc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_cc_check_kfunc_ids,
};

static int __init bpf_lnk61_cc_register(void)
{
	int ret;

	bpf_lnk61_cc_ops.undo_cwnd = bpf_lnk61_cc_undo;
	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnk61_cc_kfunc_set);
	return ret ?: tcp_register_congestion_control(&bpf_lnk61_cc_ops);
}
module_init(bpf_lnk61_cc_register);
