// SPDX-License-Identifier: GPL-2.0
/*
 * KF066: BTF cannot describe variable arguments to the verifier; a variadic
 * kfunc is rejected when a program calls it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_va_log() - Log a formatted message.
 * @fmt: format string
 * @...: format arguments
 */
__bpf_kfunc void bpf_arg_va_log(const char *fmt, ...) /* expect: KF066 */
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_va_ids)
BTF_ID_FLAGS(func, bpf_arg_va_log)
BTF_KFUNCS_END(bpf_arg_va_ids)

static const struct btf_kfunc_id_set bpf_arg_va_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_va_ids,
};

static int __init bpf_arg_va_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_va_set);
}
late_initcall(bpf_arg_va_init);
