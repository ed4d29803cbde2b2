// SPDX-License-Identifier: GPL-2.0
/*
 * A sleepable kfunc in a set registered only for XDP and TC, in a 6.12 tree:
 * those programs are never sleepable, but from 6.10 a bpf_wq callback they
 * set (bpf_wq_set_callback_impl) is verified as sleepable and may call it.
 * The 6.1 case is in v61_tree/net/flg61/flg61_sleepable.c.
 */
/* near-miss: KF046 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_sx_reload() - Reload an object's configuration.
 * @id: object id
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_flg_sx_reload(u32 id)
{
	return flg_sx_reload(id);
}

/**
 * bpf_flg_sx_hash() - Hash a key.
 * @key: the key
 *
 * Return: the hash of @key.
 */
__bpf_kfunc u32 bpf_flg_sx_hash(u32 key)
{
	return jhash_1word(key, 1);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_sx_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_sx_reload, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpf_flg_sx_hash)
BTF_KFUNCS_END(flg_sx_kfunc_ids)

static const struct btf_kfunc_id_set flg_sx_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_sx_kfunc_ids,
};

static int __init flg_sx_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &flg_sx_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &flg_sx_kfunc_set);
	return ret;
}
late_initcall(flg_sx_init);
