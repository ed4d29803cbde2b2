// SPDX-License-Identifier: GPL-2.0
/* Registers the kfuncs the header defines. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/lnkhdr_bpf.h>

BTF_KFUNCS_START(bpf_lnkhdr_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnkhdr_version)
BTF_ID_FLAGS(func, bpf_lnkhdr_flags)
BTF_KFUNCS_END(bpf_lnkhdr_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnkhdr_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnkhdr_kfunc_ids,
};

static int __init bpf_lnkhdr_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnkhdr_kfunc_set);
}
late_initcall(bpf_lnkhdr_init);
