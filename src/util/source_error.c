#include "source_error.h"

#include <stdio.h>

void source_error_vset(struct source_error *err, unsigned long line, const char *format,
		       va_list args)
{
	err->line = line;
	vsnprintf(err->message, sizeof(err->message), format, args);
}

void source_error_set(struct source_error *err, unsigned long line, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	source_error_vset(err, line, format, args);
	va_end(args);
}
