/*
 * Unit tests for calendar links: subscription_find on a migrated database
 * (live, revoked, unknown and malformed tokens, owners who left), the one
 * live link per subscriber, and the QR code's SVG path read back module by
 * module against libqrencode's matrix.
 */
#include "buf.h"
#include "db.h"
#include "subscription.h"
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
#define T_STAFF       "staff-of-an-active-user_AAAAAAAAAAAAAAAAAAA"
#define T_GONE        "staff-of-a-deactivated-userAAAAAAAAAAAAAAAA"
#define T_COHORT      "cohort-of-its-leaderAAAAAAAAAAAAAAAAAAAAAAA"
#define T_LEFT        "cohort-of-a-leader-who-leftAAAAAAAAAAAAAAAA"

/* Inserts a link of token; revoked when revoked. */
static int add(struct db *db, const char *kind, int64_t subject,
	       int64_t owner, const char *token, int revoked)
{
	unsigned char hash[32];
	sqlite3_stmt *st = NULL;
	int rc;

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
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

	assert_int_equal(subscription_find(f->db, T_PARTICIPANT, &kind,
					   &subject),
			 0);
	assert_int_equal(kind, SUBSCRIPTION_PARTICIPANT);
	assert_int_equal(subject, 41);
	assert_int_equal(subscription_find(f->db, T_STAFF, &kind, &subject),
			 0);
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
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* short */
		T_PARTICIPANT "A",                          /* long */
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.A", /* a dot */
		"participantAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"",
	};
	enum subscription_kind kind;
	int64_t subject;
	size_t i;

	for (i = 0; i < sizeof(dead) / sizeof(dead[0]); i++)
		assert_int_equal(subscription_find(f->db, dead[i], &kind,
						   &subject),
				 1);
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
			assert_int_equal(grid[y * size + x], 0); /* no overlap */
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
				int dark = in && (q->data[(y - 4) * q->width +
							  (x - 4)] &
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(live_tokens_are_found),
		cmocka_unit_test(dead_and_strange_tokens_are_one_answer),
		cmocka_unit_test(qr_path_draws_every_dark_module),
		cmocka_unit_test(one_live_link_per_subscriber),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
