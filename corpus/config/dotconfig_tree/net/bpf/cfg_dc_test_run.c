// SPDX-License-Identifier: GPL-2.0
/*
 * Test targets, like net/bpf/test_run.c: built only when CONFIG_NET is,
 * because the top-level Kbuild enters net/ only then.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_dc_modret_tp() - A test target that fires a tracepoint.
 * @nonce: value passed to the tracepoint
 */
__bpf_kfunc void bpf_cfg_dc_modret_tp(int nonce)
{
	trace_cfg_dc_test(nonce);
}

/**
 * bpf_cfg_dc_sock_mark() - Read a socket's mark.
 * @sk: a trusted socket
 *
 * Return: the mark of @sk.
 */
__bpf_kfunc u32 bpf_cfg_dc_sock_mark(struct sock *sk)
{
	return READ_ONCE(sk->sk_mark);
}

__bpf_kfunc_end_defs();

BTF_SET8_START(cfg_dc_test_modify_return_ids)
BTF_ID_FLAGS(func, bpf_cfg_dc_modret_tp)
BTF_SET8_END(cfg_dc_test_modify_return_ids)

static const struct btf_kfunc_id_set cfg_dc_test_modify_return_set = {
	.owner = THIS_MODULE,
	.set   = &cfg_dc_test_modify_return_ids,
};

static int __init cfg_dc_test_run_init(void)
{
	return register_btf_fmodret_id_set(&cfg_dc_test_modify_return_set);
}
late_initcall(cfg_dc_test_run_init);
