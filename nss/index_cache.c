#include "index_cache.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index_map.h"
#include "index_regions.h"

#define REGIONS INDEX_CACHE_REGIONS

/*
 * The protocol.  Lookups read; one thread at a time (the loader, holding
 * loader_busy) writes.  The lookups' side is inline in index_cache.h;
 * what they read is index_cache_shared, and the rest of the state is the
 * loader's.
 *
 * published names the current index: a generation, counted up at every
 * publication, and the region it lies in (index_cache_region(); none,
 * with the reason in current_error).  descriptor[r] is the reader's state
 * of the index in region r (struct index, stored as words so that it can
 * be read while it is being written without undefined behaviour).
 *
 * The states of a region: free (zero pages), loading (the loader maps a
 * file there and writes its descriptor), current (published), retired (a
 * later publication names another region; late lookups may still read
 * it), and held (the enumeration's).  The loader maps into a region that
 * is neither current nor held, so a region is rewritten only after a
 * publication has retired it; it turns a retired region that is not held
 * back into zero pages at the check that retired it, or at the first
 * check after the enumeration let go of it.  Nothing is ever unmapped.
 *
 * A lookup loads published (acquire: it then sees the descriptor written
 * before the publication, which is a release), copies the descriptor,
 * reads the index, and loads published again after an acquire fence.  If
 * published is unchanged, no publication came between, so nothing it read
 * was rewritten (the loader's seq_cst fence after the retiring
 * publication, before it rewrites, pairs with that acquire fence: a read
 * that saw a rewrite makes the second load see the publication).  If it
 * changed, the lookup starts again; the bounds checks of the reader and
 * the zero pages make the reads of the attempt it throws away harmless.
 * The generation keeps a region that was retired and loaded again from
 * passing for the one the lookup started on.
 *
 * The enumeration's hold is the two sides of a Dekker handshake, seq_cst
 * both: it stores held, then loads published and keeps the hold only if
 * its region is still current; the loader publishes, then loads held.
 * Either the enumeration sees the new publication and tries again, or the
 * loader sees the hold and leaves the region alone.
 *
 * checked_at is a hint (relaxed): a lookup that reads it late merely
 * checks a little later or tries the lock for nothing.
 */
struct index_cache_shared index_cache_shared;

static struct {
	atomic_int current_error;  /* why there is no index: an errno value, 0 for ENOENT */
	atomic_uint held;          /* the enumeration's region + 1; 0: none */
	atomic_bool loader_busy;   /* only ever tried, never waited for */
	/* The loader's alone. */
	struct index_region regions[REGIONS];
	struct file_identity loaded;    /* the file of the current index */
	struct file_identity rejected;  /* the last file that failed to load */
	bool have_rejected;
	char index_path[PATH_MAX];
} state;

/* Environment is trusted only outside setuid and setgid programs:
 * secure_getenv() returns NULL there. */
static void choose_path(void)
{
	const char *chosen = secure_getenv("NSS_IANA_INDEX");
	if (chosen == NULL || chosen[0] == '\0' || strlen(chosen) >= sizeof(state.index_path))
		chosen = NSS_IANA_DEFAULT_INDEX;
	memcpy(state.index_path, chosen, strlen(chosen) + 1);
}

static void store_descriptor(int region, const struct index *ix)
{
	struct index_view view = { .ix = *ix };
	for (size_t i = 0; i < INDEX_VIEW_WORDS; i++)
		atomic_store_explicit(&index_cache_shared.descriptor[region][i], view.words[i],
				      memory_order_relaxed);
}

/* Names region (or none, -1, for error) as the current index. */
static void publish(int region, int error)
{
	unsigned before = atomic_load_explicit(&index_cache_shared.published, memory_order_relaxed);
	unsigned generation = (before >> 2) + 1;
	atomic_store_explicit(&state.current_error, error, memory_order_relaxed);
	atomic_store(&index_cache_shared.published, generation << 2 | (unsigned)(region + 1));
}

static int held_region(void)
{
	return (int)atomic_load(&state.held) - 1;
}

/* Zero pages for every region no lookup may start on any more. */
static void clear_retired(void)
{
	int current = index_cache_region(atomic_load(&index_cache_shared.published)), held = held_region();
	/* After the publication that retired them (see the protocol above). */
	atomic_thread_fence(memory_order_seq_cst);
	for (int r = 0; r < REGIONS; r++)
		if (r != current && r != held)
			(void)region_clear(&state.regions[r]);
}

static int free_region(int current)
{
	int held = held_region();
	for (int r = 0; r < REGIONS; r++)
		if (r != current && r != held)
			return r;
	return -1; /* not reached: three regions, two taken at most */
}

