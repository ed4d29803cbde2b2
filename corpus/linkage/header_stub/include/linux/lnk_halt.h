/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Near miss for KF001, KF006 and KF090, the crash_kexec pattern of 6.12: the
 * header declares the real function, or gives a static inline stub when the
 * feature is configured out. The stub is not the kfunc; the definition in
 * kernel/lnk_halt.c is, and this prototype covers it.
 */
/* near-miss: KF001 KF006 KF090 KF002 */
#ifndef _LINUX_LNK_HALT_H
#define _LINUX_LNK_HALT_H

struct pt_regs;

#ifdef CONFIG_LNK_HALT
void bpf_lnk_halt_now(struct pt_regs *regs);
#else
static inline void bpf_lnk_halt_now(struct pt_regs *regs)
{
}
#endif

#endif /* _LINUX_LNK_HALT_H */
