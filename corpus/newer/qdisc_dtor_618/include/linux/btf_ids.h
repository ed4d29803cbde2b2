/* SPDX-License-Identifier: GPL-2.0 */
/* Stand-in for a 6.18 include/linux/btf_ids.h. */
#ifndef _LINUX_BTF_IDS_H
#define _LINUX_BTF_IDS_H

#define BTF_SET8_KFUNCS		(1 << 0)

#define BTF_SET8_START(name) __BTF_SET8_START(name, local, 0)
#define BTF_SET8_END(name)
#define BTF_KFUNCS_START(name) __BTF_SET8_START(name, local, BTF_SET8_KFUNCS)
#define BTF_KFUNCS_END(name)
#define BTF_ID_FLAGS(prefix, name, ...) __BTF_ID_FLAGS(prefix, name, ##__VA_ARGS__, 0)

#endif
