// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1 tree: a sleepable kfunc in a set registered only for XDP and TC.
 * Those programs can never be sleepable and 6.1 has no bpf_wq callbacks, so
 * the kfunc can never be called.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in BTF");

/**
 * bpf_flg61_reload() - Reload an object's configuration.
 * @id: object id
 *
 * Return: 0, or a negative error.
 */
noinline int bpf_flg61_reload(u32 id)
{
	return flg61_reload(id);
}

__diag_pop();

BTF_SET8_START(flg61_sx_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg61_reload, KF_SLEEPABLE) /* expect: KF046 */
BTF_SET8_END(flg61_sx_kfunc_ids)

static const struct btf_kfunc_id_set flg61_sx_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg61_sx_kfunc_ids,
};

static int __init flg61_sx_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &flg61_sx_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &flg61_sx_kfunc_set);
	return ret;
}
late_initcall(flg61_sx_init);
