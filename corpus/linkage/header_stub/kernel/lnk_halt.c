// SPDX-License-Identifier: GPL-2.0
/*
 * The real definition of an existing kernel function that is also a kfunc:
 * global, tagged, declared in include/linux/lnk_halt.h, so it needs no
 * __bpf_kfunc_start_defs() block.
 */
#include <linux/btf.h>
#include <linux/lnk_halt.h>

/**
 * bpf_lnk_halt_now() - Stop the machine after a fatal error.
 * @regs: registers at the time of the error, or NULL
 */
__bpf_kfunc void bpf_lnk_halt_now(struct pt_regs *regs)
{
	lnk_halt_machine(regs);
}
