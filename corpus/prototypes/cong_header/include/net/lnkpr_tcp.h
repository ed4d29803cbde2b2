/* SPDX-License-Identifier: GPL-2.0 */
/* Prototypes of existing kernel functions that are also kfuncs (tcp.h style). */
#ifndef _NET_LNKPR_TCP_H
#define _NET_LNKPR_TCP_H

struct sock;

u32 bpf_lnkpr_reno_ssthresh(struct sock *sk);
void bpf_lnkpr_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked);

#endif
