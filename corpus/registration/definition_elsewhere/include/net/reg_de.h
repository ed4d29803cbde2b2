/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NET_REG_DE_H
#define _NET_REG_DE_H

u32 bpf_reg_de_window(struct sock *sk);
int reg_de_pick_protocol(int family, int type, int protocol);

#endif
