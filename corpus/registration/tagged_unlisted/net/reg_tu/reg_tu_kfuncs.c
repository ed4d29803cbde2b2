// SPDX-License-Identifier: GPL-2.0
/*
 * Two functions tagged __bpf_kfunc; the set lists only one of them, so BPF
 * programs cannot call the other. A tree of its own, so that no set line
 * elsewhere in the corpus that kflint cannot expand hides the finding.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_reg_tu_count() - Read a counter.
 * @id: counter number
 *
 * Return: the counter value.
 */
__bpf_kfunc u64 bpf_reg_tu_count(u32 id)
{
	return reg_tu_read(id);
}

/**
 * bpf_reg_tu_reset() - Reset a counter.
 * @id: counter number
 */
__bpf_kfunc void bpf_reg_tu_reset(u32 id) /* expect: KF020 */
{
	reg_tu_write(id, 0);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_tu_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_tu_count)
BTF_KFUNCS_END(reg_tu_kfunc_ids)

static const struct btf_kfunc_id_set reg_tu_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_tu_kfunc_ids,
};

static int __init reg_tu_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &reg_tu_kfunc_set);
}
late_initcall(reg_tu_init);
