/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KF006: kfunc bodies in a header. Every includer compiles its own copy: a
 * multiple-definition link error for the global one, and same-name copies
 * BTF cannot tell apart for a static one.
 */
#ifndef _LINUX_LNKHDR_BPF_H
#define _LINUX_LNKHDR_BPF_H

__bpf_kfunc_start_defs();

/**
 * bpf_lnkhdr_version() - Report the interface version.
 *
 * Return: the interface version.
 */
__bpf_kfunc u32 bpf_lnkhdr_version(void) /* expect: KF006 */
{
	return 3;
}

__bpf_kfunc_end_defs();

/**
 * bpf_lnkhdr_flags() - Report the interface flags.
 *
 * Return: the interface flags.
 */
__bpf_kfunc static u32 bpf_lnkhdr_flags(void) /* expect: KF006 */
{
	return 0x5;
}

#endif /* _LINUX_LNKHDR_BPF_H */
