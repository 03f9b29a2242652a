-- Organisations, staff users, sessions and the append-only audit log.
-- Times are Unix seconds (UTC).

CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE
		CHECK (length(name) BETWEEN 1 AND 200),
	kind TEXT NOT NULL
		CHECK (kind IN ('job_centre', 'provider', 'psychiatry')),
	created_at INTEGER NOT NULL
);

CREATE TABLE user (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE
		CHECK (length(email) BETWEEN 3 AND 254),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	role TEXT NOT NULL CHECK (role IN ('admin', 'project_leader',
		'caseworker', 'consultant', 'instructor', 'mentor')),
	organisation_id INTEGER NOT NULL REFERENCES organisation(id),
	password_hash TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);
CREATE INDEX user_organisation ON user(organisation_id);

-- Only a hash of the session token is stored; the token lives in the cookie.
CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	seen_at INTEGER NOT NULL,
	confirmed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX session_user ON session(user_id);

-- Who did what to whom, when and why. Append-only: the triggers refuse
-- every UPDATE and DELETE, whatever code path tries.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	subject_type TEXT NOT NULL DEFAULT '',
	subject_id INTEGER,
	subject TEXT NOT NULL DEFAULT '',
	purpose TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor_id, at);
CREATE INDEX audit_subject ON audit(subject_type, subject_id, at);

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
