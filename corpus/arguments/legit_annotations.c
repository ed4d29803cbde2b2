// SPDX-License-Identifier: GPL-2.0
/*
 * Near misses for the argument rules: the annotation patterns the 6.12 tree
 * uses on purpose (conntrack '__sz' pairs, dynptr slices with an optional
 * buffer and a constant size, '__k' type ids with an ignored meta pointer,
 * '__map', '__alloc', '__refcounted_kptr', '__str', '__uninit', '__iter',
 * '__nullable', '__user' buffers skipped with '__ign', a single return-size
 * name, five arguments, a bstr-style format buffer instead of varargs).
 */
/* near-miss: KF060 KF061 KF062 KF063 KF064 KF065 KF066 KF067 KF068 KF069 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/uaccess.h>

struct bpf_arg_ok_tuple {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
};

struct bpf_arg_ok_opts {
	s32 error;
	u8 l4proto;
	u8 reserved[3];
};

struct bpf_iter_arg_ok {
	u64 __opaque[2];
};

enum bpf_arg_ok_mode {
	BPF_ARG_OK_READ,
	BPF_ARG_OK_WRITE,
};

__bpf_kfunc_start_defs();

/**
 * bpf_arg_ok_lookup() - Look a flow up by tuple.
 * @ctx: program context
 * @tuple: flow tuple
 * @tuple__sz: size of @tuple
 * @opts: lookup options
 * @opts__sz: size of @opts
 *
 * Return: 0 when found, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_ok_lookup(struct xdp_md *ctx, struct bpf_arg_ok_tuple *tuple,
				  u32 tuple__sz, struct bpf_arg_ok_opts *opts, u32 opts__sz)
{
	if (!ctx || tuple__sz != sizeof(*tuple) || opts__sz != sizeof(*opts))
		return -EINVAL;
	opts->error = 0;
	return tuple->sport == tuple->dport ? -ENOENT : 0;
}

/**
 * bpf_arg_ok_slice() - Copy part of a dynptr into an optional buffer.
 * @p: source dynptr
 * @offset: where to start
 * @buffer__opt: destination, may be NULL
 * @buffer__szk: size of @buffer__opt, a constant
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_ok_slice(const struct bpf_dynptr *p, u32 offset,
				 void *buffer__opt, u32 buffer__szk)
{
	if (!p || !buffer__opt)
		return -EINVAL;
	memset(buffer__opt, 0, buffer__szk);
	return offset ? 0 : -ENOENT;
}

/**
 * bpf_arg_ok_new() - Allocate a program type by its BTF id.
 * @local_type_id__k: BTF id of the type
 * @meta__ign: filled in by the verifier
 *
 * Return: an opaque handle, or 0.
 */
__bpf_kfunc u64 bpf_arg_ok_new(u64 local_type_id__k, void *meta__ign)
{
	return meta__ign ? local_type_id__k : 0;
}

/**
 * bpf_arg_ok_drop() - Free an object from bpf_obj_new.
 * @p__alloc: the object
 * @meta__ign: filled in by the verifier
 */
__bpf_kfunc void bpf_arg_ok_drop(void *p__alloc, void *meta__ign)
{
	if (meta__ign)
		kfree(p__alloc);
}

/**
 * bpf_arg_ok_acquire() - Take a reference on a refcounted object.
 * @p__refcounted_kptr: the object
 * @meta__ign: filled in by the verifier
 *
 * Return: 0.
 */
__bpf_kfunc int bpf_arg_ok_acquire(void *p__refcounted_kptr, void *meta__ign)
{
	return p__refcounted_kptr && meta__ign ? 0 : 0;
}

/**
 * bpf_arg_ok_cast() - Read-only view of an object of a given BTF type.
 * @obj__ign: any pointer
 * @btf_id__k: BTF id of the type
 *
 * Return: the BTF id.
 */
__bpf_kfunc u32 bpf_arg_ok_cast(const void *obj__ign, u32 btf_id__k)
{
	return obj__ign ? btf_id__k : 0;
}

/**
 * bpf_arg_ok_map_init() - Tie a work item to the map holding it.
 * @wq: the work item
 * @p__map: the map
 * @flags: must be zero
 *
 * Return: 0 on success, -EINVAL for bad flags.
 */
__bpf_kfunc int bpf_arg_ok_map_init(struct bpf_wq *wq, void *p__map, unsigned int flags)
{
	return flags || !wq || !p__map ? -EINVAL : 0;
}

