// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the JSON writer and the printers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../json.h"
#include "tap.h"

static char *buf;
static size_t len;

static FILE *mem_open(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

static void check_escape(const char *in, const char *want, const char *name)
{
	FILE *f = mem_open();

	jw_escape(f, in);
	fclose(f);
	tap_str(buf, want, name);
}

static void test_escaping(void)
{
	check_escape("plain", "\"plain\"", "json: plain string");
	check_escape("", "\"\"", "json: empty string");
	check_escape("a\"b\\c", "\"a\\\"b\\\\c\"", "json: quote and backslash");
	check_escape("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"", "json: short escapes");
	check_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"",
		     "json: control characters as \\u00XX");
	check_escape("/", "\"/\"", "json: slash is not escaped");
	check_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		     "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
		     "json: valid UTF-8 passes through");
	check_escape("a\xffz", "\"a\\ufffdz\"", "json: invalid byte -> U+FFFD");
	check_escape("\xc3", "\"\\ufffd\"", "json: truncated sequence");
	check_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"", "json: overlong encoding");
	check_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
		     "json: UTF-16 surrogate rejected");
}

static void write_doc(struct json_writer *w)
{
	jw_start_object(w);
	jw_key(w, "name");
	jw_string(w, "sw\"0");
	jw_key(w, "id");
	jw_uint(w, 18446744073709551615ULL);
	jw_key(w, "features");
	jw_start_array(w);
	jw_string(w, "switch");
	jw_string(w, "0x2");
	jw_end_array(w);
	jw_key(w, "empty");
	jw_start_array(w);
	jw_end_array(w);
	jw_key(w, "obj");
	jw_start_object(w);
	jw_key(w, "up");
	jw_bool(w, true);
	jw_key(w, "none");
	jw_null(w);
	jw_end_object(w);
	jw_end_object(w);
}

static void test_nesting(void)
{
	struct json_writer w;
	FILE *f;

	f = mem_open();
	jw_init(&w, f, false);
	write_doc(&w);
	fclose(f);
	tap_str(buf, "{\"name\":\"sw\\\"0\",\"id\":18446744073709551615,"
		"\"features\":[\"switch\",\"0x2\"],\"empty\":[],"
		"\"obj\":{\"up\":true,\"none\":null}}",
		"json: compact nesting");

	f = mem_open();
	jw_init(&w, f, true);
	write_doc(&w);
	fclose(f);
	tap_str(buf, "{\n"
		"    \"name\": \"sw\\\"0\",\n"
		"    \"id\": 18446744073709551615,\n"
		"    \"features\": [\n"
		"        \"switch\",\n"
		"        \"0x2\"\n"
		"    ],\n"
		"    \"empty\": [],\n"
		"    \"obj\": {\n"
		"        \"up\": true,\n"
		"        \"none\": null\n"
		"    }\n"
		"}", "json: pretty nesting");

	f = mem_open();
	jw_init(&w, f, false);
	jw_start_array(&w);
	jw_start_object(&w);
	jw_end_object(&w);
	jw_start_object(&w);
	jw_key(&w, "a");
	jw_uint(&w, 0);
	jw_end_object(&w);
	jw_end_array(&w);
	fclose(f);
	tap_str(buf, "[{},{\"a\":0}]", "json: array of objects");
}

static void print_doc(void)
{
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "%s:", "sw0");
	print_uint(PRINT_ANY, "id", " id %llu", 1);
	print_string(PRINT_FP, NULL, " %s", "text-only");
	print_uint(PRINT_JSON, "ifindex", NULL, 7);
	print_null(PRINT_JSON, "module", NULL);
	print_on_off(PRINT_ANY, "trust", " trust %s", true);
	print_on_off(PRINT_ANY, "spoofchk", " spoofchk %s", false);
	print_text("\n");
	close_json_object();
	print_end();
}

static void test_printers(void)
{
	FILE *f;

	f = mem_open();
	print_start(f, false, false);
	print_doc();
	fclose(f);
	tap_str(buf, "sw0: id 1 text-only trust on spoofchk off\n",
		"print: plain text");

	f = mem_open();
	print_start(f, true, false);
	print_doc();
	fclose(f);
	tap_str(buf, "{\"name\":\"sw0\",\"id\":1,\"ifindex\":7,\"module\":null,"
		"\"trust\":true,\"spoofchk\":false}\n", "print: json");
}

void test_json(void)
{
	test_escaping();
	test_nesting();
	test_printers();
	free(buf);
	buf = NULL;
}
