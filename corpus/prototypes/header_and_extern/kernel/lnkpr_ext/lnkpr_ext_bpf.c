// SPDX-License-Identifier: GPL-2.0
/* Registers the event counter kfunc; declares it locally instead of including the header. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

extern u32 bpf_lnkpr_ext_count(void);

BTF_KFUNCS_START(bpf_lnkpr_ext_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkpr_ext_count)
BTF_KFUNCS_END(bpf_lnkpr_ext_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkpr_ext_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkpr_ext_kfunc_ids,
};

static int __init bpf_lnkpr_ext_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkpr_ext_kfunc_set);
}
late_initcall(bpf_lnkpr_ext_init);
