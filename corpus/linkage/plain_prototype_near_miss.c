// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF005 and KF090: a plain prototype earlier in the file (the
 * kfunc is also called from kernel code below it) and a tagged definition.
 * The prototype is what -Wmissing-prototypes wants, so no defs block is needed.
 * The helper `__bpf_kfunc_peek_raw` only shares a prefix with the tag.
 */
/* near-miss: KF005 KF090 KF000 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk_pp_queue {
	u32 len;
};

u32 bpf_lnk_pp_len(struct bpf_lnk_pp_queue *q);

static u32 __bpf_kfunc_peek_raw(struct bpf_lnk_pp_queue *q)
{
	return q->len;
}

static bool bpf_lnk_pp_busy(struct bpf_lnk_pp_queue *q)
{
	return bpf_lnk_pp_len(q) > 16;
}

/**
 * bpf_lnk_pp_len() - Read the length of a queue.
 * @q: queue to read
 *
 * Return: the number of entries in @q.
 */
__bpf_kfunc u32 bpf_lnk_pp_len(struct bpf_lnk_pp_queue *q)
{
	return READ_ONCE(q->len) + (__bpf_kfunc_peek_raw(q) & 0);
}

BTF_KFUNCS_START(bpf_lnk_pp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_pp_len)
BTF_KFUNCS_END(bpf_lnk_pp_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_pp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_pp_kfunc_ids,
};

static int __init bpf_lnk_pp_init(void)
{
	WARN_ON_ONCE(bpf_lnk_pp_busy(NULL));
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_pp_kfunc_set);
}
late_initcall(bpf_lnk_pp_init);
