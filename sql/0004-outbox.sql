-- The mail outbox: every e-mail the program sends is first a row here,
-- written in the same transaction as the change that caused it, and sent
-- by app/outbox.c over SMTP with retries. A failed send never loses the
-- message: the row stays until the server takes it. Mails carry no names,
-- CPR numbers or health information, only a link (see docs/security.md).

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
	subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
	-- What caused it, for the admin's list: 'absence', 'day_change', ...
	kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	-- When to try next (Unix seconds); backoff grows with attempts.
	next_at INTEGER NOT NULL,
	sent_at INTEGER,
	last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 500)
);
CREATE INDEX outbox_due ON outbox(next_at) WHERE sent_at IS NULL;
