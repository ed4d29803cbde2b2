/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNK_TESTMOD_KFUNC_H
#define _LNK_TESTMOD_KFUNC_H

#ifndef __KERNEL__
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#else
#define __ksym
#endif

/* Static in the module, but BPF programs need to see it as a global symbol. */
#ifndef __KERNEL__
u32 bpf_lnk_tm_static_arg(u32 arg, u32 unused) __ksym;
#endif

u64 bpf_lnk_tm_add(u64 a, u64 b) __ksym;

#endif /* _LNK_TESTMOD_KFUNC_H */
