// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: a small JSON writer, and iproute2-style printers that write
 * either plain text or JSON.
 *
 * Strings are escaped per RFC 8259; bytes that are not valid UTF-8 are
 * written as U+FFFD so that the output always parses.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void jw_init(struct json_writer *w, FILE *out, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not valid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void escape_char(FILE *out, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", out);
		break;
	case '\\':
		fputs("\\\\", out);
		break;
	case '\b':
		fputs("\\b", out);
		break;
	case '\f':
		fputs("\\f", out);
		break;
	case '\n':
		fputs("\\n", out);
		break;
	case '\r':
		fputs("\\r", out);
		break;
	case '\t':
		fputs("\\t", out);
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
}

void jw_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', out);
	while (*p) {
		size_t len = utf8_len(p);

		if (len == 1)
			escape_char(out, *p);
		else if (len)
			fwrite(p, 1, len, out);
		else
			fputs("\\ufffd", out);
		p += len ? len : 1;
	}
	putc('"', out);
}

static void jw_indent(struct json_writer *w)
{
	unsigned int i;

	if (!w->pretty)
		return;
	putc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

/* Separator and indentation before a new item (a key, or a bare value). */
static void jw_item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth) {
		if (w->has_items[w->depth])
			putc(',', w->out);
		w->has_items[w->depth] = true;
		jw_indent(w);
	}
}

void jw_key(struct json_writer *w, const char *key)
{
	jw_item(w);
	jw_escape(w->out, key);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

static void jw_open(struct json_writer *w, char c)
{
	jw_item(w);
	putc(c, w->out);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->has_items[w->depth] = false;
}

static void jw_close(struct json_writer *w, char c)
{
	bool had_items = w->has_items[w->depth];

	if (w->depth)
		w->depth--;
	if (had_items)
		jw_indent(w);
	putc(c, w->out);
}

void jw_start_object(struct json_writer *w)
{
	jw_open(w, '{');
}

void jw_end_object(struct json_writer *w)
{
	jw_close(w, '}');
}

void jw_start_array(struct json_writer *w)
{
	jw_open(w, '[');
}

void jw_end_array(struct json_writer *w)
{
	jw_close(w, ']');
}

void jw_string(struct json_writer *w, const char *s)
{
	jw_item(w);
	jw_escape(w->out, s);
}

void jw_uint(struct json_writer *w, uint64_t v)
{
	jw_item(w);
	fprintf(w->out, "%" PRIu64, v);
}

void jw_bool(struct json_writer *w, bool v)
{
	jw_item(w);
	fputs(v ? "true" : "false", w->out);
}

void jw_null(struct json_writer *w)
{
	jw_item(w);
	fputs("null", w->out);
}

/* The printers: one document per command, like iproute2's new_json_obj(). */
static struct json_writer jw;
static bool json_on;
static FILE *print_out;

void print_start(FILE *out, bool json, bool pretty)
{
	print_out = out;
	json_on = json;
	jw_init(&jw, out, pretty);
}

void print_end(void)
{
	if (json_on)
		putc('\n', print_out);
	fflush(print_out);
}

bool print_is_json(void)
{
	return json_on;
}

static bool want_json(enum output_type t)
{
	return json_on && t != PRINT_FP;
}

static bool want_fp(enum output_type t)
{
	return !json_on && t != PRINT_JSON;
}

static void json_key(const char *key)
{
	if (key)
		jw_key(&jw, key);
}

void open_json_object(const char *key)
{
	if (!json_on)
		return;
	json_key(key);
	jw_start_object(&jw);
}

void close_json_object(void)
{
	if (json_on)
		jw_end_object(&jw);
}

void open_json_array(const char *key)
{
	if (!json_on)
		return;
	json_key(key);
	jw_start_array(&jw);
}

void close_json_array(void)
{
	if (json_on)
		jw_end_array(&jw);
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *val)
{
	if (want_json(t)) {
		json_key(key);
		jw_string(&jw, val);
	} else if (want_fp(t)) {
		fprintf(print_out, fmt, val);
	}
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		uint64_t val)
{
	if (want_json(t)) {
		json_key(key);
		jw_uint(&jw, val);
	} else if (want_fp(t)) {
		fprintf(print_out, fmt, (unsigned long long)val);
	}
}

void print_null(enum output_type t, const char *key, const char *text)
{
	if (want_json(t)) {
		json_key(key);
		jw_null(&jw);
	} else if (want_fp(t)) {
		fputs(text, print_out);
	}
}

void print_on_off(enum output_type t, const char *key, const char *fmt,
		  bool val)
{
	if (want_json(t)) {
		json_key(key);
		jw_bool(&jw, val);
	} else if (want_fp(t)) {
		fprintf(print_out, fmt, val ? "on" : "off");
	}
}

/* Plain text only: separators, newlines. */
void print_text(const char *text)
{
	if (!json_on)
		fputs(text, print_out);
}
