// SPDX-License-Identifier: GPL-2.0
/* The bar subsystem: owns struct bar_state and its reset protocol. */
#include <linux/bar.h>
#include <linux/export.h>

int bar_state_reset(struct bar_state *st, unsigned int generation)
{
	st->generation = generation;
	st->flags = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(bar_state_reset);
