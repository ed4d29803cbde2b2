/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_CFG_KC_DUMP_H
#define _LINUX_CFG_KC_DUMP_H

#ifdef CONFIG_BPF_CFG_KC_DUMP
void bpf_cfg_kc_dump(void);
#else
static inline void bpf_cfg_kc_dump(void) { }
#endif

#endif
