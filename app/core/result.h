/*
 * result: what a domain call says. 0 when it did what was asked; a
 * documented refusal otherwise, with a struct form_invalid (form.h) naming
 * the field and saying why in Danish. Pages and API handlers turn these
 * into statuses and messages (http_result); the domain knows no HTTP.
 */
#ifndef MESTRING_RESULT_H
#define MESTRING_RESULT_H

enum result {
	RESULT_OK = 0,
	RESULT_FAILED = -1, /* the database, memory, a bug: logged there */
	RESULT_INVALID = 1, /* the input: the field and why */
	RESULT_REFUSED,	    /* not this actor's to do, and why */
	RESULT_NOT_FOUND,   /* not there, or not for this actor: the same */
	RESULT_CONFLICT,    /* other rows say no (a duplicate, a full cohort) */
};

#endif
