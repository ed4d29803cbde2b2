// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF090: a global kfunc outside any defs block, declared in
 * include/linux/lnkpr_ext.h. Another file also declares it with `extern`;
 * that must not hide the header prototype.
 */
/* near-miss: KF090 */
#include <linux/btf.h>
#include <linux/lnkpr_ext.h>

static atomic_t bpf_lnkpr_ext_events;

/**
 * bpf_lnkpr_ext_count() - Count the events seen so far.
 *
 * Return: the number of events.
 */
__bpf_kfunc u32 bpf_lnkpr_ext_count(void)
{
	return atomic_read(&bpf_lnkpr_ext_events);
}
