// SPDX-License-Identifier: GPL-2.0
/*
 * A 6.1 tree has no __bpf_kfunc. Near miss for KF002 and KF090: a global
 * kfunc marked `__used noinline` by hand (what __bpf_kfunc expanded to in
 * 6.3) inside a __diag_push() block that silences -Wmissing-prototypes;
 * __used keeps it through LTO although nothing refers to it.
 * Near miss for KF003: a static kfunc with both `__used` and `noinline`.
 */
/* near-miss: KF002 KF003 KF090 KF007 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_lnk61_test_sum() - Add two values.
 * @a: first value
 * @b: second value
 *
 * Return: @a plus @b.
 */
__used noinline u64 bpf_lnk61_test_sum(u32 a, u64 b)
{
	return a + b;
}

__diag_pop();

/**
 * bpf_lnk61_test_twice() - Double a value.
 * @a: value to double
 *
 * Return: @a times two.
 */
static __used noinline u64 bpf_lnk61_test_twice(u64 a)
{
	return a * 2;
}

BTF_SET8_START(bpf_lnk61_test_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk61_test_sum)
BTF_ID_FLAGS(func, bpf_lnk61_test_twice)
BTF_SET8_END(bpf_lnk61_test_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk61_test_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk61_test_kfunc_ids,
};

static int __init bpf_lnk61_test_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &bpf_lnk61_test_kfunc_set);
}
late_initcall(bpf_lnk61_test_init);
