/*
 * Text from an input file or the command line made safe to print on a
 * terminal.  An error message quotes what it found -- a service name, a
 * file name -- and a name holding ESC [ 3 1 m must not reach the terminal
 * as a colour change, nor a stray byte as a broken character.
 *
 * Every byte that is a control character (C0 and DEL), that is not part
 * of well-formed UTF-8, or that encodes a C1 control (U+0080 to U+009F,
 * which some terminals obey as 8-bit escapes) is written as \xHH, lower
 * case; a backslash is written as \\, so that "\x1b" printed always means
 * the escape byte and never the four characters a name might hold.
 * Well-formed UTF-8 ("é") and all other printable ASCII pass unchanged.
 */
#ifndef NSS_IANA_TEXT_ESCAPE_H
#define NSS_IANA_TEXT_ESCAPE_H

/* The escaped copy of text, allocated (xalloc: never NULL). */
char *text_escaped(const char *text);

#endif
