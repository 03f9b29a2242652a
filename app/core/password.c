/*
 * password: argon2id through libsodium, with a bound on how many hashes
 * run at once; the rest wait their turn, for a while.
 */
#include "password.h"

#include "form.h"
#include "log.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

/*
 * argon2id takes 64 MiB a hash. At most this many hash at once (more
 * would not be faster on the cores there are).
 */
#define PASSWORD_HASHING_MAX  2
#define PASSWORD_HASH_WAIT_MS 10000

static struct {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int busy;
} password_slots = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

/* Takes a hashing slot: 0, or -1 when none came free in time. */
static int password_slot_take(void)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PASSWORD_HASH_WAIT_MS / 1000;
	pthread_mutex_lock(&password_slots.lock);
	while (password_slots.busy >= PASSWORD_HASHING_MAX && rc == 0)
		if (pthread_cond_timedwait(&password_slots.freed,
					   &password_slots.lock, &until) != 0)
			rc = -1;
	if (rc == 0)
		password_slots.busy++;
	pthread_mutex_unlock(&password_slots.lock);
	return rc;
}

static void password_slot_give(void)
{
	pthread_mutex_lock(&password_slots.lock);
	password_slots.busy--;
	pthread_cond_signal(&password_slots.freed);
	pthread_mutex_unlock(&password_slots.lock);
}

int password_hash(const char *password, char out[PASSWORD_HASH_LEN])
{
	int rc;

	if (password_slot_take() < 0) {
		log_warn("auth: no hashing slot came free in time");
		return -1;
	}
	rc = crypto_pwhash_str(out, password, strlen(password),
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	password_slot_give();
	if (rc != 0) {
		log_error("auth: password hashing failed (out of memory?)");
		return -1;
	}
	return 0;
}

int password_check(const char *hash, const char *password)
{
	int rc;

	if (password_slot_take() < 0) {
		log_warn("auth: no hashing slot came free in time");
		return -1;
	}
	rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	password_slot_give();
	return rc == 0 ? 1 : 0;
}

bool password_verify(const char *hash, const char *password)
{
	return password_check(hash, password) == 1;
}

const char *password_problem(const char *password)
{
	size_t chars = form_utf8_length(password);

	if (chars < PASSWORD_MIN)
		return "Adgangskoden skal være mindst 12 tegn.";
	if (strlen(password) > PASSWORD_MAX)
		return "Adgangskoden må højst være 256 tegn.";
	return NULL;
}
