/* SPDX-License-Identifier: GPL-2.0 */
/* Prototypes of existing kernel functions that are also kfuncs (tcp.h style). */
#ifndef _NET_LNK61_CONG_H
#define _NET_LNK61_CONG_H

struct sock;

u32 bpf_lnk61_reno_ssthresh(struct sock *sk);
extern struct tcp_congestion_ops bpf_lnk61_reno_ops;

#endif
