// SPDX-License-Identifier: GPL-2.0
/*
 * KF_* names kernel 6.12 does not define: KF_DEPRECATED (documented, never
 * defined), KF_FASTCALL (6.13), and a misspelling.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_uf_old_count() - Count the objects.
 *
 * Return: the number of objects. Scheduled for removal; use bpf_flg_uf_count().
 */
__bpf_kfunc u32 bpf_flg_uf_old_count(void)
{
	return flg_uf_count();
}

/**
 * bpf_flg_uf_count() - Count the objects, quickly.
 *
 * Return: the number of objects.
 */
__bpf_kfunc u32 bpf_flg_uf_count(void)
{
	return flg_uf_count();
}

/**
 * bpf_flg_uf_check() - Check an object.
 * @obj: the object
 *
 * Return: 0 if @obj is consistent, else -EINVAL.
 */
__bpf_kfunc int bpf_flg_uf_check(struct flg_uf_obj *obj)
{
	return flg_uf_check(obj);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_uf_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_uf_old_count, KF_DEPRECATED) /* expect: KF044 */
BTF_ID_FLAGS(func, bpf_flg_uf_count, KF_FASTCALL) /* expect: KF044 */
BTF_ID_FLAGS(func, bpf_flg_uf_check, KF_TRUSTED_ARG | KF_SLEEPABLE) /* expect: KF044 */
BTF_KFUNCS_END(flg_uf_kfunc_ids)

static const struct btf_kfunc_id_set flg_uf_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_uf_kfunc_ids,
};

static int __init flg_uf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &flg_uf_kfunc_set);
}
late_initcall(flg_uf_init);
