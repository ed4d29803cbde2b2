// SPDX-License-Identifier: GPL-2.0
/*
 * The same lists, guarded by the symbol net/ is built with; the list
 * indexed by an enum keeps its slots with BTF_ID_UNUSED (as upstream
 * 4a24035964b7 did for special_kfunc_list). The struct ID is not a function.
 */
/* near-miss: KF072 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

enum cfg_kb_guarded_kfunc {
	CFG_KB_G_sock_mark,
	CFG_KB_G_modret_tp,
};

BTF_SET_START(cfg_kb_guarded_set)
#ifdef CONFIG_NET
BTF_ID(func, bpf_cfg_kb_sock_mark)
#endif
BTF_SET_END(cfg_kb_guarded_set)

BTF_ID_LIST(cfg_kb_guarded_list)
#ifdef CONFIG_NET
BTF_ID(func, bpf_cfg_kb_sock_mark)
BTF_ID(func, bpf_cfg_kb_modret_tp)
#else
BTF_ID_UNUSED
BTF_ID_UNUSED
#endif
BTF_ID(struct, cfg_kb_sock)

bool cfg_kb_is_guarded_mark(u32 func_id)
{
	return func_id == cfg_kb_guarded_list[CFG_KB_G_sock_mark];
}
