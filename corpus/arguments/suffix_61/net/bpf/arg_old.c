// SPDX-License-Identifier: GPL-2.0
/*
 * KF063 in a 6.1 tree: its verifier (kernel/bpf/btf.c) reads only '__sz',
 * so '__k' (6.2) and '__map' (6.9) are plain names here, and '__sz' still
 * pairs as it should.
 */
/* near-miss: KF060 KF064 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_arg_old_type_size() - Size of a BTF type.
 * @type_id__k: BTF id of the type, meant to be a constant
 *
 * Return: the size, or 0.
 */
noinline u32 bpf_arg_old_type_size(u32 type_id__k) /* expect: KF063 */
{
	return type_id__k ? 8 : 0;
}

/**
 * bpf_arg_old_map_flags() - Flags of a map.
 * @p__map: the map, meant to be passed as a map pointer
 *
 * Return: the map flags.
 */
noinline u32 bpf_arg_old_map_flags(void *p__map) /* expect: KF063 */
{
	struct bpf_map *map = p__map;

	return map->map_flags;
}

/**
 * bpf_arg_old_sum() - Sum a buffer.
 * @mem: the buffer
 * @mem__sz: size of @mem
 *
 * Return: the byte sum.
 */
noinline u32 bpf_arg_old_sum(void *mem, int mem__sz)
{
	u8 *p = mem;
	u32 sum = 0;

	while (mem__sz-- > 0)
		sum += *p++;
	return sum;
}

__diag_pop();

BTF_SET8_START(bpf_arg_old_ids)
BTF_ID_FLAGS(func, bpf_arg_old_type_size)
BTF_ID_FLAGS(func, bpf_arg_old_map_flags)
BTF_ID_FLAGS(func, bpf_arg_old_sum)
BTF_SET8_END(bpf_arg_old_ids)

static const struct btf_kfunc_id_set bpf_arg_old_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_old_ids,
};

static int __init bpf_arg_old_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_arg_old_set);
}
late_initcall(bpf_arg_old_init);
