/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_CFG_KB_DUMP_H
#define _LINUX_CFG_KB_DUMP_H

#ifdef CONFIG_BPF_CFG_KB_DUMP
void bpf_cfg_kb_dump(void);
#else
static inline void bpf_cfg_kb_dump(void) { }
#endif

#endif
