#include "search_rank.h"

#include <string.h>

#include "hash.h"
#include "utf8.h"
#include "xalloc.h"

/* hash.h's ascii_lower, the one case folding of names. */
static char fold(char c)
{
	return (char)ascii_lower((unsigned char)c);
}

const char *search_word_problem(const char *word)
{
	size_t length = strlen(word), bad;
	if (length == 0)
		return "empty WORD";
	if (length > SEARCH_MAX_WORD)
		return "WORD longer than 255 bytes";
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)word[i] < 0x20 || word[i] == 0x7f)
			return "control character in WORD";
	if (!utf8_valid(word, length, &bad))
		return "WORD not UTF-8";
	return NULL;
}

void search_words_init(struct search_words *w, char *const *words, size_t count)
{
	w->folded = xcalloc(count, sizeof(*w->folded));
	w->length = xcalloc(count, sizeof(*w->length));
	w->count = count;
	for (size_t i = 0; i < count; i++) {
		w->folded[i] = xstrdup(words[i]);
		w->length[i] = strlen(words[i]);
		for (char *p = w->folded[i]; *p; p++)
			*p = fold(*p);
	}
}

void search_words_free(struct search_words *w)
{
	for (size_t i = 0; i < w->count; i++)
		free(w->folded[i]);
	free(w->folded);
	free(w->length);
}

/* Whether text[0..length) equals word (folded), ignoring ASCII case. */
static bool equal_folded(const char *text, const char *word, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (fold(text[i]) != word[i])
			return false;
	return true;
}

static bool contains_folded(const char *text, const char *word, size_t length)
{
	size_t size = strlen(text);
	for (size_t at = 0; at + length <= size; at++)
		if (fold(text[at]) == word[0] && equal_folded(text + at, word, length))
			return true;
	return false;
}

/* How a word matches a name: SEARCH_NAME, SEARCH_PREFIX, SEARCH_TEXT (inside
 * it) or SEARCH_NO_MATCH. */
static enum search_rank name_match(const char *name, const char *word, size_t length)
{
	if (strlen(name) >= length && equal_folded(name, word, length))
		return name[length] == '\0' ? SEARCH_NAME : SEARCH_PREFIX;
	return contains_folded(name, word, length) ? SEARCH_TEXT : SEARCH_NO_MATCH;
}

/* Whether word names one of references ("RFC4120 RFC6335"): the whole
 * reference, or its number. */
static bool reference_match(const char *references, const char *word, size_t length)
{
	while (*references != '\0') {
		size_t size = strcspn(references, " ");
		const char *number = references + strspn(references, "RFCrfc");
		size_t number_size = size - (size_t)(number - references);
		if (number > references + size)
			number_size = 0;
		if ((size == length && equal_folded(references, word, length)) ||
		    (number_size == length && number_size > 0 && equal_folded(number, word, length)))
			return true;
		references += size + (references[size] == ' ');
	}
	return false;
}

static enum search_rank word_rank(const char *word, size_t length, const struct entry_view *v)
{
	enum search_rank best = name_match(v->name, word, length);
	for (size_t a = 0; a < v->alias_count && best != SEARCH_NAME; a++) {
		enum search_rank alias = name_match(v->aliases[a], word, length);
		if (alias < best)
			best = alias;
	}
	if (best == SEARCH_NO_MATCH && (contains_folded(v->description, word, length) ||
					reference_match(v->references, word, length)))
		best = SEARCH_TEXT;
	return best;
}

enum search_rank search_rank(const struct search_words *w, const struct entry_view *v)
{
	enum search_rank rank = SEARCH_TEXT;
	for (size_t i = 0; i < w->count; i++) {
		enum search_rank word = word_rank(w->folded[i], w->length[i], v);
		if (word == SEARCH_NO_MATCH)
			return SEARCH_NO_MATCH;
		if (word < rank)
			rank = word;
	}
	return rank;
}
