// SPDX-License-Identifier: GPL-2.0
/*
 * KF004 for a lone file: a congestion-control module forked from
 * net/ipv4/tcp_dctcp.c keeps the name of a vmlinux kfunc for its own static
 * kfunc. With no tree around it, kflint compares it with well-known vmlinux
 * kfunc names.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

/**
 * dctcp_init() - Set up the forked DCTCP state of a socket.
 * @sk: the socket
 */
__bpf_kfunc static void dctcp_init(struct sock *sk) /* expect: KF004 */
{
	tcp_sk(sk)->snd_ssthresh = TCP_INFINITE_SSTHRESH;
}

static struct tcp_congestion_ops bpf_lnk_fork_ops __read_mostly = {
	.init		= dctcp_init,
	.owner		= THIS_MODULE,
	.name		= "lnkfork",
};

BTF_KFUNCS_START(bpf_lnk_fork_check_kfunc_ids)
BTF_ID_FLAGS(func, dctcp_init)
BTF_KFUNCS_END(bpf_lnk_fork_check_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_fork_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_fork_check_kfunc_ids,
};

static int __init bpf_lnk_fork_register(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_lnk_fork_kfunc_set);
	if (ret < 0)
		return ret;
	return tcp_register_congestion_control(&bpf_lnk_fork_ops);
}
module_init(bpf_lnk_fork_register);
