// SPDX-License-Identifier: GPL-2.0
/*
 * The device kfuncs are registered for struct_ops programs with one set and
 * for syscall programs with another; the syscall set was not updated when
 * the struct_ops set gained KF_SLEEPABLE (the 6.12 hid_bpf pattern).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct reg_fd_ctx {
	u32 size;
};

__bpf_kfunc_start_defs();

/**
 * bpf_reg_fd_alloc() - Allocate a device context.
 * @id: device id
 *
 * Return: a new context, or NULL. Free it with bpf_reg_fd_free().
 */
__bpf_kfunc struct reg_fd_ctx *bpf_reg_fd_alloc(u32 id)
{
	return reg_fd_ctx_new(id);
}

/**
 * bpf_reg_fd_free() - Free a device context.
 * @ctx: a context from bpf_reg_fd_alloc()
 */
__bpf_kfunc void bpf_reg_fd_free(struct reg_fd_ctx *ctx)
{
	kfree(ctx);
}

/**
 * bpf_reg_fd_request() - Send a request to the device.
 * @ctx: the device context
 * @cmd: the command
 *
 * Return: 0, or a negative error.
 */
__bpf_kfunc int bpf_reg_fd_request(struct reg_fd_ctx *ctx, u32 cmd)
{
	return reg_fd_send(ctx, cmd);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(reg_fd_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_fd_alloc, KF_ACQUIRE | KF_RET_NULL | KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpf_reg_fd_free, KF_RELEASE | KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpf_reg_fd_request, KF_SLEEPABLE)
BTF_KFUNCS_END(reg_fd_kfunc_ids)

BTF_KFUNCS_START(reg_fd_syscall_kfunc_ids)
BTF_ID_FLAGS(func, bpf_reg_fd_alloc, KF_ACQUIRE | KF_RET_NULL) /* expect: KF023 */
BTF_ID_FLAGS(func, bpf_reg_fd_free, KF_RELEASE) /* expect: KF023 */
BTF_ID_FLAGS(func, bpf_reg_fd_request) /* expect: KF023 */
BTF_KFUNCS_END(reg_fd_syscall_kfunc_ids)

static const struct btf_kfunc_id_set reg_fd_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_fd_kfunc_ids,
};

static const struct btf_kfunc_id_set reg_fd_syscall_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &reg_fd_syscall_kfunc_ids,
};

static int __init reg_fd_init(void)
{
	int err;

	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &reg_fd_kfunc_set);
	if (err)
		return err;
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &reg_fd_syscall_kfunc_set);
}
late_initcall(reg_fd_init);
