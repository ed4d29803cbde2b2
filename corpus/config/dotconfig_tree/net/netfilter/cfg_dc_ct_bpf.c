// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs of the connection-tracking stand-in, like
 * net/netfilter/nf_conntrack_bpf.c: part of cfg_dc_ct.ko when
 * CONFIG_NF_CFG_DC=m. A module's entries are resolved against its own BTF
 * on top of vmlinux's, so listing a vmlinux kfunc (bpf_cfg_dc_ticks) here
 * is fine in every configuration.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_dc_ct_lookup() - Find a connection and take a reference.
 * @key: the connection key
 *
 * Return: the connection, or NULL when there is none.
 */
__bpf_kfunc struct cfg_dc_conn *bpf_cfg_dc_ct_lookup(u32 key)
{
	return cfg_dc_find(key);
}

/**
 * bpf_cfg_dc_ct_release() - Drop a connection reference.
 * @conn: a connection from bpf_cfg_dc_ct_lookup()
 */
__bpf_kfunc void bpf_cfg_dc_ct_release(struct cfg_dc_conn *conn)
{
	cfg_dc_put(conn);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(cfg_dc_ct_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cfg_dc_ct_lookup, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_cfg_dc_ct_release, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_cfg_dc_ticks)
BTF_KFUNCS_END(cfg_dc_ct_kfunc_ids)

static const struct btf_kfunc_id_set cfg_dc_ct_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_dc_ct_kfunc_ids,
};

static int __init cfg_dc_ct_bpf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &cfg_dc_ct_kfunc_set);
}
module_init(cfg_dc_ct_bpf_init);
MODULE_LICENSE("GPL");
