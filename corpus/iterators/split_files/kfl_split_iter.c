// SPDX-License-Identifier: GPL-2.0
/*
 * An iterator and an acquire/release pair defined here and registered in
 * another file (the way kernel/bpf/task_iter.c kfuncs are listed in
 * kernel/bpf/helpers.c): the triple and the release are found across files.
 */
/* near-miss: KF043 KF056 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include "kfl_split.h"

/**
 * bpf_iter_kflsplit_new() - Start walking the objects.
 * @it: iterator state on the BPF stack
 * @start: first object id
 *
 * Return: 0 on success, or a negative error.
 */
__bpf_kfunc int bpf_iter_kflsplit_new(struct bpf_iter_kflsplit *it, u32 start)
{
	return kfl_split_iter_init(it, start);
}

/**
 * bpf_iter_kflsplit_next() - Step to the next object.
 * @it: iterator started with bpf_iter_kflsplit_new()
 *
 * Return: the next object, or NULL at the end.
 */
__bpf_kfunc struct kfl_split_obj *bpf_iter_kflsplit_next(struct bpf_iter_kflsplit *it)
{
	return kfl_split_iter_step(it);
}

/**
 * bpf_iter_kflsplit_destroy() - Stop walking the objects.
 * @it: iterator started with bpf_iter_kflsplit_new()
 */
__bpf_kfunc void bpf_iter_kflsplit_destroy(struct bpf_iter_kflsplit *it)
{
	kfl_split_iter_fini(it);
}

/**
 * bpf_kfl_split_get() - Take a reference on an object.
 * @id: object id
 *
 * Return: the referenced object, or NULL. Release it with bpf_kfl_split_put().
 */
__bpf_kfunc struct kfl_split_obj *bpf_kfl_split_get(u32 id)
{
	return kfl_split_get(id);
}
