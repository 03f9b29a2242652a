/*
 * agreement: the internship agreement guide ("aftaleguide til
 * virksomhedspraktik"), filled in during preparation, versioned (every
 * save a new version), with a printable page. Its answers are encrypted;
 * what the host may be told is kept apart for the host's view.
 */
#ifndef MESTRING_AGREEMENT_H
#define MESTRING_AGREEMENT_H

#include <stdint.h>

struct db;
struct participant;
struct req;
struct view;

/* Adds the latest version's summary ("agreement_*") to the participant
 * page's view v. 0 or -1. */
int agreement_view_summary(struct req *r, const struct participant *p,
			   struct view *v);

/*
 * What the host may be told: the latest version's answer to "Hvad skal/må
 * virksomheden vide?", only when the citizen consented in that version.
 * 0 with *out (free with secret_free), or with *out NULL when there is no
 * guide or no consent; -1 on error. Reading it is the caller's to audit.
 */
int agreement_host_text(struct db *db, int64_t participant_id, char **out);

int agreement_page(struct req *r);  /* GET  /participants/{id}/agreement */
int agreement_save(struct req *r);  /* POST /participants/{id}/agreement */
int agreement_print(struct req *r); /* GET  .../agreement/print[?version=N] */
int agreement_api_get(struct req *r);
int agreement_api_save(struct req *r);

#endif
