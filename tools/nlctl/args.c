// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: command-line argument helpers (iproute2 style).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vxfp.h>

#include "nlctl.h"

/* Where the messages of syntax errors go; NULL: stderr (nlctl_err()). */
static FILE *err_out;

FILE *nlctl_err(void)
{
	return err_out ? err_out : stderr;
}

/* Send syntax error messages to @f (NULL: back to stderr). */
void nlctl_set_err(FILE *f)
{
	err_out = f;
}

/* True if @arg is a non-empty abbreviation of @keyword (iproute2 matches()). */
bool matches(const char *arg, const char *keyword)
{
	size_t len = strlen(arg);

	return len && len <= strlen(keyword) && !strncmp(arg, keyword, len);
}

/*
 * Parse a decimal unsigned number in [@min, @max]: no sign, no blanks,
 * no trailing garbage. Returns 0 or -EINVAL / -ERANGE.
 */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long val;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	val = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || val < min || val > max)
		return -ERANGE;
	*out = (uint32_t)val;
	return 0;
}

/*
 * Parse an unsigned number in [0, @max], decimal or hexadecimal with a
 * leading "0x" / "0X" (no octal: "010" is ten); no sign, no blanks, no
 * trailing garbage. Returns 0 or -EINVAL / -ERANGE.
 */
int parse_number(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long val;
	int base = 10;
	char *end;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
		if (!isxdigit((unsigned char)*s))
			return -EINVAL;
	} else if (!isdigit((unsigned char)*s)) {
		return -EINVAL;
	}
	errno = 0;
	val = strtoull(s, &end, base);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || val > max)
		return -ERANGE;
	*out = val;
	return 0;
}

static int hex_digit(char c)
{
	return isdigit((unsigned char)c) ? c - '0' :
	       tolower((unsigned char)c) - 'a' + 10;
}

/*
 * Parse a MAC address strictly: six groups of two hex digits separated by
 * ':' ("02:00:00:00:00:01"), nothing else. Returns 0 or -EINVAL.
 */
int parse_mac(const char *s, uint8_t *mac)
{
	uint8_t val[6];
	int i;

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) ||
		    (i < 5 && s[2] != ':'))
			return -EINVAL;
		val[i] = (uint8_t)(hex_digit(s[0]) << 4 | hex_digit(s[1]));
	}
	memcpy(mac, val, sizeof(val));
	return 0;
}

/* "on" or "off", spelt out (iproute2 parse_on_off()). Returns 0 or -EINVAL. */
int parse_on_off(const char *s, bool *on)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "on"))
		*on = true;
	else if (!strcmp(s, "off"))
		*on = false;
	else
		return -EINVAL;
	return 0;
}

/* The kernel's dev_valid_name(): a switch name is also a netdev name. */
bool valid_name(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= VXFP_NAME_LEN)
		return false;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':' || isspace((unsigned char)*name))
			return false;
	return true;
}

/*
 * Split a batch line in place into at most @max - 1 words; a word may be
 * quoted with '"' or '\''; '#' at the start of a word begins a comment.
 * Returns the number of words, or -1 on an unterminated quote or too many
 * words. argv[argc] is set to NULL.
 */
int make_args(char *line, char **argv, int max)
{
	char *src = line, *dst = line;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (isspace((unsigned char)*src))
			src++;
		if (!*src || *src == '#')
			break;
		if (argc >= max - 1)
			return -1;
		argv[argc++] = dst;
		while (*src && (quote || !isspace((unsigned char)*src))) {
			if (!quote && (*src == '"' || *src == '\'')) {
				quote = *src++;
				continue;
			}
			if (quote && *src == quote) {
				quote = 0;
				src++;
				continue;
			}
			*dst++ = *src++;
		}
		if (quote)
			return -1;
		if (*src)
			src++;
		*dst++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

int invarg(const char *msg, const char *arg)
{
	fprintf(nlctl_err(), "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return NLCTL_EXIT_USAGE;
}

int duparg(const char *key, const char *arg)
{
	fprintf(nlctl_err(), "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return NLCTL_EXIT_USAGE;
}

int missarg(const char *key)
{
	fprintf(nlctl_err(), "Error: \"%s\" is required.\n", key);
	return NLCTL_EXIT_USAGE;
}

int incomplete(const char *object)
{
	fprintf(nlctl_err(),
		"Error: command line is not complete, try \"%s %s help\".\n",
		NLCTL_NAME, object);
	return NLCTL_EXIT_USAGE;
}

int unknown_arg(const char *object, const char *arg)
{
	fprintf(nlctl_err(), "Error: unknown argument \"%s\", try \"%s %s help\".\n",
		arg, NLCTL_NAME, object);
	return NLCTL_EXIT_USAGE;
}

/* "show", "list" or "lst" (and their abbreviations), as in ip(8). */
bool matches_show(const char *arg)
{
	return matches(arg, "show") || matches(arg, "list") ||
	       !strcmp(arg, "lst");
}

int unknown_cmd(const char *object, const char *cmd)
{
	fprintf(nlctl_err(), "Command \"%s\" is unknown, try \"%s %s help\".\n",
		cmd, NLCTL_NAME, object);
	return NLCTL_EXIT_USAGE;
}
