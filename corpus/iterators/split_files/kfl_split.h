/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KFL_SPLIT_H
#define _KFL_SPLIT_H

struct bpf_iter_kflsplit {
	__u64 __opaque[2];
} __aligned(8);

struct kfl_split_obj;

int bpf_iter_kflsplit_new(struct bpf_iter_kflsplit *it, u32 start);
struct kfl_split_obj *bpf_iter_kflsplit_next(struct bpf_iter_kflsplit *it);
void bpf_iter_kflsplit_destroy(struct bpf_iter_kflsplit *it);
struct kfl_split_obj *bpf_kfl_split_get(u32 id);
void bpf_kfl_split_put(struct kfl_split_obj *obj);

#endif
