// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF082 and KF083: every parameter described by its exact C
 * name, suffix included, with text on the same or the next line; @return is
 * a section, not a parameter; a (void) kfunc needs no @ line.
 */
/* near-miss: KF082 */
/* near-miss: KF083 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_kdoc_prm_copy() - Copy bytes out of a ring.
 * @ring: ring to read
 * @dst: destination buffer
 * @dst__sz:
 *	size of @dst in bytes; at most KDOC_PRM_MAX
 * @off: offset into the ring
 *
 * @return: the number of bytes copied, or a negative error.
 */
__bpf_kfunc int bpf_kdoc_prm_copy(struct kdoc_prm_ring *ring, void *dst, u32 dst__sz,
				  u32 off)
{
	return kdoc_prm_ring_read(ring, off, dst, dst__sz);
}

/**
 * bpf_kdoc_prm_epoch() - Read the ring epoch.
 *
 * Return: the current epoch, incremented on every reset.
 */
__bpf_kfunc u64 bpf_kdoc_prm_epoch(void)
{
	return atomic64_read(&kdoc_prm_epoch);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(kdoc_prm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_kdoc_prm_copy, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_kdoc_prm_epoch)
BTF_KFUNCS_END(kdoc_prm_kfunc_ids)

static const struct btf_kfunc_id_set kdoc_prm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &kdoc_prm_kfunc_ids,
};

static int __init kdoc_prm_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &kdoc_prm_kfunc_set);
}
late_initcall(kdoc_prm_init);
