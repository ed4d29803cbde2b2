// SPDX-License-Identifier: GPL-2.0
/*
 * The same kfunc appears twice in one set, but in the two branches of one
 * #ifdef: only one of the entries is ever built. A set whose entries are all
 * under #ifdef is fine as well.
 */
/* near-miss: KF022 KF025 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_di_key_usage() - Report the usage of a key.
 * @serial: key serial
 *
 * Return: the usage count, or 0.
 */
__bpf_kfunc u32 bpf_reg_di_key_usage(s32 serial)
{
	return reg_di_usage(serial);
}

/**
 * bpf_reg_di_key_revoked() - Tell whether a key was revoked.
 * @serial: key serial
 *
 * Return: 1 when revoked, else 0.
 */
__bpf_kfunc u32 bpf_reg_di_key_revoked(s32 serial)
{
	return reg_di_revoked(serial);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_di_kfunc_ids)
#ifdef CONFIG_KEYS_REQUEST_CACHE
BTF_ID_FLAGS(func, bpf_reg_di_key_usage, KF_SLEEPABLE)
#else
BTF_ID_FLAGS(func, bpf_reg_di_key_usage)
#endif
BTF_KFUNCS_END(reg_di_kfunc_ids)

BTF_KFUNCS_START(reg_di_keys_ids)
#ifdef CONFIG_KEYS
BTF_ID_FLAGS(func, bpf_reg_di_key_revoked)
#endif
BTF_KFUNCS_END(reg_di_keys_ids)

static const struct btf_kfunc_id_set reg_di_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_di_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_di_keys_set = {
	.owner = THIS_MODULE,
	.set   = &reg_di_keys_ids,
};

static int __init reg_di_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_di_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_di_keys_set);
}
late_initcall(reg_di_init);
