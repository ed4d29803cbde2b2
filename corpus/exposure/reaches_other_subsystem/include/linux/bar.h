/* SPDX-License-Identifier: GPL-2.0 */
/* The bar subsystem's state, which only drivers/bar/ should touch. */
#ifndef _LINUX_BAR_H
#define _LINUX_BAR_H

struct bar_state {
	unsigned int generation;
	unsigned long flags;
};

int bar_state_reset(struct bar_state *st, unsigned int generation);

#endif /* _LINUX_BAR_H */
