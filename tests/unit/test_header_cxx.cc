// SPDX-License-Identifier: GPL-2.0 OR MIT
// The uapi header under C++11 -pedantic: the same checks as the C test.
#include "test_header.c"