/**
 * bpf_arg_ok_copy_str() - Copy a user string.
 * @dst: destination buffer
 * @dst__sz: size of @dst
 * @unsafe_ptr__ign: user address
 * @flags: must be zero
 *
 * Return: bytes copied, or a negative error.
 */
__bpf_kfunc int bpf_arg_ok_copy_str(void *dst, u32 dst__sz,
				    const void __user *unsafe_ptr__ign, u64 flags)
{
	if (flags)
		return -EINVAL;
	return strncpy_from_user(dst, unsafe_ptr__ign, dst__sz);
}

/**
 * bpf_arg_ok_xattr() - Read an extended attribute.
 * @file: file to read from
 * @name__str: attribute name, a constant string
 * @value_p: where the value goes
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_ok_xattr(struct file *file, const char *name__str,
				 struct bpf_dynptr *value_p)
{
	return file && name__str && value_p ? 0 : -EINVAL;
}

/**
 * bpf_arg_ok_from_mem() - Initialise a dynptr over a buffer.
 * @data: the buffer
 * @data__sz: size of @data
 * @mode: read or write
 * @ptr__uninit: the dynptr to initialise
 *
 * Return: 0.
 */
__bpf_kfunc int bpf_arg_ok_from_mem(u8 *data, u32 data__sz, enum bpf_arg_ok_mode mode,
				    struct bpf_dynptr *ptr__uninit)
{
	return data && data__sz && ptr__uninit && mode == BPF_ARG_OK_READ ? 0 : 0;
}

/**
 * bpf_arg_ok_iter_skip() - Skip entries of an open iterator.
 * @it__iter: the iterator
 * @count: entries to skip
 *
 * Return: 0.
 */
__bpf_kfunc int bpf_arg_ok_iter_skip(struct bpf_iter_arg_ok *it__iter, u64 count)
{
	it__iter->__opaque[0] += count;
	return 0;
}

/**
 * bpf_arg_ok_find() - Find a task, or the current one.
 * @task__nullable: the task, or NULL for current
 * @flags: must be zero
 *
 * Return: the pid found.
 */
__bpf_kfunc s32 bpf_arg_ok_find(struct task_struct *task__nullable, unsigned int flags)
{
	return flags ? -EINVAL : (task__nullable ? task__nullable->pid : 0);
}

/**
 * bpf_arg_ok_get_data() - Point into the report buffer.
 * @ctx: the HID context
 * @offset: where in the buffer
 * @rdwr_buf_size: bytes the program will access, a constant
 *
 * Return: a pointer into the buffer, or NULL.
 */
__bpf_kfunc __u8 *bpf_arg_ok_get_data(struct hid_bpf_ctx *ctx, unsigned int offset,
				      const size_t rdwr_buf_size)
{
	if (!ctx || rdwr_buf_size + offset > ctx->allocated_size)
		return NULL;
	return ctx->data + offset;
}

/**
 * bpf_arg_ok_error_bstr() - Report an error with a bstr-style format.
 * @fmt: format string
 * @data: format arguments
 * @data__sz: size of @data
 */
__bpf_kfunc void bpf_arg_ok_error_bstr(char *fmt, unsigned long long *data, u32 data__sz)
{
	if (data__sz)
		pr_err("%s %llu\n", fmt, data[0]);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_ok_ids)
BTF_ID_FLAGS(func, bpf_arg_ok_lookup)
BTF_ID_FLAGS(func, bpf_arg_ok_slice)
BTF_ID_FLAGS(func, bpf_arg_ok_new)
BTF_ID_FLAGS(func, bpf_arg_ok_drop)
BTF_ID_FLAGS(func, bpf_arg_ok_acquire)
BTF_ID_FLAGS(func, bpf_arg_ok_cast)
BTF_ID_FLAGS(func, bpf_arg_ok_map_init)
BTF_ID_FLAGS(func, bpf_arg_ok_copy_str)
BTF_ID_FLAGS(func, bpf_arg_ok_xattr)
BTF_ID_FLAGS(func, bpf_arg_ok_from_mem)
BTF_ID_FLAGS(func, bpf_arg_ok_iter_skip)
BTF_ID_FLAGS(func, bpf_arg_ok_find)
BTF_ID_FLAGS(func, bpf_arg_ok_get_data, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_arg_ok_error_bstr)
BTF_KFUNCS_END(bpf_arg_ok_ids)

static const struct btf_kfunc_id_set bpf_arg_ok_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_ok_ids,
};

static int __init bpf_arg_ok_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &bpf_arg_ok_set);
}
late_initcall(bpf_arg_ok_init);
