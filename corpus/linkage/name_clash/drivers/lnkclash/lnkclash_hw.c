// SPDX-License-Identifier: GPL-2.0
/* The hardware side: a private helper that happens to have the kfunc's name. */
#include <linux/io.h>

struct bpf_lnkclash_hw {
	void __iomem *regs;
};

static u32 bpf_lnkclash_read_status(struct bpf_lnkclash_hw *hw)
{
	return readl(hw->regs + 0x10);
}

u32 lnkclash_hw_poll(struct bpf_lnkclash_hw *hw)
{
	return bpf_lnkclash_read_status(hw) & 0xff;
}
