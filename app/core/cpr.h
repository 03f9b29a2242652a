/*
 * cpr: Danish CPR numbers. Validation (a real birth date, with the century
 * read from the seventh digit as the CPR office defines it; the modulus-11
 * check was dropped in 2007 and is not applied), masking for screens, and
 * the birth date for ages. Never log a CPR number.
 */
#ifndef MESTRING_CPR_H
#define MESTRING_CPR_H

#include "date.h"

#include <stddef.h>

#define CPR_DIGITS 10
/* "DDMMYY-xxxx" and its NUL. */
#define CPR_MASKED_LEN 12

/*
 * Reads "DDMMYY-SSSS", "DDMMYY SSSS" or "DDMMYYSSSS" (surrounding blanks
 * ignored, nothing else allowed) into digits (ten digits and a NUL; "" on
 * failure; may be NULL) and *birth (may be NULL). Refuses a date that does
 * not exist or lies after today. 0, or -1 with *error (may be NULL) a
 * Danish sentence for the user.
 */
int cpr_parse(const char *in, char digits[CPR_DIGITS + 1], date_t *birth,
	      const char **error);
/* The full birth year for the six-digit date's YY and the seventh digit
 * (0..9), per the CPR office's table; -1 when either is out of range. */
int cpr_century_year(int yy, int seventh);
/* "010190-xxxx" from ten digits into out ("" if digits are not ten). */
void cpr_mask(const char *digits, char out[CPR_MASKED_LEN]);
/* "010190-1234" from ten digits into out ("" if digits are not ten). */
void cpr_format(const char *digits, char out[CPR_MASKED_LEN]);
/* Whole years of age on day on (29 Feb birthdays count on 1 Mar in
 * common years); negative when on lies before birth. */
int cpr_age(date_t birth, date_t on);

#endif
