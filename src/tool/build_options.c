#include "build_options.h"

bool build_option(const struct command *command, int option, struct build_options *o,
		  int *status)
{
	switch (option) {
	case 'o':
		o->request.output = optarg;
		return true;
	case 'l':
		if (o->request.local_count == MAX_LOCALS)
			return usage_error(command, status, "more than %d --local files", MAX_LOCALS);
		o->locals[o->request.local_count++] = optarg;
		return true;
	case 'd':
		o->request.descriptions = true;
		return true;
	case 'q':
		o->quiet = true;
		return true;
	default:
		return option_stops(command, option, status);
	}
}

void build_options_finish(struct build_options *o)
{
	o->request.output = index_path(o->request.output);
	o->request.locals = o->locals;
}
