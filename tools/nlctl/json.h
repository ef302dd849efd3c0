/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: a small JSON writer, and iproute2-style printers that write
 * either plain text or JSON.
 */
#ifndef NLCTL_JSON_H
#define NLCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json_writer {
	FILE *out;
	bool pretty;
	bool after_key;			/* a key was written, its value is due */
	unsigned int depth;
	bool has_items[JSON_MAX_DEPTH];	/* per level: an item was written */
};

void jw_init(struct json_writer *w, FILE *out, bool pretty);
void jw_escape(FILE *out, const char *s);
void jw_key(struct json_writer *w, const char *key);
void jw_start_object(struct json_writer *w);
void jw_end_object(struct json_writer *w);
void jw_start_array(struct json_writer *w);
void jw_end_array(struct json_writer *w);
void jw_string(struct json_writer *w, const char *s);
void jw_uint(struct json_writer *w, uint64_t v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);

/* Where a print_*() call writes: plain text, JSON, or both. */
enum output_type {
	PRINT_FP,
	PRINT_JSON,
	PRINT_ANY,
};

void print_start(FILE *out, bool json, bool pretty);
void print_end(void);
bool print_is_json(void);
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *val);
/* @fmt takes an unsigned long long: "%llu". */
void print_uint(enum output_type t, const char *key, const char *fmt,
		uint64_t val);
void print_null(enum output_type t, const char *key, const char *text);
/* JSON true / false; text "on" / "off" through @fmt ("%s"). */
void print_on_off(enum output_type t, const char *key, const char *fmt,
		  bool val);
void print_text(const char *text);

#endif /* NLCTL_JSON_H */
