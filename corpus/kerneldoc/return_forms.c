// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF084: the return-section spellings kernel-doc accepts
 * (Returns:, @return:, any case, text on the next line), and void kfuncs,
 * which need no Return: section.
 */
/* near-miss: KF084 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_rf_len() - Read the length of a record.
 * @rec: record of interest
 *
 * Returns: the length of @rec in bytes.
 */
__bpf_kfunc u32 bpf_kdoc_rf_len(struct kdoc_rf_rec *rec)
{
	return rec->len;
}

/**
 * bpf_kdoc_rf_data() - Get the payload of a record.
 * @rec: record of interest
 * @len: number of bytes the program will access
 *
 * @return: the payload, or NULL when @len is larger than the record.
 */
__bpf_kfunc void *bpf_kdoc_rf_data(struct kdoc_rf_rec *rec, u32 len)
{
	return len <= rec->len ? rec->data : NULL;
}

/**
 * bpf_kdoc_rf_seq() - Read the sequence number of a record.
 * @rec: record of interest
 *
 * RETURN:
 * the sequence number, increasing per producer.
 */
__bpf_kfunc u64 bpf_kdoc_rf_seq(struct kdoc_rf_rec *rec)
{
	return rec->seq;
}

/**
 * bpf_kdoc_rf_touch() - Mark a record as seen.
 * @rec: record of interest
 */
__bpf_kfunc void bpf_kdoc_rf_touch(struct kdoc_rf_rec *rec)
{
	WRITE_ONCE(rec->seen, true);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_rf_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_rf_len, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_rf_data, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_rf_seq, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_rf_touch, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(kdoc_rf_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_rf_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_rf_kfunc_ids,
};

static int __init kdoc_rf_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kdoc_rf_kfunc_set);
}
late_initcall(kdoc_rf_init);
