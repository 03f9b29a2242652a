/*
 * Unit tests for calendar links: subscription_find on a migrated database
 * (live, revoked, unknown and malformed tokens, owners who left), the one
 * live link per subscriber, the QR code's SVG path read back module by
 * module against libqrencode's matrix; and, through the server's
 * connections, a participant's link and staff's own links as the pages
 * use them: made once, rotated and revoked by whom, with their audit rows.
 */
#include "actor.h"
#include "buf.h"
#include "db.h"
#include "form.h"
#include "participant.h"
#include "secret.h"
#include "subscription.h"
#include "subscription_participant.h"
#include "testdb.h"

#include <qrencode.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Tokens of the right shape: 43 characters of URL-safe base64. */
#define T_PARTICIPANT "participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define T_REVOKED     "revokedAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define T_STAFF	      "staff-of-an-active-user_AAAAAAAAAAAAAAAAAAA"
#define T_GONE	      "staff-of-a-deactivated-userAAAAAAAAAAAAAAAA"
#define T_COHORT      "cohort-of-its-leaderAAAAAAAAAAAAAAAAAAAAAAA"
#define T_LEFT	      "cohort-of-a-leader-who-leftAAAAAAAAAAAAAAAA"

/* Inserts a link of token; revoked when revoked. */
static int add(struct db *db, const char *kind, int64_t subject, int64_t owner,
	       const char *token, int revoked)
{
	unsigned char hash[32];
	sqlite3_stmt *st = NULL;
	int rc;

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	assert_int_equal(
		sqlite3_prepare_v2(db_handle(db),
				   "INSERT INTO calendar_subscription "
				   "(kind, subject_id, owner_id, "
				   "token_hash, token_enc, created_at, "
				   "revoked_at) VALUES (?1, ?2, ?3, "
				   "?4, x'00', 1, ?5)",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, subject);
	if (owner)
		sqlite3_bind_int64(st, 3, owner);
	sqlite3_bind_blob(st, 4, hash, sizeof(hash), SQLITE_TRANSIENT);
	if (revoked)
		sqlite3_bind_int(st, 5, 2);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc & 0xff; /* the primary code: SQLITE_CONSTRAINT, not _UNIQUE */
}

static int setup(void **state)
{
	struct testdb *f = calloc(1, sizeof(*f));

	assert_int_equal(sodium_init() < 0, 0);
	assert_int_equal(testdb_open(f, true), 0);
	testdb_exec(f->db,
		    "INSERT INTO organisation (id, name, kind, created_at) "
		    "VALUES (1, 'Jobcenter', 'job_centre', 0)");
	testdb_exec(f->db,
		    "INSERT INTO user (id, email, name, role, "
		    "organisation_id, password_hash, active, created_at, "
		    "updated_at, password_changed_at) VALUES "
		    "(1, 'a@x.dk', 'A', 'project_leader', 1, '', 1, 0, 0, 0), "
		    "(2, 'b@x.dk', 'B', 'instructor', 1, '', 0, 0, 0, 0), "
		    "(3, 'c@x.dk', 'C', 'project_leader', 1, '', 1, 0, 0, 0)");
	testdb_exec(f->db,
		    "INSERT INTO cohort (id, name, job_centre_id, "
		    "provider_id, org_model, venue_name, venue_address, "
		    "first_teaching_day, prep_weeks, teaching_weeks, "
		    "teaching_weekdays, start_min, end_min, internship_weeks, "
		    "weekly_teaching_weekday, capacity, referral_start, "
		    "prep_start, teaching_end, internship_start, "
		    "internship_end, aftercare_start, created_at, updated_at) "
		    "VALUES (7, 'Hold', 1, 1, 1, 'Huset', 'Vej 1', "
		    "'2030-03-05', 2, 4, 15, 540, 900, 12, 2, 10, "
		    "'2030-01-01', '2030-02-01', '2030-04-01', '2030-04-02', "
		    "'2030-07-01', '2030-07-02', 0, 0)");
	testdb_exec(f->db,
		    "INSERT INTO cohort_staff (cohort_id, user_id, role) "
		    "VALUES (7, 1, 'project_leader')");
	assert_int_equal(add(f->db, "participant", 41, 0, T_PARTICIPANT, 0),
			 SQLITE_DONE);
	assert_int_equal(add(f->db, "participant", 42, 0, T_REVOKED, 1),
			 SQLITE_DONE);
	assert_int_equal(add(f->db, "staff", 1, 1, T_STAFF, 0), SQLITE_DONE);
	assert_int_equal(add(f->db, "instructor", 2, 2, T_GONE, 0),
			 SQLITE_DONE);
	assert_int_equal(add(f->db, "cohort", 7, 1, T_COHORT, 0), SQLITE_DONE);
	assert_int_equal(add(f->db, "cohort", 7, 3, T_LEFT, 0), SQLITE_DONE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *f = *state;

	assert_int_equal(testdb_remove(f), 0);
	free(f);
	return 0;
}

static void live_tokens_are_found(void **state)
{
	struct testdb *f = *state;
	enum subscription_kind kind = SUBSCRIPTION_KIND__MAX;
	int64_t subject = 0;

	assert_int_equal(
		subscription_find(f->db, T_PARTICIPANT, &kind, &subject), 0);
	assert_int_equal(kind, SUBSCRIPTION_PARTICIPANT);
	assert_int_equal(subject, 41);
	assert_int_equal(subscription_find(f->db, T_STAFF, &kind, &subject), 0);
	assert_int_equal(kind, SUBSCRIPTION_STAFF);
	assert_int_equal(subject, 1);
	assert_int_equal(subscription_find(f->db, T_COHORT, &kind, &subject),
			 0);
	assert_int_equal(kind, SUBSCRIPTION_COHORT);
	assert_int_equal(subject, 7);
}

static void dead_and_strange_tokens_are_one_answer(void **state)
{
	struct testdb *f = *state;
	static const char *const dead[] = {
		T_REVOKED,
		T_GONE, /* the owner is deactivated */
		T_LEFT, /* no longer the cohort's project leader */
		"unknownAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   /* short */
		T_PARTICIPANT "A",			       /* long */
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.A", /* a dot */
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"",
	};
	enum subscription_kind kind;
	int64_t subject;
	size_t i;

	for (i = 0; i < sizeof(dead) / sizeof(dead[0]); i++)
		assert_int_equal(
			subscription_find(f->db, dead[i], &kind, &subject), 1);
	assert_int_equal(subscription_find(f->db, NULL, &kind, &subject), 1);
}

static void one_live_link_per_subscriber(void **state)
{
	struct testdb *f = *state;

	/* A second live link for participant 41 breaks the index... */
	assert_int_equal(add(f->db, "participant", 41, 0,
			     "secondAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0),
			 SQLITE_CONSTRAINT);
	/* ...a revoked one does not, nor a second leader's cohort link. */
	assert_int_equal(add(f->db, "participant", 41, 0,
			     "thirdAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1),
			 SQLITE_DONE);
	assert_int_equal(add(f->db, "participant", 42, 0,
			     "fourthAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0),
			 SQLITE_DONE);
	/* The same token twice is refused whatever it is for. */
	assert_int_equal(add(f->db, "staff", 3, 3, T_STAFF, 0),
			 SQLITE_CONSTRAINT);
}

/* Reads "M%d %dh%dv1h-%dz"... back into a size x size grid. */
static void paint(const char *path, int size, unsigned char *grid)
{
	int x, y, w, w2, used;

	while (*path) {
		assert_int_equal(sscanf(path, "M%d %dh%dv1h-%dz%n", &x, &y, &w,
					&w2, &used),
				 4);
		assert_int_equal(w, w2);
		assert_true(x >= 0 && y >= 0 && w > 0 && x + w <= size &&
			    y < size);
		while (w--) {
			assert_int_equal(grid[y * size + x],
					 0); /* no overlap */
			grid[y * size + x++] = 1;
		}
		path += used;
	}
}

static void qr_path_draws_every_dark_module(void **state)
{
	static const char *const texts[] = {
		"https://mestring.example.dk/calendar/"
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
		"http://127.0.0.1:8080/calendar/x.ics",
		"a",
	};
	size_t i;
	int x, y;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct buf path = BUF_INIT(0);
		QRcode *q = QRcode_encodeString(texts[i], 0, QR_ECLEVEL_M,
						QR_MODE_8, 1);
		unsigned char *grid;
		int size = 0;

		assert_non_null(q);
		assert_int_equal(subscription_qr_path(texts[i], &path, &size),
				 0);
		assert_int_equal(size, q->width + 8);
		grid = calloc((size_t)size * size, 1);
		paint(path.data, size, grid);
		for (y = 0; y < size; y++)
			for (x = 0; x < size; x++) {
				int in = x >= 4 && y >= 4 && x < size - 4 &&
					 y < size - 4;
				int dark =
					in &&
					(q->data[(y - 4) * q->width + (x - 4)] &
					 1);

				assert_int_equal(grid[y * size + x], dark);
			}
		/* The finder pattern's top row starts the path. */
		assert_int_equal(strncmp(path.data, "M4 4h7v1h-7z", 12), 0);
		free(grid);
		QRcode_free(q);
		buf_free(&path);
	}
}

/* ---- Links through the server's connections ---- */

/* The pool's writer and a reader, as a request has them, with sealing. */
static struct testdb pool_tdb;

static int pool_setup(void **state)
{
	char key[160];
	struct db *w;

	(void)state;
	if (testdb_make(&pool_tdb) < 0 || db_pool_open(pool_tdb.path, 2) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s.key", pool_tdb.path);
	if (secret_init(key) < 0)
		return -1;
	w = db_writer_lock();
	testdb_exec(w, "INSERT INTO organisation (id, name, kind, created_at) "
		       "VALUES (1, 'Jobcenter', 'job_centre', 0)");
	testdb_exec(w, "INSERT INTO user (id, email, name, role, "
		       "organisation_id, password_hash, active, created_at, "
		       "updated_at, password_changed_at) VALUES "
		       "(1, 'a@x.dk', 'A', 'project_leader', 1, '', 1, 0, 0, "
		       "0), (2, 'b@x.dk', 'B', 'instructor', 1, '', 1, 0, 0, "
		       "0), (3, 'c@x.dk', 'C', 'project_leader', 1, '', 1, 0, "
		       "0, 0), (4, 'd@x.dk', 'D', 'admin', 1, '', 1, 0, 0, 0)");
	testdb_exec(w, "INSERT INTO cohort (id, name, job_centre_id, "
		       "provider_id, org_model, venue_name, venue_address, "
		       "first_teaching_day, prep_weeks, teaching_weeks, "
		       "teaching_weekdays, start_min, end_min, "
		       "internship_weeks, weekly_teaching_weekday, capacity, "
		       "referral_start, prep_start, teaching_end, "
		       "internship_start, internship_end, aftercare_start, "
		       "created_at, updated_at) VALUES (7, 'Hold 7', 1, 1, 1, "
		       "'Huset', 'Vej 1', '2030-03-05', 2, 4, 15, 540, 900, "
		       "12, 2, 10, '2030-01-01', '2030-02-01', '2030-04-01', "
		       "'2030-04-02', '2030-07-01', '2030-07-02', 0, 0)");
	testdb_exec(w, "INSERT INTO cohort_staff (cohort_id, user_id, role) "
		       "VALUES (7, 1, 'project_leader')");
	db_writer_unlock(w);
	return 0;
}

static int pool_teardown(void **state)
{
	(void)state;
	secret_shutdown();
	db_pool_close();
	return testdb_remove(&pool_tdb);
}

static const struct actor caseworker = {1, 1, ROLE_CASEWORKER, "a@x.dk",
					"127.0.0.1"};

/* Participant id as loaded for someone with access. */
static struct participant citizen(int64_t id, enum participant_access access)
{
	struct participant p;

	memset(&p, 0, sizeof(p));
	p.id = id;
	p.cohort_id = 7;
	p.access = access;
	return p;
}

/*
 * The writes as a request makes them: the writer taken and given back
 * around each call, so a failed assertion never leaves it held (the next
 * test would wait for it for ever).
 */
static int link_create(const struct participant *p, char *token)
{
	struct db *w = db_writer_lock();
	int rc = subscription_participant_create(w, &caseworker, p, "handout",
						 token);

	db_writer_unlock(w);
	return rc;
}

static int link_rotate(const struct participant *p, char *token,
		       struct form_invalid *bad)
{
	struct db *w = db_writer_lock();
	int rc = subscription_participant_rotate(w, &caseworker, p, token, bad);

	db_writer_unlock(w);
	return rc;
}

static int link_revoke(const struct participant *p, struct form_invalid *bad)
{
	struct db *w = db_writer_lock();
	int rc = subscription_participant_revoke(w, &caseworker, p, bad);

	db_writer_unlock(w);
	return rc;
}

static int own_issue(const struct actor *a, struct subscription_own_list *l)
{
	struct db *w = db_writer_lock();
	int rc = subscription_own_issue(w, a, l);

	db_writer_unlock(w);
	return rc;
}

static int own_rotate(const struct actor *a, enum subscription_kind kind,
		      int64_t subject, struct form_invalid *bad)
{
	struct db *w = db_writer_lock();
	int rc = subscription_own_rotate(w, a, kind, subject, bad);

	db_writer_unlock(w);
	return rc;
}

/* Is token live? */
static int live(const char *token)
{
	enum subscription_kind kind;
	int64_t subject;

	return subscription_find(db_reader(), token, &kind, &subject) == 0;
}

/* Audit rows of action about subject (a participant's id or a user's
 * e-mail). */
static int64_t audited(const char *action, const char *subject)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = '%s' AND "
		 "subject = '%s'",
		 action, subject);
	return testdb_scalar(db_reader(), sql);
}

static void participant_link_is_made_once_then_read(void **state)
{
	struct participant p = citizen(50, PARTICIPANT_ACCESS_WORK);
	char token[SUBSCRIPTION_TOKEN_SIZE] = "";
	char again[SUBSCRIPTION_TOKEN_SIZE];
	enum subscription_state st = SUBSCRIPTION_LIVE;
	enum subscription_kind kind;
	int64_t subject = 0;

	(void)state;
	assert_int_equal(subscription_participant_state(db_reader(), &p, &st),
			 0);
	assert_int_equal(st, SUBSCRIPTION_NONE);
	assert_int_equal(subscription_participant_read(db_reader(), &caseworker,
						       &p, "handout", token,
						       &st),
			 1);
	assert_int_equal(link_create(&p, token), 0);
	/* A second request that read "none" meanwhile gets the same link. */
	assert_int_equal(link_create(&p, again), 0);
	assert_string_equal(token, again);
	assert_int_equal(strlen(token), SUBSCRIPTION_TOKEN_LEN);
	assert_int_equal(subscription_find(db_reader(), token, &kind, &subject),
			 0);
	assert_int_equal(kind, SUBSCRIPTION_PARTICIPANT);
	assert_int_equal(subject, 50);
	memset(again, 0, sizeof(again));
	assert_int_equal(subscription_participant_read(db_reader(), &caseworker,
						       &p, "api", again, &st),
			 0);
	assert_int_equal(st, SUBSCRIPTION_LIVE);
	assert_string_equal(token, again);
	assert_int_equal(audited("calendar.create", "deltager 50"), 1);
	assert_int_equal(audited("calendar.read", "deltager 50"), 2);
	assert_int_equal(testdb_scalar(db_reader(),
				       "SELECT count(*) FROM audit WHERE "
				       "action = 'calendar.create' AND "
				       "actor = 'a@x.dk' AND actor_id = 1 AND "
				       "subject_type = 'participant' AND "
				       "subject_id = 50 AND detail = 'handout' "
				       "AND client = '127.0.0.1'"),
			 1);
}

/* Cut off only by those who work with the citizen. */
static void participant_link_is_cut_off_only_by_staff(void **state)
{
	struct participant mentee = citizen(51, PARTICIPANT_ACCESS_CONTACT);
	struct participant p = citizen(51, PARTICIPANT_ACCESS_WORK);
	char first[SUBSCRIPTION_TOKEN_SIZE], second[SUBSCRIPTION_TOKEN_SIZE];
	struct form_invalid bad = {0};
	enum subscription_state st;

	(void)state;
	assert_int_equal(link_create(&p, first), 0);
	/* A mentor prints the handout but does not rotate or revoke. */
	assert_false(subscription_participant_may_manage(&mentee));
	assert_true(subscription_participant_may_see(&mentee));
	assert_int_equal(link_rotate(&mentee, second, &bad), RESULT_REFUSED);
	assert_string_equal(bad.message, "Du har ikke adgang til at ændre "
					 "borgerens kalenderlink.");
	assert_int_equal(link_revoke(&mentee, &bad), RESULT_REFUSED);
	assert_true(live(first));
	/* Rotating kills the old link at once. */
	assert_int_equal(link_rotate(&p, second, &bad), RESULT_OK);
	assert_string_not_equal(first, second);
	assert_false(live(first));
	assert_true(live(second));
	/* Revoking twice is one change and one audit row. */
	assert_int_equal(link_revoke(&p, &bad), RESULT_OK);
	assert_int_equal(link_revoke(&p, &bad), RESULT_OK);
	assert_false(live(second));
	assert_int_equal(audited("calendar.rotate", "deltager 51"), 1);
	assert_int_equal(audited("calendar.revoke", "deltager 51"), 1);
	/* A revoked link is not made again by showing it. */
	assert_int_equal(subscription_participant_read(db_reader(), &caseworker,
						       &p, "handout", first,
						       &st),
			 0);
	assert_int_equal(st, SUBSCRIPTION_REVOKED);
}

static void handout_names_the_cohort_and_its_venue(void **state)
{
	struct participant p = citizen(52, PARTICIPANT_ACCESS_CONTACT);
	struct subscription_handout h;

	(void)state;
	assert_int_equal(subscription_participant_handout(db_reader(), &p, &h),
			 0);
	assert_string_equal(h.cohort_name, "Hold 7");
	assert_string_equal(h.venue_name, "Huset");
	assert_string_equal(h.venue_address, "Vej 1");
}

static const struct actor leader = {1, 1, ROLE_PROJECT_LEADER, "a@x.dk", NULL};

static void own_links_are_made_on_first_view(void **state)
{
	static const struct actor admin = {4, 1, ROLE_ADMIN, "d@x.dk", NULL};
	struct subscription_own_list l, again;
	enum subscription_kind kind;
	int64_t subject;

	(void)state;
	assert_int_equal(subscription_own_load(db_reader(), &admin, &l), 0);
	assert_int_equal(l.n, 0);
	subscription_own_free(&l);
	/* Their talks and the cohort they lead. */
	assert_int_equal(subscription_own_load(db_reader(), &leader, &l), 1);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].key.kind, SUBSCRIPTION_STAFF);
	assert_int_equal(l.items[1].key.kind, SUBSCRIPTION_COHORT);
	assert_int_equal(l.items[1].key.subject, 7);
	assert_string_equal(l.items[1].name, "Hold 7");
	assert_string_equal(l.items[1].token, "");
	assert_int_equal(own_issue(&leader, &l), 0);
	assert_int_equal(subscription_find(db_reader(), l.items[1].token, &kind,
					   &subject),
			 0);
	assert_int_equal(kind, SUBSCRIPTION_COHORT);
	assert_int_equal(subject, 7);
	assert_int_equal(subscription_own_load(db_reader(), &leader, &again),
			 0);
	assert_string_equal(again.items[0].token, l.items[0].token);
	assert_string_equal(again.items[1].token, l.items[1].token);
	assert_int_equal(audited("calendar.create", "a@x.dk"), 2);
	subscription_own_free(&again);
	subscription_own_free(&l);
}

static void own_links_are_rotated_only_by_their_owner(void **state)
{
	static const struct actor other = {3, 1, ROLE_PROJECT_LEADER, "c@x.dk",
					   NULL};
	static const struct actor instructor = {2, 1, ROLE_INSTRUCTOR, "b@x.dk",
						NULL};
	struct subscription_own_list l;
	struct form_invalid bad = {0};

	(void)state;
	assert_int_equal(subscription_own_load(db_reader(), &leader, &l), 0);
	/* Not on the cohort's staff, or not an instructor: not theirs. */
	assert_int_equal(own_rotate(&other, SUBSCRIPTION_COHORT, 7, &bad),
			 RESULT_REFUSED);
	assert_string_equal(bad.message, "Det er ikke din kalender.");
	assert_int_equal(own_rotate(&leader, SUBSCRIPTION_INSTRUCTOR, 1, &bad),
			 RESULT_REFUSED);
	assert_int_equal(own_rotate(&leader, SUBSCRIPTION_PARTICIPANT, 1, &bad),
			 RESULT_REFUSED);
	assert_true(live(l.items[1].token));
	assert_int_equal(own_rotate(&leader, SUBSCRIPTION_COHORT, 7, &bad),
			 RESULT_OK);
	/* The subject of a staff link is always the actor. */
	assert_int_equal(own_rotate(&leader, SUBSCRIPTION_STAFF, 3, &bad),
			 RESULT_OK);
	assert_int_equal(
		own_rotate(&instructor, SUBSCRIPTION_INSTRUCTOR, 0, &bad),
		RESULT_OK);
	assert_false(live(l.items[0].token));
	assert_false(live(l.items[1].token));
	assert_int_equal(testdb_scalar(db_reader(),
				       "SELECT count(*) FROM "
				       "calendar_subscription WHERE kind = "
				       "'staff' AND revoked_at IS NULL AND "
				       "subject_id = 1 AND owner_id = 1"),
			 1);
	assert_int_equal(testdb_scalar(db_reader(),
				       "SELECT count(*) FROM audit WHERE "
				       "action = 'calendar.rotate' AND subject "
				       "= 'a@x.dk' AND detail IN ('cohort 7', "
				       "'staff 1')"),
			 2);
	assert_int_equal(audited("calendar.rotate", "c@x.dk"), 0);
	subscription_own_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(live_tokens_are_found),
		cmocka_unit_test(dead_and_strange_tokens_are_one_answer),
		cmocka_unit_test(qr_path_draws_every_dark_module),
		cmocka_unit_test(one_live_link_per_subscriber),
	};
	/* In order: each builds on the links the one before made. */
	const struct CMUnitTest links[] = {
		cmocka_unit_test(participant_link_is_made_once_then_read),
		cmocka_unit_test(participant_link_is_cut_off_only_by_staff),
		cmocka_unit_test(handout_names_the_cohort_and_its_venue),
		cmocka_unit_test(own_links_are_made_on_first_view),
		cmocka_unit_test(own_links_are_rotated_only_by_their_owner),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);

	return failed +
	       cmocka_run_group_tests(links, pool_setup, pool_teardown);
}
