// SPDX-License-Identifier: GPL-2.0
/*
 * The functions live here; the sets that list them live in reg_de_bpf.c, the
 * way net/ipv4/tcp_cong.c defines kfuncs that net/ipv4/bpf_tcp_ca.c lists and
 * net/socket.c defines the hook net/mptcp/bpf.c lists for fmod_ret.
 */
/* near-miss: KF021 */
#include <net/sock.h>
#include <net/reg_de.h>

/**
 * bpf_reg_de_window() - Report a socket's window.
 * @sk: the socket
 *
 * Return: the window in bytes.
 */
__bpf_kfunc u32 bpf_reg_de_window(struct sock *sk)
{
	return READ_ONCE(sk->sk_rcvbuf);
}

__bpf_hook_start();

/**
 * reg_de_pick_protocol() - Hook for BPF to choose a socket protocol.
 * @family: address family
 * @type: socket type
 * @protocol: protocol asked for
 *
 * Return: the protocol to use.
 */
__weak noinline int reg_de_pick_protocol(int family, int type, int protocol)
{
	return protocol;
}

__bpf_hook_end();
