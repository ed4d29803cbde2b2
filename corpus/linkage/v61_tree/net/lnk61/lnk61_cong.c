// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF002 in a 6.1 tree: the tcp_cong.c style of 6.1, existing
 * global kernel functions listed as kfuncs without `noinline`. Nothing can
 * drop them: EXPORT_SYMBOL_GPL() puts a reference in __ksymtab, which the
 * linker script keeps, and a function whose address is stored keeps its
 * out-of-line symbol. Upstream tagged them later (400031e05adf) for
 * consistency, not because they were lost. The first prototype is in a
 * header, so it needs no __diag_push() block (near miss for KF090); the
 * second is kept only by the address its ops structure stores.
 */
/* near-miss: KF002 KF090 */
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
u32 bpf_lnk61_reno_ssthresh(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}
EXPORT_SYMBOL_GPL(bpf_lnk61_reno_ssthresh);

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_lnk61_reno_undo() - Congestion window to restore after a false loss.
 * @sk: the socket
 *
 * Return: the congestion window in packets.
 */
u32 bpf_lnk61_reno_undo(struct sock *sk)
{
	return max(tcp_sk(sk)->snd_cwnd, tcp_sk(sk)->prior_cwnd);
}

__diag_pop();

struct tcp_congestion_ops bpf_lnk61_reno_ops = {
	.ssthresh	= bpf_lnk61_reno_ssthresh,
	.undo_cwnd	= bpf_lnk61_reno_undo,
	.name		= "lnk61reno",
	.owner		= THIS_MODULE,
};

BTF_SET8_START(bpf_lnk61_cong_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_reno_ssthresh)
BTF_ID_FLAGS(func, bpf_lnk61_reno_undo)
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
