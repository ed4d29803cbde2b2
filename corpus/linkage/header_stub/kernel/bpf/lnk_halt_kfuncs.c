// SPDX-License-Identifier: GPL-2.0
/* The set that exposes bpf_lnk_halt_now(), defined in kernel/lnk_halt.c. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/lnk_halt.h>

BTF_KFUNCS_START(bpf_lnk_halt_kfunc_ids)
#ifdef CONFIG_LNK_HALT
BTF_ID_FLAGS(func, bpf_lnk_halt_now, KF_DESTRUCTIVE)
#endif
BTF_KFUNCS_END(bpf_lnk_halt_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_halt_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_halt_kfunc_ids,
};

static int __init bpf_lnk_halt_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_halt_kfunc_set);
}
late_initcall(bpf_lnk_halt_init);