static int index_error(enum index_status status)
{
	return status == INDEX_BAD_VERSION ? EPROTONOSUPPORT : EINVAL;
}

/* Errors that say nothing about the file: the process or the system is
 * short of descriptors or memory for now. */
static bool is_transient(int error)
{
	return error == EMFILE || error == ENFILE || error == ENOMEM || error == EAGAIN ||
	       error == EINTR || error == ENOBUFS;
}

/* The index in hand stays on a transient error (the next check tries
 * again); otherwise the path now names nothing usable, and lookups answer
 * UNAVAIL saying why. */
static void load_failed(int current, int error)
{
	if (!(is_transient(error) && current >= 0))
		publish(-1, error);
}

static bool same_inode(const struct file_identity *a, const struct file_identity *b)
{
	return a->device == b->device && a->inode == b->inode;
}

/* Loads the file into a free region and publishes it; or says why not. */
static void load(int current)
{
	int region = free_region(current);
	struct mapped_file file;
	struct index ix;
	/* Orders the publication that retired the region before what is
	 * written to it now (see the protocol above). */
	atomic_thread_fence(memory_order_seq_cst);
	int error = region_place_file(&state.regions[region], state.index_path, &file);
	if (error != 0) {
		load_failed(current, error);
		return;
	}
	enum index_status status = index_open(&ix, file.data, file.size);
	if (status != INDEX_OK) {
		state.rejected = file.identity;
		state.have_rejected = true;
		(void)region_clear(&state.regions[region]);
		publish(-1, index_error(status));
		return;
	}
	store_descriptor(region, &ix);
	state.loaded = file.identity;
	publish(region, 0);
}

/* Loads what the path names now, unless it is what is already loaded or
 * what was already refused. */
static void reload(void)
{
	int current = index_cache_region(atomic_load(&index_cache_shared.published));
	struct file_identity seen;
	/* Whether the file changed matters only once something was loaded
	 * or refused: the first load maps at once, a system call sooner. */
	if (current >= 0 || state.have_rejected) {
		int error = file_identity_of(state.index_path, &seen);
		if (error != 0) {
			load_failed(current, error);
			return;
		}
		if (current >= 0 && file_identity_equal(&seen, &state.loaded))
			return;
		if (current < 0 && file_identity_equal(&seen, &state.rejected))
			return;
		/* The same file with another size or time: written in place,
		 * perhaps cut short, so its pages may fault.  It is never read
		 * again, whether or not it can be mapped anew. */
		if (current >= 0 && same_inode(&seen, &state.loaded)) {
			publish(-1, EINVAL);
			atomic_thread_fence(memory_order_seq_cst);
			(void)region_clear(&state.regions[current]);
			current = -1;
		}
	}
	load(current);
}

/* A check of the file, by whichever lookup finds one due and the loader
 * free; the others go on with the index in hand.  Cancellation is off
 * throughout, so that no thread leaves the loader taken. */
void index_cache_check(long now)
{
	if (atomic_exchange(&state.loader_busy, true))
		return;
	int cancel_state;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel_state);
	if (now != atomic_load_explicit(&index_cache_shared.checked_at, memory_order_relaxed)) {
		int saved_errno = errno;
		if (state.index_path[0] == '\0')
			choose_path();
		reload();
		clear_retired();
		atomic_store_explicit(&index_cache_shared.checked_at, now, memory_order_relaxed);
		errno = saved_errno;
	}
	pthread_setcancelstate(cancel_state, NULL);
	atomic_store(&state.loader_busy, false);
}

void index_cache_start(void)
{
	long now = (long)time(NULL);
	/* Whatever the clock says, the first check is due. */
	atomic_store_explicit(&index_cache_shared.checked_at, now - 1, memory_order_relaxed);
	index_cache_check(now);
}

void index_cache_why_none(int *error)
{
	int why = atomic_load_explicit(&state.current_error, memory_order_relaxed);
	*error = why != 0 ? why : ENOENT;
}

bool index_cache_hold(struct index_view *view, int *error)
{
	index_cache_check_if_due();
	for (;;) {
		int region = index_cache_region(atomic_load(&index_cache_shared.published));
		atomic_store(&state.held, (unsigned)(region + 1));
		unsigned published = atomic_load(&index_cache_shared.published);
		if (index_cache_region(published) != region)
			continue;
		if (region < 0) {
			index_cache_why_none(error);
			return false;
		}
		if (index_view_snapshot(view, published))
			return true;
	}
}

void index_cache_unhold(void)
{
	atomic_store(&state.held, 0);
}

/* The loader's work is a sequence of steps each of which leaves the state
 * sound (the publication comes last), so a child forked in the middle of
 * a load merely takes the lock back. */
void index_cache_after_fork_in_child(void)
{
	atomic_store(&state.loader_busy, false);
}
