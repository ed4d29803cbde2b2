// SPDX-License-Identifier: GPL-2.0
/*
 * kfuncs BPF programs can call with no kernel-doc block kernel-doc would
 * read: none at all, a plain comment that is not documentation, and a
 * DOC: block (an overview, not a function's doc).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

__bpf_kfunc int bpf_kdoc_miss_sum(int a, int b) /* expect: KF080 */
{
	return a + b;
}

/* Only called from the TC hook; see kdoc_miss_tc_prog(). */
__bpf_kfunc u32 bpf_kdoc_miss_mark(struct __sk_buff *skb) /* expect: KF080 */
{
	return ((struct sk_buff *)skb)->mark;
}

/**
 * DOC: kdoc_miss kfuncs
 *
 * The kfuncs below read counters of the kdoc_miss device.
 */
__bpf_kfunc u64 bpf_kdoc_miss_count(u32 idx) /* expect: KF080 */
{
	return kdoc_miss_counters[idx & 7];
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_miss_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_miss_sum)
BTF_ID_FLAGS(func, bpf_kdoc_miss_mark)
BTF_ID_FLAGS(func, bpf_kdoc_miss_count)
BTF_KFUNCS_END(kdoc_miss_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_miss_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_miss_kfunc_ids,
};

static int __init kdoc_miss_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &kdoc_miss_kfunc_set);
}
late_initcall(kdoc_miss_init);
