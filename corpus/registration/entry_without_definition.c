// SPDX-License-Identifier: GPL-2.0
/*
 * A kfunc set keeps an entry for a function that was renamed, and an fmodret
 * set lists an attach target that was removed: neither name is defined
 * anywhere, so resolve_btfids leaves both at ID 0.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_ed_lookup() - Look an entry up.
 * @key: the key
 *
 * Return: the value stored under @key, or 0.
 */
__bpf_kfunc u64 bpf_reg_ed_lookup(u32 key)
{
	return reg_ed_find(key);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_ed_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_ed_lookup)
BTF_ID_FLAGS(func, bpf_reg_ed_find) /* expect: KF021 */
BTF_KFUNCS_END(reg_ed_kfunc_ids)

BTF_SET8_START(reg_ed_fmodret_ids)
BTF_ID_FLAGS(func, reg_ed_update_hook) /* expect: KF021 */
BTF_SET8_END(reg_ed_fmodret_ids)

static const struct btf_kfunc_id_set reg_ed_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ed_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_ed_fmodret_set = {
	.owner = THIS_MODULE,
	.set   = &reg_ed_fmodret_ids,
};

static int __init reg_ed_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_ed_kfunc_set);
	return ret ?: register_btf_fmodret_id_set(&reg_ed_fmodret_set);
}
late_initcall(reg_ed_init);
