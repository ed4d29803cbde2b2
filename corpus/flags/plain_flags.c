// SPDX-License-Identifier: GPL-2.0
/*
 * Flags written out as KF_* names, an explicit 0, and no flags at all.
 */
/* near-miss: KF045 */
/* near-miss: KF044 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_pf_hash() - Hash a key.
 * @key: the key
 *
 * Return: the hash of @key.
 */
__bpf_kfunc u32 bpf_flg_pf_hash(u32 key)
{
	return jhash_1word(key, 0);
}

/**
 * bpf_flg_pf_mix() - Mix two values.
 * @a: first value
 * @b: second value
 *
 * Return: the mixed value.
 */
__bpf_kfunc u32 bpf_flg_pf_mix(u32 a, u32 b)
{
	return a ^ (b << 7);
}

/**
 * bpf_flg_pf_sync() - Flush an object to disk.
 * @id: object id
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_flg_pf_sync(u32 id)
{
	return flg_pf_sync(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_pf_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_pf_hash)
BTF_ID_FLAGS(func, bpf_flg_pf_mix, 0)
BTF_ID_FLAGS(func, bpf_flg_pf_sync, KF_SLEEPABLE)
BTF_KFUNCS_END(flg_pf_kfunc_ids)

static const struct btf_kfunc_id_set flg_pf_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_pf_kfunc_ids,
};

static int __init flg_pf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &flg_pf_kfunc_set);
}
late_initcall(flg_pf_init);
