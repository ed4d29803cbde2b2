/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_LNKPR_EXT_H
#define _LINUX_LNKPR_EXT_H

u32 bpf_lnkpr_ext_count(void);

#endif
