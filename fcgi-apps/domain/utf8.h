/*
 * utf8.h: UTF-8 checks and counting in code points. Pure: no I/O.
 * Lengths in yiwang's validation rules are characters (code points), never bytes.
 */
#ifndef YW_UTF8_H
#define YW_UTF8_H

#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF)? */
int yw_utf8_valid(const char *s, size_t len);
/* Number of code points of a valid UTF-8 string. */
size_t yw_utf8_chars(const char *s, size_t len);
/* The byte length of the longest prefix of s holding at most max code points. */
size_t yw_utf8_prefix(const char *s, size_t len, size_t max);

#endif
