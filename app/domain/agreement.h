/*
 * agreement: the internship agreement guide ("aftaleguide til
 * virksomhedspraktik"), filled in during preparation, versioned (every
 * save a new version). Its answers are sealed; what the host may be told
 * is kept apart for the host's view.
 */
#ifndef MESTRING_AGREEMENT_H
#define MESTRING_AGREEMENT_H

#include "date.h"
#include "participant.h"
#include "result.h"

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;
struct form_invalid;

/* The guide's questions in the catalogue's order (2013, p. 17): their
 * stored names (also the form's and the API's), NULL-terminated, and how
 * the guide shows them (a heading starts a group of questions). */
enum agreement_answer {
	AGREEMENT_PURPOSE,
	AGREEMENT_HOURS,
	AGREEMENT_SUPPORT_NEEDED,
	AGREEMENT_NETWORK_SUPPORT,
	AGREEMENT_SUPPORT_WHEN,
	AGREEMENT_ALARM_SIGNALS,
	AGREEMENT_CRISIS_SUPPORT,
	AGREEMENT_INTERNSHIP_WISHES,
	AGREEMENT_COMPANY_WISHES,
	AGREEMENT_HOST_MAY_KNOW,
	AGREEMENT_ANSWERS
};
extern const char *const agreement_answer_names[AGREEMENT_ANSWERS + 1];
struct agreement_question {
	const char *heading; /* NULL: in the group above */
	const char *question;
};
extern const struct agreement_question agreement_questions[AGREEMENT_ANSWERS];
/* What the citizen consents to. */
extern const char agreement_consent_text[];

/*
 * What the host may see, item by item, under the consent: the answers on
 * support (support needed, who in the network, when), on alarm signals
 * (the signals and how to help through a crisis), and what the company
 * may be told. Their stored names (also the form's and the API's),
 * NULL-terminated, and the Danish words of each box.
 */
enum agreement_share {
	AGREEMENT_SHARE_SUPPORT,
	AGREEMENT_SHARE_ALARMS,
	AGREEMENT_SHARE_COMPANY,
	AGREEMENT_SHARES
};
extern const char *const agreement_share_names[AGREEMENT_SHARES + 1];
extern const char *const agreement_share_labels[AGREEMENT_SHARES];
/* The share each answer belongs to, or -1 (never shown to a host). */
int agreement_answer_share(enum agreement_answer x);

/* One version of the guide. */
struct agreement_row {
	int version;
	char *answers[AGREEMENT_ANSWERS]; /* opened; never NULL once loaded */
	bool consent;
	bool share[AGREEMENT_SHARES];		  /* only ever with consent */
	char citizen_signed_on[DATE_ISO_LEN + 1]; /* "" when not signed */
	char consultant_signed_on[DATE_ISO_LEN + 1];
	int64_t consultant_id; /* 0: none */
	char consultant[801];
	char actor[256], actor_name[801];
	int64_t created_at;
};
void agreement_row_free(struct agreement_row *a);

/* Version (0: the latest) of the guide of participant_id. 0 found, 1 none,
 * -1 on error; agreement_row_free *a in every case. */
int agreement_get(struct db *db, int64_t participant_id, int version,
		  struct agreement_row *a);

/* The versions, newest first. Texts live until fn returns. */
struct agreement_version {
	int version;
	int64_t created_at;
	const char *actor, *actor_name; /* e-mail; name when still a user */
};
typedef void (*agreement_version_fn)(void *ctx,
				     const struct agreement_version *v);
int agreement_versions_each(struct db *db, int64_t participant_id,
			    agreement_version_fn fn, void *ctx);

/* The latest version in brief: 0 with *s, 1 when there is none, -1. */
struct agreement_summary {
	int version;
	int64_t created_at;
	bool consent;
	bool share[AGREEMENT_SHARES];
};
int agreement_summary_get(struct db *db, int64_t participant_id,
			  struct agreement_summary *s);

/* The consultants who may sign: of the cohort's organisations or on its
 * staff, by name. 0 or -1. */
typedef void (*agreement_consultant_fn)(void *ctx, int64_t id,
					const char *name);
int agreement_consultants_each(struct db *db, int64_t cohort_id,
			       agreement_consultant_fn fn, void *ctx);

/*
 * What the host may be told: the latest version's answer to "Hvad skal/må
 * virksomheden vide?", only when the citizen consented to share it in that
 * version. 0 with *out (free with secret_free), or with *out NULL when
 * there is no guide or no consent; -1 on error. Reading it is the
 * caller's to audit.
 */
int agreement_host_text(struct db *db, int64_t participant_id, char **out);

/*
 * What a host may see of participant_id's latest guide: the answers of
 * the items the citizen consented to share in that version and nothing
 * else. answers[x] is NULL for every answer not shared (and for all when
 * there is no guide or no consent); shared answers are "" when left
 * empty. Free with agreement_host_view_free.
 */
struct agreement_host_view {
	int version; /* 0: no guide */
	bool consent;
	bool share[AGREEMENT_SHARES];
	char *answers[AGREEMENT_ANSWERS];
};
/* 0 with *out filled, -1 on error (*out then empty). Reading it is the
 * caller's to audit (as the host). */
int agreement_host_view(struct db *db, int64_t participant_id,
			struct agreement_host_view *out);
void agreement_host_view_free(struct agreement_host_view *v);

/* Audits a's read of version (0: there was none) of p's guide, before it
 * is shown. 0 or -1. */
int agreement_audit_read(const struct actor *a, const struct participant *p,
			 int version);

/* A version to save. */
struct agreement_input {
	const char *answers[AGREEMENT_ANSWERS]; /* NULL or "": unanswered */
	bool consent;
	/* The items shared, when share_given; without it "what the company
	 * may be told" follows the consent (what consent meant before the
	 * items) and the others are not shared. Sharing needs consent. */
	bool share[AGREEMENT_SHARES];
	bool share_given;
	date_t citizen_signed_on;    /* 0: not signed */
	int64_t consultant_id;	     /* 0: none (a consultant who signs:
					themselves) */
	date_t consultant_signed_on; /* 0: not signed */
};

/* May a see and fill in p's guide? RESULT_OK, or RESULT_REFUSED with
 * *bad. */
int agreement_check(const struct actor *a, const struct participant *p,
		    struct form_invalid *bad);
/*
 * Saves in as p's next version with its audit row, in one transaction on
 * the writer w the caller holds: something answered, consent signed,
 * items shared only with consent, signatures not ahead of today and by a
 * consultant who works with the citizen. RESULT_OK with *version,
 * RESULT_REFUSED, RESULT_INVALID or RESULT_FAILED.
 */
int agreement_save(struct db *w, const struct actor *a,
		   const struct participant *p,
		   const struct agreement_input *in, int *version,
		   struct form_invalid *bad);

#endif
