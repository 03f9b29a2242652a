-- Calendar subscriptions: one secret link per subscriber and purpose
-- (a participant's own schedule, an instructor's teaching days, a staff
-- member's talks, a project leader's cohort). The token is 32 random bytes
-- in URL-safe base64; the database keeps a hash to find it and a sealed
-- copy (app/secret.h) so staff can print the handout again. The raw token
-- is never stored in clear and never logged.

CREATE TABLE calendar_subscription (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('participant', 'instructor',
		'staff', 'cohort')),
	-- participant: participant id; instructor and staff: user id;
	-- cohort: cohort id.
	subject_id INTEGER NOT NULL,
	-- The user whose own feed this is (instructor, staff, and the project
	-- leader of a cohort feed, so two leaders of one cohort rotate their
	-- links independently); NULL for a participant's feed, which belongs
	-- to the citizen and is shared out by staff.
	owner_id INTEGER REFERENCES user(id),
	-- Unkeyed BLAKE2b-256 of the token text, like session tokens: the
	-- token carries 256 random bits, so a hash without a key cannot be
	-- reversed or guessed, and the look-up needs no key file.
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	-- The token sealed with the field key, for reprinting the link.
	token_enc BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES user(id),
	revoked_at INTEGER,
	revoked_by INTEGER REFERENCES user(id)
);
-- At most one live link per subscriber and purpose.
CREATE UNIQUE INDEX calendar_subscription_live
	ON calendar_subscription(kind, subject_id, ifnull(owner_id, 0))
	WHERE revoked_at IS NULL;
-- A subscriber's links, live and revoked (was there ever one?).
CREATE INDEX calendar_subscription_subject
	ON calendar_subscription(kind, subject_id);
