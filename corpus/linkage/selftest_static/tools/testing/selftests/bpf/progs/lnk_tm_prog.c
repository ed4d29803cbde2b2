// SPDX-License-Identifier: GPL-2.0
/* A BPF program calling the test module's kfuncs. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

extern u32 bpf_lnk_tm_static_arg(u32 arg, u32 unused) __ksym;
extern u64 bpf_lnk_tm_add(u64 a, u64 b) __ksym;

SEC("tc")
int lnk_tm_run(struct __sk_buff *skb)
{
	return bpf_lnk_tm_static_arg(1, 2) + bpf_lnk_tm_add(3, 4) ? 0 : 1;
}

char _license[] SEC("license") = "GPL";
