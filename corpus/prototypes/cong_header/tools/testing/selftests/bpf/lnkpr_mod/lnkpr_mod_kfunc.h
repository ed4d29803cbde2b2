/* SPDX-License-Identifier: GPL-2.0 */
/* Kfunc declarations the selftest programs use (bpf_testmod_kfunc.h style). */
#ifndef _LNKPR_MOD_KFUNC_H
#define _LNKPR_MOD_KFUNC_H

#ifndef __KERNEL__
#include <vmlinux.h>
#else
#define __ksym
#endif

u64 bpf_lnkpr_to_probe(u64 x) __ksym;
int bpf_lnkpr_mod_ping(int v) __ksym;

#endif
