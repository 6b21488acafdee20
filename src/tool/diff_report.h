/*
 * Printing an entry comparison (entry_diff.h): for people, a summary line
 * and a section per kind of change; for programs, one tab-separated line
 * per difference:
 *     added|removed|changed TAB name TAB protocol TAB old TAB new
 * where old and new are "PORT" or "FIRST-LAST", followed by the aliases
 * separated by spaces, or "-" for the side where the entry is absent.
 */
#ifndef NSS_IANA_DIFF_REPORT_H
#define NSS_IANA_DIFF_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "entry_diff.h"

/* "40 added, 13 removed, 5 changed, 11490 unchanged" and a newline. */
void diff_report_summary(FILE *out, const struct entry_diff *diff);
/* The Added, Removed and Changed sections (empty ones left out), each cut
 * to its first max_lines lines unless max_lines is 0. */
void diff_report_sections(FILE *out, const struct entry_diff *diff, size_t max_lines);
void diff_report_tsv(FILE *out, const struct entry_diff *diff);

#endif
