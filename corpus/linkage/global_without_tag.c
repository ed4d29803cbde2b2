// SPDX-License-Identifier: GPL-2.0
/*
 * KF002: global kfuncs listed in a set but defined without __bpf_kfunc in a
 * tree that has the tag. Nothing the compiler or linker sees refers to the
 * first, so LTO or --gc-sections may drop it (a warning). The second is
 * exported, which keeps it, so only the annotation
 * Documentation/bpf/kfuncs.rst asks for is missing (a note).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk_gw_stats {
	u64 packets;
	u64 bytes;
};

__bpf_kfunc_start_defs();

/**
 * bpf_lnk_gw_packets() - Read a packet counter.
 * @st: statistics block
 *
 * Return: the number of packets counted in @st.
 */
u64 bpf_lnk_gw_packets(struct bpf_lnk_gw_stats *st) /* expect: KF002 */
{
	return READ_ONCE(st->packets);
}

/**
 * bpf_lnk_gw_bytes() - Read a byte counter.
 * @st: statistics block
 *
 * Return: the number of bytes counted in @st.
 */
__bpf_kfunc u64 bpf_lnk_gw_bytes(struct bpf_lnk_gw_stats *st)
{
	return READ_ONCE(st->bytes);
}

/**
 * bpf_lnk_gw_reset() - Clear a statistics block.
 * @st: statistics block
 */
void bpf_lnk_gw_reset(struct bpf_lnk_gw_stats *st) /* expect: KF002 */
{
	WRITE_ONCE(st->packets, 0);
	WRITE_ONCE(st->bytes, 0);
}
EXPORT_SYMBOL_GPL(bpf_lnk_gw_reset);

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_lnk_gw_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_gw_packets)
BTF_ID_FLAGS(func, bpf_lnk_gw_bytes)
BTF_ID_FLAGS(func, bpf_lnk_gw_reset)
BTF_KFUNCS_END(bpf_lnk_gw_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_gw_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_gw_kfunc_ids,
};

static int __init bpf_lnk_gw_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_gw_kfunc_set);
}
late_initcall(bpf_lnk_gw_init);
