// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the number parser, the argument matcher, name
 * validation and the batch line splitter.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../nlctl.h"
#include "tap.h"

static void check_u32(const char *s, uint32_t min, uint32_t max, int want_ret,
		      uint32_t want)
{
	uint32_t val = 0xdeadbeef;
	int ret = parse_u32(s, min, max, &val);

	if (want_ret)
		tap_ok(ret == want_ret && val == 0xdeadbeef,
		       "parse_u32(\"%s\", %u, %u) rejected (%d)", s, min, max,
		       want_ret);
	else
		tap_ok(!ret && val == want, "parse_u32(\"%s\", %u, %u) = %u",
		       s, min, max, want);
}

static void test_parse_u32(void)
{
	check_u32("0", 0, 64, 0, 0);
	check_u32("64", 0, 64, 0, 64);
	check_u32("007", 0, 64, 0, 7);
	check_u32("4294967295", 0, UINT32_MAX, 0, UINT32_MAX);
	check_u32("65", 0, 64, -ERANGE, 0);
	check_u32("0", 1, 64, -ERANGE, 0);
	check_u32("4294967296", 0, UINT32_MAX, -ERANGE, 0);
	check_u32("99999999999999999999999", 0, UINT32_MAX, -ERANGE, 0);
	check_u32("", 0, 64, -EINVAL, 0);
	check_u32("-1", 0, 64, -EINVAL, 0);
	check_u32("+1", 0, 64, -EINVAL, 0);
	check_u32(" 1", 0, 64, -EINVAL, 0);
	check_u32("1 ", 0, 64, -EINVAL, 0);
	check_u32("1x", 0, 64, -EINVAL, 0);
	check_u32("0x10", 0, 64, -EINVAL, 0);
	check_u32("abc", 0, 64, -EINVAL, 0);
	tap_ok(parse_u32(NULL, 0, 1, &(uint32_t){ 0 }) == -EINVAL,
	       "parse_u32(NULL) rejected");
}

static void test_matches(void)
{
	tap_ok(matches("sw", "switch"), "matches: \"sw\" abbreviates \"switch\"");
	tap_ok(matches("switch", "switch"), "matches: full word");
	tap_ok(!matches("switches", "switch"), "matches: longer word refused");
	tap_ok(!matches("", "switch"), "matches: empty string refused");
	tap_ok(!matches("sx", "switch"), "matches: non-prefix refused");
	tap_ok(!matches("Switch", "switch"), "matches: case-sensitive");
	tap_ok(matches("-j", "-json"), "matches: option abbreviation");
}

static void test_names(void)
{
	tap_ok(valid_name("sw0"), "valid_name: sw0");
	tap_ok(valid_name("a23456789012345"), "valid_name: 15 characters");
	tap_ok(!valid_name("a234567890123456"), "valid_name: 16 refused");
	tap_ok(!valid_name(""), "valid_name: empty refused");
	tap_ok(!valid_name("."), "valid_name: \".\" refused");
	tap_ok(!valid_name(".."), "valid_name: \"..\" refused");
	tap_ok(!valid_name("a/b"), "valid_name: '/' refused");
	tap_ok(!valid_name("a:b"), "valid_name: ':' refused");
	tap_ok(!valid_name("a b"), "valid_name: blank refused");
}

static void test_make_args(void)
{
	char *argv[8];
	char line[128];
	int argc;

	strcpy(line, "  switch add name \"sw 0\" uplink 'eth0' # comment\n");
	argc = make_args(line, argv, 8);
	tap_ok(argc == 6 && !strcmp(argv[0], "switch") &&
	       !strcmp(argv[3], "sw 0") && !strcmp(argv[5], "eth0") &&
	       !argv[6], "make_args: words, quotes, comment");

	strcpy(line, "# only a comment\n");
	tap_ok(make_args(line, argv, 8) == 0, "make_args: comment line");

	strcpy(line, " \t\n");
	tap_ok(make_args(line, argv, 8) == 0, "make_args: blank line");

	strcpy(line, "info a#b");
	argc = make_args(line, argv, 8);
	tap_ok(argc == 2 && !strcmp(argv[1], "a#b"),
	       "make_args: '#' inside a word is kept");

	strcpy(line, "switch \"sw0");
	tap_ok(make_args(line, argv, 8) == -1, "make_args: unterminated quote");

	strcpy(line, "a b c d e f g h");
	tap_ok(make_args(line, argv, 8) == -1, "make_args: too many words");
}

void test_args(void)
{
	test_parse_u32();
	test_matches();
	test_names();
	test_make_args();
}
