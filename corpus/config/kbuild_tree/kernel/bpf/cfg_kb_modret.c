// SPDX-License-Identifier: GPL-2.0
/*
 * An fmodret set (like net/mptcp/bpf.c) naming a hook defined under net/:
 * the set is built with CONFIG_BPF_SYSCALL alone, so with CONFIG_NET=n
 * the entry is unresolved. Fmodret entries need their target as much as
 * kfunc entries do.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

BTF_SET8_START(cfg_kb_fmodret_ids)
BTF_ID_FLAGS(func, bpf_cfg_kb_sock_hook) /* expect: KF070 */
BTF_SET8_END(cfg_kb_fmodret_ids)

static const struct btf_kfunc_id_set cfg_kb_fmodret_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_kb_fmodret_ids,
};

static int __init cfg_kb_modret_init(void)
{
	return register_btf_fmodret_id_set(&cfg_kb_fmodret_set);
}
late_initcall(cfg_kb_modret_init);
