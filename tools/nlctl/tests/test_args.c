// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the number, MAC and on/off parsers, the argument
 * matcher, name validation and the batch line splitter.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
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

static void check_number(const char *s, uint64_t max, int want_ret,
			 uint64_t want)
{
	uint64_t val = 0xdeadbeef;
	int ret = parse_number(s, max, &val);

	if (want_ret)
		tap_ok(ret == want_ret && val == 0xdeadbeef,
		       "parse_number(\"%s\", %llu) rejected (%d)",
		       s ? s : "(null)", (unsigned long long)max, want_ret);
	else
		tap_ok(!ret && val == want, "parse_number(\"%s\") = %llu", s,
		       (unsigned long long)want);
}

static void test_parse_number(void)
{
	check_number("0", 10, 0, 0);
	check_number("010", 10, 0, 10);
	check_number("0x10", 16, 0, 16);
	check_number("0XfF", 255, 0, 255);
	check_number("18446744073709551615", UINT64_MAX, 0, UINT64_MAX);
	check_number("0xffffffffffffffff", UINT64_MAX, 0, UINT64_MAX);
	check_number("0x10", 15, -ERANGE, 0);
	check_number("256", 255, -ERANGE, 0);
	check_number("18446744073709551616", UINT64_MAX, -ERANGE, 0);
	check_number("0x", 255, -EINVAL, 0);
	check_number("0x-1", 255, -EINVAL, 0);
	check_number("-1", 255, -EINVAL, 0);
	check_number("+1", 255, -EINVAL, 0);
	check_number(" 1", 255, -EINVAL, 0);
	check_number("1 ", 255, -EINVAL, 0);
	check_number("0x1g", 255, -EINVAL, 0);
	check_number("", 255, -EINVAL, 0);
	check_number(NULL, 255, -EINVAL, 0);
}

static void test_err_stream(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	nlctl_set_err(f);
	invarg("\"x\" must be y", "z");
	duparg("k", "v");
	nlctl_set_err(NULL);
	fclose(f);
	tap_ok(buf && !strcmp(buf, "Error: argument \"z\" is wrong: \"x\" must be y\n"
			      "Error: duplicate \"k\": \"v\" is the second value.\n") &&
	       nlctl_err() == stderr,
	       "nlctl_set_err: syntax errors to a stream, then back to stderr");
	free(buf);
}

static void check_mac(const char *s, const uint8_t *want)
{
	uint8_t mac[6] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };
	static const uint8_t untouched[6] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };
	int ret = parse_mac(s, mac);

	if (want)
		tap_ok(!ret && !memcmp(mac, want, 6), "parse_mac(\"%s\")", s);
	else
		tap_ok(ret == -EINVAL && !memcmp(mac, untouched, 6),
		       "parse_mac(\"%s\") rejected", s ? s : "(null)");
}

static void test_parse_mac(void)
{
	check_mac("02:00:00:00:00:01",
		  (const uint8_t[]){ 0x02, 0, 0, 0, 0, 0x01 });
	check_mac("AA:bb:Cc:dD:09:f0",
		  (const uint8_t[]){ 0xaa, 0xbb, 0xcc, 0xdd, 0x09, 0xf0 });
	check_mac("00:00:00:00:00:00", (const uint8_t[]){ 0, 0, 0, 0, 0, 0 });
	check_mac("ff:ff:ff:ff:ff:ff",
		  (const uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff });
	check_mac("2:0:0:0:0:1", NULL);
	check_mac("02:00:00:00:00", NULL);
	check_mac("02:00:00:00:00:01:02", NULL);
	check_mac("02:00:00:00:00:01:", NULL);
	check_mac("02-00-00-00-00-01", NULL);
	check_mac("020000000001", NULL);
	check_mac("0200.0000.0001", NULL);
	check_mac("02:00:00:00:00:0g", NULL);
	check_mac("020:00:00:00:00:1", NULL);
	check_mac(" 02:00:00:00:00:1", NULL);
	check_mac("02:00:00:00:00:01 ", NULL);
	check_mac("+2:00:00:00:00:01", NULL);
	check_mac("", NULL);
	check_mac(NULL, NULL);
}

static void check_on_off(const char *s, int want)
{
	bool on = want == 1 ? false : true;	/* the opposite */
	int ret = parse_on_off(s, &on);

	if (want < 0)
		tap_ok(ret == -EINVAL, "parse_on_off(\"%s\") rejected",
		       s ? s : "(null)");
	else
		tap_ok(!ret && on == (want == 1), "parse_on_off(\"%s\")", s);
}

static void test_parse_on_off(void)
{
	check_on_off("on", 1);
	check_on_off("off", 0);
	check_on_off("o", -1);
	check_on_off("On", -1);
	check_on_off("OFF", -1);
	check_on_off("yes", -1);
	check_on_off("1", -1);
	check_on_off("onn", -1);
	check_on_off("", -1);
	check_on_off(NULL, -1);
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
	test_parse_number();
	test_err_stream();
	test_parse_mac();
	test_parse_on_off();
	test_matches();
	test_names();
	test_make_args();
}
