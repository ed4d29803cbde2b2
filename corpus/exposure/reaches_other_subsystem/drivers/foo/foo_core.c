// SPDX-License-Identifier: GPL-2.0
/* The foo driver's own counters. */
#include <linux/foo.h>

unsigned int foo_pending;

unsigned int foo_count_pending(void)
{
	return foo_pending;
}
