// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * uirq core: the arithmetic of the kernel's program windows. A region can
 * be larger than 4 GiB and a window can end exactly at 4 GiB, so every
 * bound here is 64-bit; it lives in core/ so the host tests can check it
 * against regions no test VM has.
 */
#include "uirq_core.h"

/**
 * uirq_window_map() - the mapping a region needs for one more window
 * @cur_lo:  first region byte of the current mapping
 * @cur_len: its length in bytes; 0: the region has no mapping yet
 * @w:       the window a new program touches (@w->lo < @w->hi)
 * @size:    the region's size in bytes
 * @page:    the page size, a power of two
 * @lo:      out: first byte of the mapping needed
 * @len:     out: its length
 *
 * The mapping needed is the page-rounded union of the current one and @w,
 * clipped to the region.
 *
 * Return: true if the current mapping does not cover @w, so a mapping of
 * [@lo, @lo + @len) must replace it; false (and @lo, @len untouched) if it
 * already does.
 */
bool uirq_window_map(u64 cur_lo, u64 cur_len, const struct uirq_window *w,
		     u64 size, u64 page, u64 *lo, u64 *len)
{
	u64 wlo = (u64)w->lo & ~(page - 1);
	u64 whi = ((u64)w->hi + page - 1) & ~(page - 1);

	if (whi > size)
		whi = size;
	if (cur_len) {
		if (wlo >= cur_lo && whi <= cur_lo + cur_len)
			return false;
		if (cur_lo < wlo)
			wlo = cur_lo;
		if (cur_lo + cur_len > whi)
			whi = cur_lo + cur_len;
	}
	*lo = wlo;
	*len = whi - wlo;
	return true;
}
