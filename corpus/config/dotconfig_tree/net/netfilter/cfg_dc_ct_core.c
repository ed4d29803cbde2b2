// SPDX-License-Identifier: GPL-2.0
/*
 * The core of a connection-tracking stand-in, linked with cfg_dc_ct_bpf.c
 * into cfg_dc_ct.ko when CONFIG_NF_CFG_DC=m.
 */
#include <linux/module.h>

struct cfg_dc_conn *cfg_dc_find(u32 key)
{
	return cfg_dc_table_lookup(key);
}
