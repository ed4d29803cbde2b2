/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of a 6.6 include/linux/btf_ids.h that the argument cases need. */
#ifndef _LINUX_BTF_IDS_H
#define _LINUX_BTF_IDS_H

#define BTF_SET8_START(name) __BTF_SET8_START(name, local)
#define BTF_SET8_END(name)
#define BTF_ID_FLAGS(prefix, name, ...) BTF_ID(prefix, name)

#endif
