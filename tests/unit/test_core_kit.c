/*
 * Unit tests for the small plumbing every module shares (issue 12): the
 * CSV cells with their formula guard, array growth, the per-item form
 * fields (status_17, criterion_1_note) and the audit actions' names and
 * Danish labels.
 */
#include "array.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "form.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void csv_cells_are_quoted_and_guarded(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Hans", "\"Hans\""},
		{"", "\"\""},
		{"a\"b", "\"a\"\"b\""},
		{"a;b", "\"a;b\""},
		{"=SUM(A1)", "\"'=SUM(A1)\""},
		{"+45 12", "\"'+45 12\""},
		{"-1", "\"'-1\""},
		{"@x", "\"'@x\""},
		{"\tx", "\"'\tx\""},
		{"\rx", "\"'\rx\""},
		{"x=1", "\"x=1\""},
	};
	struct buf b = BUF_INIT(0);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		csv_text(&b, cases[i].in, 1);
		assert_string_equal(b.data, cases[i].out);
	}
	buf_reset(&b);
	csv_start(&b);
	csv_text(&b, "Hold", 1);
	csv_int(&b, -3, 0);
	csv_end_row(&b);
	assert_string_equal(b.data, "\xEF\xBB\xBF\"Hold\";-3\r\n");
	buf_free(&b);
}

static void arrays_grow_by_doubling(void **state)
{
	int *a = NULL;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		long at = ARRAY_PUSH(a, n, cap);

		assert_int_equal(at, (long)i);
		a[at] = (int)i;
	}
	assert_int_equal(n, 1000);
	assert_true(cap >= 1000 && cap <= 2048);
	for (i = 0; i < 1000; i++)
		assert_int_equal(a[i], (int)i);
	/* An impossible size is refused and leaves the array alone. */
	assert_int_equal(array_reserve((void **)&a, &cap, SIZE_MAX / 2, 8), -1);
	assert_int_equal(a[999], 999);
	free(a);
}

struct items_seen {
	long long ids[8];
	char status[8][16];
	size_t n;
};

static int items_collect(void *ctx, long long id, const struct form_value *v,
			 struct form_invalid *bad)
{
	struct items_seen *s = ctx;

	(void)bad;
	s->ids[s->n] = id;
	strncpy(s->status[s->n], v[0].s, sizeof(s->status[0]) - 1);
	s->n++;
	return 0;
}

static const char *const item_choices[] = {"present", "absent", NULL};
static const struct form_spec item_spec[] = {
	{"status_", "Status", FIELD_ENUM, true, 0, 0, item_choices},
	{"minutes_", "Minutter", FIELD_INT, false, 0, 600, NULL},
};

/* Parses body and runs the item validation. */
static int items(const char *body, struct items_seen *seen,
		 struct form_invalid *bad)
{
	struct form f = FORM_INIT;
	int rc;

	memset(seen, 0, sizeof(*seen));
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	rc = form_validate_items(&f, item_spec, NULL, 2, 4, items_collect, seen,
				 bad);
	form_free(&f);
	return rc;
}

static void item_fields_are_declared_and_strict(void **state)
{
	struct items_seen seen;
	struct form_invalid bad;

	(void)state;
	assert_int_equal(items("status_17=present&minutes_17=30&"
			       "status_4=absent&csrf=x",
			       &seen, &bad),
			 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.ids[0], 17);
	assert_string_equal(seen.status[0], "present");
	assert_int_equal(seen.ids[1], 4);
	assert_string_equal(seen.status[1], "absent");
	/* Every id strict: no leading zero, sign, junk, or huge number. */
	assert_int_equal(items("status_017=present", &seen, &bad), -1);
	assert_int_equal(items("status_-1=present", &seen, &bad), -1);
	assert_int_equal(items("status_1x=present", &seen, &bad), -1);
	assert_int_equal(items("status_=present", &seen, &bad), -1);
	assert_int_equal(items("status_9999999999999999=present", &seen, &bad),
			 -1);
	/* Each item validated like a form, naming the stem. */
	assert_int_equal(items("status_5=late", &seen, &bad), -1);
	assert_string_equal(bad.field, "status_");
	assert_int_equal(items("minutes_5=20", &seen, &bad), -1);
	assert_int_equal(items("status_5=present&minutes_5=601", &seen, &bad),
			 -1);
	assert_string_equal(bad.field, "minutes_");
	/* At most max_items. */
	assert_int_equal(items("status_1=present&status_2=present&status_3="
			       "present&status_4=present&status_5=present",
			       &seen, &bad),
			 -1);
}

static void item_fields_with_a_suffix(void **state)
{
	static const struct form_spec spec[] = {
		{"criterion_", "Kriterium", FIELD_TEXT, false, 0, 3, NULL},
		{"criterion_", "Note", FIELD_TEXT, false, 0, 20, NULL},
	};
	static const char *const suffixes[] = {"", "_note"};
	struct form f = FORM_INIT;
	struct items_seen seen = {0};
	struct form_invalid bad;
	const char *body = "criterion_1=yes&criterion_1_note=ok&"
			   "criterion_2_note=alene";

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_validate_items(&f, spec, suffixes, 2, 10,
					     items_collect, &seen, &bad),
			 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.ids[0], 1);
	assert_string_equal(seen.status[0], "yes");
	assert_int_equal(seen.ids[1], 2);
	assert_string_equal(seen.status[1], "");
	form_free(&f);
	body = "criterion_1_notes=x";
	assert_int_equal(form_parse(body, strlen(body), NULL, &f), FORM_OK);
	assert_int_equal(form_validate_items(&f, spec, suffixes, 2, 10,
					     items_collect, &seen, &bad),
			 -1);
	form_free(&f);
}

static void audit_actions_have_names_and_danish_labels(void **state)
{
	int a, b;

	(void)state;
	for (a = 0; a < AUDIT__MAX; a++) {
		const char *name = audit_action_name((enum audit_action)a);
		const char *label = audit_action_label((enum audit_action)a);

		assert_true(name[0] != '\0');
		assert_true(label[0] != '\0');
		assert_int_equal(audit_action_parse(name), a);
		assert_string_equal(audit_label_of(name), label);
		/* A label is Danish words, never the code itself. */
		assert_null(strchr(label, '.'));
		assert_null(strchr(label, '_'));
		for (b = a + 1; b < AUDIT__MAX; b++)
			assert_string_not_equal(
				name, audit_action_name((enum audit_action)b));
	}
	assert_int_equal(audit_action_parse("no.such"), -1);
	assert_string_equal(audit_label_of("no.such"), "no.such");
	assert_string_equal(audit_label_of("participant.read"),
			    "Så borgerens oplysninger");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_cells_are_quoted_and_guarded),
		cmocka_unit_test(arrays_grow_by_doubling),
		cmocka_unit_test(item_fields_are_declared_and_strict),
		cmocka_unit_test(item_fields_with_a_suffix),
		cmocka_unit_test(audit_actions_have_names_and_danish_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
