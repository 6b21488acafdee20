#include "text_escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

/* U+0080 to U+009F: 0xC2 followed by 0x80 to 0x9F. */
static bool is_c1_control(const unsigned char *p, size_t length)
{
	return length == 2 && p[0] == 0xC2 && p[1] <= 0x9F;
}

/* Appends the bytes of one sequence, each as \xHH. */
static char *put_hex(char *out, const unsigned char *p, size_t length)
{
	for (size_t i = 0; i < length; i++)
		out += sprintf(out, "\\x%02x", p[i]);
	return out;
}

char *text_escaped(const char *text)
{
	size_t size = strlen(text);
	/* At worst every byte becomes four. */
	char *escaped = xmalloc(size * 4 + 1), *out = escaped;
	for (size_t i = 0; i < size;) {
		const unsigned char *p = (const unsigned char *)text + i;
		size_t length = utf8_sequence_length(text + i, size - i);
		if (length == 0 || (length == 1 && (*p < 0x20 || *p == 0x7f)) ||
		    is_c1_control(p, length)) {
			length = length ? length : 1;
			out = put_hex(out, p, length);
		} else if (*p == '\\') {
			out += sprintf(out, "\\\\");
		} else {
			memcpy(out, p, length);
			out += length;
		}
		i += length;
	}
	*out = '\0';
	return escaped;
}
