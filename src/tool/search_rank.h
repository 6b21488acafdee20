/*
 * What `search` finds and in which order.  A word matches an entry when,
 * ignoring ASCII case (other bytes compare as they are), it is part of the
 * entry's name, of one of its aliases or of its description, or names one
 * of its RFC references ("4120" or "rfc4120" for RFC4120); an entry is
 * found when every word matches it, each anywhere.  Found entries rank by
 * their best word: a name or alias equal to it, then one that starts with
 * it, then any other match; within a rank, in registry order.
 */
#ifndef NSS_IANA_SEARCH_RANK_H
#define NSS_IANA_SEARCH_RANK_H

#include <stddef.h>

#include "entry_view.h"

/* Words longer than this are refused. */
#define SEARCH_MAX_WORD 255

enum search_rank {
	SEARCH_NAME,      /* a name or alias equals a word */
	SEARCH_PREFIX,    /* a name or alias starts with a word */
	SEARCH_TEXT,      /* every word matches, none of the above */
	SEARCH_RANKS,
	SEARCH_NO_MATCH = SEARCH_RANKS,
};

struct search_words {
	char **folded;    /* each word in ASCII lower case */
	size_t *length;
	size_t count;
};

/* Why word cannot be searched for (empty, too long, a control character,
 * not UTF-8), or NULL when it can. */
const char *search_word_problem(const char *word);

/* The words, which search_word_problem accepted. */
void search_words_init(struct search_words *w, char *const *words, size_t count);
void search_words_free(struct search_words *w);

/* How v ranks for the words, SEARCH_NO_MATCH when some word matches
 * nothing of it. */
enum search_rank search_rank(const struct search_words *w, const struct entry_view *v);

#endif
