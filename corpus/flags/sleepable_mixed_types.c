// SPDX-License-Identifier: GPL-2.0
/*
 * Sleepable kfuncs in sets registered for program types that can sleep
 * too: TRACING (fentry, iterators) next to XDP, and every program type.
 */
/* near-miss: KF046 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_sm_reload() - Reload an object's configuration.
 * @id: object id
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_flg_sm_reload(u32 id)
{
	return flg_sm_reload(id);
}

/**
 * bpf_flg_sm_flush() - Flush an object.
 * @id: object id
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_flg_sm_flush(u32 id)
{
	return flg_sm_flush(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_sm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_sm_reload, KF_SLEEPABLE)
BTF_KFUNCS_END(flg_sm_kfunc_ids)

static const struct btf_kfunc_id_set flg_sm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_sm_kfunc_ids,
};

BTF_KFUNCS_START(flg_sm_common_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_sm_flush, KF_SLEEPABLE)
BTF_KFUNCS_END(flg_sm_common_kfunc_ids)

static const struct btf_kfunc_id_set flg_sm_common_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_sm_common_kfunc_ids,
};

static int __init flg_sm_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &flg_sm_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_sm_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &flg_sm_common_kfunc_set);
	return ret;
}
late_initcall(flg_sm_init);
