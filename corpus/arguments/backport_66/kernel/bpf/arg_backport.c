// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.6 tree with '__str' backported into its verifier: 'name__str' is an
 * annotation here (near miss for KF063, although 6.6 predates '__str'),
 * while '__map' (6.9) was not backported and is a plain name.
 */
/* near-miss: KF063 KF064 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_arg_bp_xattr() - Read an extended attribute.
 * @file: file to read from
 * @name__str: attribute name, a constant string
 * @value_p: where the value goes
 *
 * Return: 0 on success, a negative error otherwise.
 */
__bpf_kfunc int bpf_arg_bp_xattr(struct file *file, const char *name__str,
				 struct bpf_dynptr *value_p)
{
	return file && name__str && value_p ? 0 : -EINVAL;
}

/**
 * bpf_arg_bp_map_flags() - Flags of a map.
 * @p__map: the map, meant to be passed as a map pointer
 *
 * Return: the map flags.
 */
__bpf_kfunc u32 bpf_arg_bp_map_flags(void *p__map) /* expect: KF063 */
{
	struct bpf_map *map = p__map;

	return map->map_flags;
}

/**
 * bpf_arg_bp_drop() - Free an object from bpf_obj_new.
 * @p__alloc: the object
 * @meta__ign: filled in by the verifier
 */
__bpf_kfunc void bpf_arg_bp_drop(void *p__alloc, void *meta__ign)
{
	if (meta__ign)
		kfree(p__alloc);
}

__diag_pop();

BTF_SET8_START(bpf_arg_bp_ids)
BTF_ID_FLAGS(func, bpf_arg_bp_xattr, KF_SLEEPABLE | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_arg_bp_map_flags)
BTF_ID_FLAGS(func, bpf_arg_bp_drop, KF_RELEASE)
BTF_SET8_END(bpf_arg_bp_ids)

static const struct btf_kfunc_id_set bpf_arg_bp_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_bp_ids,
};

static int __init bpf_arg_bp_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &bpf_arg_bp_set);
}
late_initcall(bpf_arg_bp_init);
