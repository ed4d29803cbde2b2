// SPDX-License-Identifier: GPL-2.0
/*
 * KF090 in a 6.1 tree, as a note: the 6.1 bpf_testmod.c style, a global
 * kfunc with no prototype and no __diag_push() block. 6.1 enables
 * -Wmissing-prototypes only with W=1.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

static DEFINE_PER_CPU(int, bpf_lnkpr61_slot);

/**
 * bpf_lnkpr61_store() - Store a value in this CPU's slot.
 * @i: value to store
 */
noinline void bpf_lnkpr61_store(int i) /* expect: KF090 */
{
	*(int *)this_cpu_ptr(&bpf_lnkpr61_slot) = i;
}

BTF_SET8_START(bpf_lnkpr61_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr61_store)
BTF_SET8_END(bpf_lnkpr61_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr61_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr61_kfunc_ids,
};

static int __init bpf_lnkpr61_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &bpf_lnkpr61_kfunc_set);
}
module_init(bpf_lnkpr61_init);
MODULE_LICENSE("GPL");
