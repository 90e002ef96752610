/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A tiny test harness shared by the host tests and the test binaries that
 * run inside the VM. A test case passes when none of its checks failed,
 * is skipped when it calls TH_SKIP() before failing, and fails otherwise.
 * The last line printed is the summary "N passed, N failed[, N skipped]";
 * scripts/run-suites.sh adds those lines up for `make check`.
 *
 *	static void test_foo(void) { TH_EXPECT(1 + 1 == 2, "math"); }
 *	int main(void) { TH_RUN(test_foo); return th_summary(); }
 *
 * Table-driven cases call th_case_begin(name) / th_case_end() themselves.
 */
#ifndef UIRQ_TESTS_HARNESS_H
#define UIRQ_TESTS_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int th_passed, th_failed, th_skipped;
static int th_case_failed, th_case_skipped, th_in_case;
static const char *th_case_name;

static inline void th_case_begin(const char *name)
{
	th_case_name = name;
	th_case_failed = 0;
	th_case_skipped = 0;
	th_in_case = 1;
}

static inline void th_case_end(void)
{
	if (!th_in_case)
		return;
	th_in_case = 0;
	if (th_case_failed) {
		th_failed++;
		printf("FAIL %s\n", th_case_name);
	} else if (th_case_skipped) {
		th_skipped++;
	} else {
		th_passed++;
		printf("ok   %s\n", th_case_name);
	}
	fflush(stdout);
}

__attribute__((format(printf, 4, 5)))
static inline void th_fail_at(const char *file, int line, const char *expr,
			      const char *fmt, ...)
{
	va_list ap;

	printf("  %s:%d: %s: check failed: %s: ", file, line,
	       th_case_name ? th_case_name : "?", expr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	th_case_failed = 1;
}

/* Check a condition; on failure print where, the expression and a message. */
#define TH_EXPECT(cond, ...)						\
	do {								\
		if (!(cond))						\
			th_fail_at(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* Compare two unsigned 64-bit values. */
#define TH_EXPECT_EQ(a, b)						\
	do {								\
		unsigned long long th_a_ = (unsigned long long)(a);	\
		unsigned long long th_b_ = (unsigned long long)(b);	\
		if (th_a_ != th_b_)					\
			th_fail_at(__FILE__, __LINE__, #a " == " #b,	\
				   "0x%llx != 0x%llx", th_a_, th_b_);	\
	} while (0)

/* Compare two strings; NULL compares unequal to everything. */
#define TH_EXPECT_STR(a, b)						\
	do {								\
		const char *th_a_ = (a), *th_b_ = (b);			\
		if (!th_a_ || !th_b_ || strcmp(th_a_, th_b_))		\
			th_fail_at(__FILE__, __LINE__, #a " == " #b,	\
				   "\"%s\" != \"%s\"",			\
				   th_a_ ? th_a_ : "(null)",		\
				   th_b_ ? th_b_ : "(null)");		\
	} while (0)

/* Expect @needle inside @hay. */
#define TH_EXPECT_CONTAINS(hay, needle)					\
	do {								\
		const char *th_h_ = (hay), *th_n_ = (needle);		\
		if (!th_h_ || !strstr(th_h_, th_n_))			\
			th_fail_at(__FILE__, __LINE__, #hay " contains " #needle, \
				   "\"%s\" lacks \"%s\"",		\
				   th_h_ ? th_h_ : "(null)", th_n_);	\
	} while (0)

/* Mark the current case skipped (it must not have failed already). */
#define TH_SKIP(...)							\
	do {								\
		printf("skip %s: ", th_case_name);			\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		th_case_skipped = 1;					\
	} while (0)

#define TH_RUN(fn)							\
	do {								\
		th_case_begin(#fn);					\
		fn();							\
		th_case_end();						\
	} while (0)

static inline int th_summary(void)
{
	if (th_skipped)
		printf("%d passed, %d failed, %d skipped\n",
		       th_passed, th_failed, th_skipped);
	else
		printf("%d passed, %d failed\n", th_passed, th_failed);
	fflush(stdout);
	return th_failed ? 1 : 0;
}

#endif /* UIRQ_TESTS_HARNESS_H */
