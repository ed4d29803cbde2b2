// SPDX-License-Identifier: GPL-2.0
/*
 * KF002 in a 6.1 tree (a note there): the nf_conntrack_bpf.c style of 6.1, a
 * global kfunc with nothing that keeps LTO from dropping it; upstream
 * 400031e05adf tagged these. KF003 (a warning there): the tcp_cubic.c style of
 * 6.1, static kfuncs without `__used noinline`.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

struct bpf_lnk61_ct_opts {
	s32 error;
	u8 l4proto;
};

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in nf_conntrack BTF");

/**
 * bpf_lnk61_ct_check() - Validate lookup options.
 * @opts: options to validate
 * @opts__sz: size of @opts
 *
 * Return: 0 when @opts is usable, a negative error otherwise.
 */
int bpf_lnk61_ct_check(struct bpf_lnk61_ct_opts *opts, u32 opts__sz) /* expect: KF002 */
{
	if (opts__sz != sizeof(*opts))
		return -EINVAL;
	return opts->l4proto ? 0 : -EPROTO;
}

__diag_pop();

/**
 * bpf_lnk61_cc_init() - Set up the congestion state of a socket.
 * @sk: the socket
 */
static void bpf_lnk61_cc_init(struct sock *sk) /* expect: KF003 */
{
	tcp_sk(sk)->snd_ssthresh = TCP_INFINITE_SSTHRESH;
}

/**
 * bpf_lnk61_cc_ssthresh() - Slow-start threshold after a loss.
 * @sk: the socket
 *
 * Return: the new slow-start threshold in packets.
 */
static noinline u32 bpf_lnk61_cc_ssthresh(struct sock *sk) /* expect: KF003 */
{
	return max(tcp_sk(sk)->snd_cwnd >> 1U, 2U);
}

static struct tcp_congestion_ops bpf_lnk61_cc_ops __read_mostly = {
	.init		= bpf_lnk61_cc_init,
	.ssthresh	= bpf_lnk61_cc_ssthresh,
	.owner		= THIS_MODULE,
	.name		= "lnk61cc",
};

BTF_SET8_START(bpf_lnk61_ct_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_ct_check)
BTF_SET8_END(bpf_lnk61_ct_kfunc_ids)

BTF_SET8_START(bpf_lnk61_cc_check_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_cc_init)
BTF_ID_FLAGS(func, bpf_lnk61_cc_ssthresh)
BTF_SET8_END(bpf_lnk61_cc_check_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk61_ct_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_ct_kfunc_ids,
};

static const struct btf_kfunc_id_set bpf_lnk61_cc_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_cc_check_kfunc_ids,
};

static int __init bpf_lnk61_ct_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &bpf_lnk61_ct_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnk61_cc_kfunc_set);
	return ret ?: tcp_register_congestion_control(&bpf_lnk61_cc_ops);
}
module_init(bpf_lnk61_ct_init);
