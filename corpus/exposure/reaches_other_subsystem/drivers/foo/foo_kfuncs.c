// SPDX-License-Identifier: GPL-2.0
/*
 * A foo driver kfunc that reaches only foo's own code (foo_count_pending()
 * in drivers/foo/foo_core.c) and the generic struct bpf_dynptr: nothing
 * beyond the maintainers the patch already goes to.
 */
/* near-miss: KF095 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/foo.h>

__bpf_kfunc_start_defs();

/**
 * bpf_foo_pending() - Count foo's pending requests.
 * @out: where a BPF program wants the count written
 *
 * Return: the number of pending requests.
 */
__bpf_kfunc unsigned int bpf_foo_pending(struct bpf_dynptr *out)
{
	return foo_count_pending();
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(foo_kfunc_ids)
BTF_ID_FLAGS(func, bpf_foo_pending)
BTF_KFUNCS_END(foo_kfunc_ids)

static const struct btf_kfunc_id_set foo_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &foo_kfunc_ids,
};

static int __init foo_kfuncs_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &foo_kfunc_set);
}
late_initcall(foo_kfuncs_init);
