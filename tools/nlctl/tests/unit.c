// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the runner. Prints TAP; exits 1 if a check fails.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fake.h"
#include "tap.h"

static unsigned int tests, failed;

void tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void tap_str(const char *got, const char *want, const char *name)
{
	bool ok = got && !strcmp(got, want);

	tap_ok(ok, "%s", name);
	if (!ok)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want);
}

int main(void)
{
	test_json();
	test_args();
	test_extack();
	test_vf();
	fake_reset();
	test_flow();
	test_batch();
	fake_reset();
	printf("1..%u\n", tests);
	if (failed)
		printf("# %u of %u failed\n", failed, tests);
	return failed ? 1 : 0;
}
