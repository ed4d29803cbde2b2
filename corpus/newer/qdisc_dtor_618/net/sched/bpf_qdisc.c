// SPDX-License-Identifier: GPL-2.0
/*
 * A qdisc-style kfunc file as 6.16 introduced it, with the CFI fix that 7.0
 * made and 6.18.y took: the kptr destructor of struct sk_buff is a separate
 * void * wrapper, named by a one-entry BTF_ID_LIST_SINGLE and registered with
 * register_btf_id_dtor_kfuncs(). It is tagged but in no kfunc set, and is no
 * kfunc BPF programs call: no KF020, dtor in 'list', not declared by 'header'.
 */
/* near-miss: KF020 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct sk_buff;

__bpf_kfunc_start_defs();

/**
 * bpf_qdisc_corpus_kfree_skb() - Release an skb reference a qdisc program holds.
 * @skb: the skb
 */
__bpf_kfunc void bpf_qdisc_corpus_kfree_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

/**
 * bpf_qdisc_corpus_kfree_skb_dtor() - Destructor for skbs stored in maps.
 * @skb: the skb, typed as the destructor pointer expects
 */
__bpf_kfunc void bpf_qdisc_corpus_kfree_skb_dtor(void *skb)
{
	bpf_qdisc_corpus_kfree_skb(skb);
}
CFI_NOSEAL(bpf_qdisc_corpus_kfree_skb_dtor);

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(qdisc_corpus_kfunc_ids)
BTF_ID_FLAGS(func, bpf_qdisc_corpus_kfree_skb, KF_RELEASE)
BTF_KFUNCS_END(qdisc_corpus_kfunc_ids)

static const struct btf_kfunc_id_set qdisc_corpus_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &qdisc_corpus_kfunc_ids,
};

BTF_ID_LIST_SINGLE(qdisc_corpus_skb_ids, struct, sk_buff)
BTF_ID_LIST_SINGLE(qdisc_corpus_skb_dtor_ids, func, bpf_qdisc_corpus_kfree_skb_dtor)

static int __init qdisc_corpus_kfunc_init(void)
{
	const struct btf_id_dtor_kfunc skb_kfunc_dtors[] = {
		{
			.btf_id       = qdisc_corpus_skb_ids[0],
			.kfunc_btf_id = qdisc_corpus_skb_dtor_ids[0],
		},
	};
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &qdisc_corpus_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(skb_kfunc_dtors, ARRAY_SIZE(skb_kfunc_dtors),
						  THIS_MODULE);
}
late_initcall(qdisc_corpus_kfunc_init);
