/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl unit tests: a minimal TAP producer.
 */
#ifndef NLCTL_TAP_H
#define NLCTL_TAP_H

#include <stdbool.h>

void tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define TAP_STR(got, want, ...)	tap_str(got, want, __VA_ARGS__)
void tap_str(const char *got, const char *want, const char *name);

void test_json(void);
void test_args(void);
void test_extack(void);
void test_vf(void);
void test_flow(void);
void test_batch(void);

#endif /* NLCTL_TAP_H */
