// SPDX-License-Identifier: GPL-2.0
/*
 * Built only with CONFIG_NUMA (kernel/bpf/Makefile); its kfuncs are listed
 * from other files, guarded or not.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_cfg_ar_node_pages() - Count the free pages of a node.
 * @nid: the node
 *
 * Return: the number of free pages.
 */
__bpf_kfunc u64 bpf_cfg_ar_node_pages(int nid)
{
	return cfg_ar_free_pages(nid);
}

/**
 * bpf_cfg_ar_node_distance() - Read the distance between two nodes.
 * @from: the first node
 * @to: the second node
 *
 * Return: the distance.
 */
__bpf_kfunc int bpf_cfg_ar_node_distance(int from, int to)
{
	return node_distance(from, to);
}

__bpf_kfunc_end_defs();
