#include "source_error.h"

#include <stdarg.h>
#include <stdio.h>

void source_error_set(struct source_error *err, unsigned long line, const char *format, ...)
{
	va_list args;
	err->line = line;
	va_start(args, format);
	vsnprintf(err->message, sizeof(err->message), format, args);
	va_end(args);
}
