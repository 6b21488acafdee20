#include "reader_pins.h"

#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct reader_slot slots[READER_SLOTS];
static pthread_key_t slot_key;
/* Set once, by reader_pins_start(), when membarrier works. */
static atomic_bool available;
/* What a thread that found every slot taken keeps, so that it does not
 * search again at each lookup. */
static struct reader_slot no_slot;

static int membarrier(int command)
{
	return (int)syscall(SYS_membarrier, command, 0, 0);
}

static void free_slot(void *value)
{
	struct reader_slot *slot = value;
	if (slot == &no_slot)
		return;
	atomic_store_explicit(&slot->pinned, NULL, memory_order_release);
	atomic_store_explicit(&slot->taken, false, memory_order_release);
}

void reader_pins_start(void)
{
	int supported = membarrier(MEMBARRIER_CMD_QUERY);
	if (supported < 0 || !(supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
		return;
	if (membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) != 0)
		return;
	if (pthread_key_create(&slot_key, free_slot) != 0)
		return;
	atomic_store_explicit(&available, true, memory_order_release);
}

static struct reader_slot *claim(void)
{
	for (int i = 0; i < READER_SLOTS; i++) {
		bool free = false;
		if (atomic_compare_exchange_strong(&slots[i].taken, &free, true)) {
			if (pthread_setspecific(slot_key, &slots[i]) == 0)
				return &slots[i];
			atomic_store(&slots[i].taken, false);
			return NULL;
		}
	}
	/* All taken: this thread pins the other way from now on. */
	pthread_setspecific(slot_key, &no_slot);
	return NULL;
}

struct reader_slot *reader_slot_of_this_thread(void)
{
	if (!atomic_load_explicit(&available, memory_order_acquire))
		return NULL;
	struct reader_slot *slot = pthread_getspecific(slot_key);
	if (slot == NULL)
		slot = claim();
	if (slot == NULL || slot == &no_slot ||
	    atomic_load_explicit(&slot->pinned, memory_order_relaxed) != NULL)
		return NULL;
	return slot;
}

bool reader_pins_fence(void)
{
	if (!atomic_load(&available))
		return true;
	if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0)
		return true;
	/* A child of fork() may have to register again. */
	return errno == EPERM && membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0 &&
	       membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0;
}

bool reader_pins_hold(const void *index)
{
	for (int i = 0; i < READER_SLOTS; i++)
		if (atomic_load_explicit(&slots[i].pinned, memory_order_acquire) == index)
			return true;
	return false;
}

void reader_pins_after_fork_in_child(void)
{
	if (!atomic_load(&available))
		return;
	const struct reader_slot *mine = pthread_getspecific(slot_key);
	for (int i = 0; i < READER_SLOTS; i++) {
		atomic_store(&slots[i].pinned, NULL);
		atomic_store(&slots[i].taken, &slots[i] == mine);
	}
}
