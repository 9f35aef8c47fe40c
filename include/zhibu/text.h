/* text.h — UTF-8 text measured in terminal columns (core: pure).
 * Invalid bytes decode to U+FFFD (one column); control characters are shown as U+FFFD too.
 * Width comes from wcwidth() in the current LC_CTYPE, which main() sets to a UTF-8 locale,
 * so it agrees with what ncurses draws. */
#ifndef ZHIBU_TEXT_H
#define ZHIBU_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_REPLACEMENT 0xFFFDu

/* Decode one character from s (at most len bytes). Stores the code point (U+FFFD for an
 * invalid or truncated sequence) and returns the bytes consumed (>= 1 when len >= 1). */
size_t text_decode(const char *s, size_t len, uint32_t *cp);
/* Length of the well-formed UTF-8 character at s (at most len bytes), 0 when the bytes there are
 * not one (invalid, overlong, a surrogate, past U+10FFFF, cut short). */
size_t text_valid_len(const char *s, size_t len);
/* Bytes of the UTF-8 sequence lead byte b starts (1 for ASCII), 0 for a byte no character starts
 * with; with text_cp_well_formed, for decoders that get their bytes one at a time (the keyboard). */
size_t text_lead_len(unsigned char b);
/* True when cp, decoded from n bytes, is a character in its shortest form. */
bool text_cp_well_formed(uint32_t cp, size_t n);
/* Encode cp as UTF-8 into out (4 bytes room); returns bytes written. */
size_t text_encode(uint32_t cp, char out[4]);
/* Columns one code point takes when drawn: 0, 1 or 2. Controls and unprintables count as
 * the U+FFFD that replaces them (1). */
int text_cp_width(uint32_t cp);
/* The code point actually drawn for cp (U+FFFD for controls and unprintables). */
uint32_t text_display_cp(uint32_t cp);
/* Columns the whole string takes. */
int text_width(const char *s);
/* Number of characters (code points, invalid bytes count one each). */
size_t text_chars(const char *s);
/* Bytes of the longest prefix of s that fits in max_cols columns without splitting a
 * double-width character; *cols_out (may be NULL) gets the columns that prefix takes. */
size_t text_fit(const char *s, int max_cols, int *cols_out);
/* The mark that ends text cut to fit: U+2026 (one column, as wcwidth() and ncurses count it;
 * the screen's frames and ……另有 already use such characters). */
#define TEXT_ELLIPSIS "…"
/* Write s into dst truncated and padded with spaces to exactly `cols` columns, with invalid
 * bytes and controls replaced by U+FFFD. If a double-width character would straddle the end,
 * a space takes its place. If `ellipsis` and s does not fit (blanks past the end do not
 * count: they are padding, not text), the text is cut one column shorter (same rule) and
 * TEXT_ELLIPSIS follows it: "红旗村ab" in 5 columns is "红旗…", in 6 "红旗… ".
 * dst must hold at least cols*4+1 bytes (more only for runs of zero-width characters; output
 * never exceeds dstsz-1 bytes). Returns the bytes written (excluding NUL). */
size_t text_pad(char *dst, size_t dstsz, const char *s, int cols, bool ellipsis);
/* True if s does not fit in `cols` columns, blanks past the end not counted: what text_pad
 * with ellipsis marks. */
bool text_cut_at(const char *s, int cols);
/* The first line of the paragraph s (no '\n') wrapped at `cols` columns by the Chinese rules
 * for breaking lines: no line starts with closing punctuation (。，、；：？！）」』》 and the like),
 * none ends with opening punctuation (（「『《 ...), and an ASCII word, number or path
 * ("zhibu.ini", "2026-11-21", ".csv") is not broken; the break moves back to the nearest
 * place the rules allow, and only where there is none (one word wider than the line) is the
 * line cut at the width. Returns the bytes of the line (blanks at its end left out); *next
 * gets where the next line starts (blanks at the break skipped), strlen(s) after the last.
 * At least one character is taken, so a caller always advances. */
size_t text_wrap_line(const char *s, int cols, size_t *next);
/* Replace invalid bytes and control characters (except '\n' when keep_newlines) by U+FFFD in
 * a fresh heap copy; trims nothing. */
char *text_sanitize(const char *s, bool keep_newlines);
/* Trim ASCII and ideographic (U+3000) white space from both ends, in place. */
void text_trim(char *s);
/* True if s holds only ASCII digits (and is non-empty). */
bool text_all_digits(const char *s);

#endif
