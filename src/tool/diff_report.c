#include "diff_report.h"

static void print_ports(FILE *out, const struct service *s)
{
	if (s->last_port != s->port)
		fprintf(out, "%u-%u", s->port, s->last_port);
	else
		fprintf(out, "%u", s->port);
}

static void print_aliases(FILE *out, const struct service *s)
{
	for (size_t a = 0; a < s->alias_count; a++)
		fprintf(out, " %s", s->aliases[a]);
}

/* "PORT/proto alias..." as in a services(5) line. */
static void print_lookup(FILE *out, const struct service *s)
{
	print_ports(out, s);
	fprintf(out, "/%s", s->proto);
	print_aliases(out, s);
}

static void print_human_line(FILE *out, const struct entry_difference *d)
{
	const struct service *shown = d->new_entry ? d->new_entry : d->old_entry;
	fprintf(out, "  %-21s ", shown->name);
	print_lookup(out, shown);
	if (d->kind == ENTRY_CHANGED) {
		fputs("  (was ", out);
		print_lookup(out, d->old_entry);
		fputs(")", out);
	}
	fputs("\n", out);
}

void diff_report_summary(FILE *out, const struct entry_diff *diff)
{
	fprintf(out, "%zu added, %zu removed, %zu changed, %zu unchanged\n", diff->added,
		diff->removed, diff->changed, diff->unchanged);
}

static void print_section(FILE *out, const struct entry_diff *diff, enum entry_change kind,
			  const char *title, size_t total, size_t max_lines)
{
	size_t shown = 0;
	if (total == 0)
		return;
	fprintf(out, "%s (%zu):\n", title, total);
	for (size_t i = 0; i < diff->count; i++) {
		if (diff->items[i].kind != kind)
			continue;
		if (max_lines != 0 && shown == max_lines)
			break;
		print_human_line(out, &diff->items[i]);
		shown++;
	}
	if (shown < total)
		fprintf(out, "  ... and %zu more\n", total - shown);
}

void diff_report_sections(FILE *out, const struct entry_diff *diff, size_t max_lines)
{
	print_section(out, diff, ENTRY_ADDED, "Added", diff->added, max_lines);
	print_section(out, diff, ENTRY_REMOVED, "Removed", diff->removed, max_lines);
	print_section(out, diff, ENTRY_CHANGED, "Changed", diff->changed, max_lines);
}

static void print_tsv_side(FILE *out, const struct service *s)
{
	if (s == NULL) {
		fputs("-", out);
		return;
	}
	print_ports(out, s);
	print_aliases(out, s);
}

void diff_report_tsv(FILE *out, const struct entry_diff *diff)
{
	for (size_t i = 0; i < diff->count; i++) {
		const struct entry_difference *d = &diff->items[i];
		const struct service *s = d->new_entry ? d->new_entry : d->old_entry;
		fprintf(out, "%s\t%s\t%s\t", entry_change_name(d->kind), s->name, s->proto);
		print_tsv_side(out, d->old_entry);
		fputs("\t", out);
		print_tsv_side(out, d->new_entry);
		fputs("\n", out);
	}
}
