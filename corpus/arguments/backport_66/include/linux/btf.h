/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of a 6.6 include/linux/btf.h that the argument cases need. */
#ifndef _LINUX_BTF_H
#define _LINUX_BTF_H 1

#define KF_ACQUIRE	(1 << 0)
#define KF_RELEASE	(1 << 1)
#define KF_RET_NULL	(1 << 2)
#define KF_TRUSTED_ARGS	(1 << 4)
#define KF_SLEEPABLE	(1 << 5)
#define KF_DESTRUCTIVE	(1 << 6)
#define KF_RCU		(1 << 7)
#define KF_ITER_NEW	(1 << 8)
#define KF_ITER_NEXT	(1 << 9)
#define KF_ITER_DESTROY	(1 << 10)

#define __bpf_kfunc __used noinline

struct btf_kfunc_id_set {
	struct module *owner;
	struct btf_id_set8 *set;
	btf_kfunc_filter_t filter;
};

int register_btf_kfunc_id_set(enum bpf_prog_type prog_type,
			      const struct btf_kfunc_id_set *s);

#endif
