/* SPDX-License-Identifier: GPL-2.0 */
/* Stand-in for a 6.1 include/linux/btf_ids.h: BTF_SET8 sets only. */
#ifndef _LINUX_BTF_IDS_H
#define _LINUX_BTF_IDS_H

#define BTF_SET8_START(name) __BTF_SET8_START(name, local)
#define BTF_SET8_END(name)
#define BTF_ID_FLAGS(prefix, name, ...) __BTF_ID_FLAGS(prefix, name, ##__VA_ARGS__, 0)

#endif
