/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for a 6.1 include/linux/btf.h: the KF_* flags of that version and
 * no __bpf_kfunc (the tag arrived in 6.3), so kfuncs here are marked by hand.
 */
#ifndef _LINUX_BTF_H
#define _LINUX_BTF_H 1

#define KF_ACQUIRE	(1 << 0)
#define KF_RELEASE	(1 << 1)
#define KF_RET_NULL	(1 << 2)
#define KF_KPTR_GET	(1 << 3)
#define KF_TRUSTED_ARGS	(1 << 4)
#define KF_SLEEPABLE	(1 << 5)
#define KF_DESTRUCTIVE	(1 << 6)

struct btf_kfunc_id_set {
	struct module *owner;
	struct btf_id_set8 *set;
};

int register_btf_kfunc_id_set(enum bpf_prog_type prog_type,
			      const struct btf_kfunc_id_set *s);

#endif
