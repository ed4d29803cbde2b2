// SPDX-License-Identifier: GPL-2.0
/*
 * KF001: kfuncs defined inline have no out-of-line symbol, so pahole writes
 * no BTF for them and the verifier finds no kallsyms address. The first is an
 * existing static inline helper listed as it is; the second is tagged but
 * also forced inline. The third is a global plain inline: the kernel's
 * gnu_inline still emits it out of line, so it is only a warning.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk_inl_ring {
	u32 head;
	u32 tail;
};

/**
 * bpf_lnk_inl_used() - Count the used slots of a ring.
 * @r: ring to look at
 *
 * Return: the number of used slots.
 */
static inline u32 bpf_lnk_inl_used(struct bpf_lnk_inl_ring *r) /* expect: KF001 */
{
	return READ_ONCE(r->head) - READ_ONCE(r->tail);
}

/**
 * bpf_lnk_inl_empty() - Tell whether a ring is empty.
 * @r: ring to look at
 *
 * Return: true when @r holds nothing.
 */
__bpf_kfunc static __always_inline bool bpf_lnk_inl_empty(struct bpf_lnk_inl_ring *r) /* expect: KF001 */
{
	return READ_ONCE(r->head) == READ_ONCE(r->tail);
}

__bpf_kfunc_start_defs();

/**
 * bpf_lnk_inl_free() - Count the free slots of a ring.
 * @r: ring to look at
 *
 * Return: the number of free slots.
 */
__bpf_kfunc inline u32 bpf_lnk_inl_free(struct bpf_lnk_inl_ring *r) /* expect: KF001 */
{
	return BPF_LNK_INL_SLOTS - bpf_lnk_inl_used(r);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_lnk_inl_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_inl_used)
BTF_ID_FLAGS(func, bpf_lnk_inl_empty)
BTF_ID_FLAGS(func, bpf_lnk_inl_free)
BTF_KFUNCS_END(bpf_lnk_inl_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_inl_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_inl_kfunc_ids,
};

static int __init bpf_lnk_inl_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_inl_kfunc_set);
}
late_initcall(bpf_lnk_inl_init);
