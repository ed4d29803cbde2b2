// SPDX-License-Identifier: GPL-2.0
/*
 * Like the special kfunc lists of kernel/bpf/verifier.c: ID lists that name
 * kfuncs defined in net/bpf/, which is built only with CONFIG_NET, while
 * this file is built with CONFIG_BPF_SYSCALL alone.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

enum cfg_kb_special_kfunc {
	CFG_KB_sock_mark,
	CFG_KB_modret_tp,
};

BTF_SET_START(cfg_kb_special_set)
BTF_ID(func, bpf_cfg_kb_sock_mark) /* expect: KF072 */
BTF_SET_END(cfg_kb_special_set)

BTF_ID_LIST(cfg_kb_special_list)
BTF_ID(func, bpf_cfg_kb_sock_mark) /* expect: KF072 */
BTF_ID(func, bpf_cfg_kb_modret_tp) /* expect: KF072 */

BTF_ID_LIST_SINGLE(cfg_kb_mark_id, func, bpf_cfg_kb_sock_mark) /* expect: KF072 */

bool cfg_kb_is_sock_mark(u32 func_id)
{
	return func_id == cfg_kb_special_list[CFG_KB_sock_mark];
}
