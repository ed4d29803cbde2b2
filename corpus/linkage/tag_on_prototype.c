// SPDX-License-Identifier: GPL-2.0
/*
 * KF005: __bpf_kfunc written on prototypes. The first definition is tagged as
 * well (the prototype tag is only misplaced); the second is not, so KF002
 * reports the definition too.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk_tp_key {
	u32 id;
	u32 zone;
};

__bpf_kfunc u64 bpf_lnk_tp_hash(const struct bpf_lnk_tp_key *key); /* expect: KF005 */
/* expect: KF005 */
__bpf_kfunc
u32 bpf_lnk_tp_zone(const struct bpf_lnk_tp_key *key);

/**
 * bpf_lnk_tp_hash() - Hash a lookup key.
 * @key: key to hash
 *
 * Return: the hash of @key.
 */
__bpf_kfunc u64 bpf_lnk_tp_hash(const struct bpf_lnk_tp_key *key)
{
	return jhash(key, sizeof(*key), 0);
}

/**
 * bpf_lnk_tp_zone() - Read the zone of a lookup key.
 * @key: key to read
 *
 * Return: the zone of @key.
 */
u32 bpf_lnk_tp_zone(const struct bpf_lnk_tp_key *key) /* expect: KF002 */
{
	return key->zone;
}

BTF_KFUNCS_START(bpf_lnk_tp_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_tp_hash)
BTF_ID_FLAGS(func, bpf_lnk_tp_zone)
BTF_KFUNCS_END(bpf_lnk_tp_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_tp_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_tp_kfunc_ids,
};

static int __init bpf_lnk_tp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_tp_kfunc_set);
}
late_initcall(bpf_lnk_tp_init);
