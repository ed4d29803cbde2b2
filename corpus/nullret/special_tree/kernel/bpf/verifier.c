// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stand-in for the part of kernel/bpf/verifier.c that names the kfuncs the
 * verifier handles by BTF id.
 */
#include <linux/btf_ids.h>

enum special_kfunc_type {
	KF_bpf_nrs_lock,
	KF_bpf_nrs_view,
};

BTF_ID_LIST(special_kfunc_list)
BTF_ID(func, bpf_nrs_lock)
#ifdef CONFIG_NRS_VIEW
BTF_ID(func, bpf_nrs_view)
#else
BTF_ID_UNUSED
#endif

static bool nrs_is_lock_kfunc(u32 btf_id)
{
	return btf_id == special_kfunc_list[KF_bpf_nrs_lock];
}

BTF_SET_START(btf_id_deny)
BTF_ID(func, bpf_nrs_trylock)
BTF_SET_END(btf_id_deny)
