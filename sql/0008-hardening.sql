-- Hardening after the security test (issue 11).
--
-- Reads are kept as one row per user, citizen, kind of read and hour, with
-- how many times and the first and last time: the law's answer (who read
-- whom, when, why) without a row for every page view. `hour` is at / 3600
-- on such rows and NULL on every other row (changes, exports, reveals,
-- logins), which stay one row per event.
ALTER TABLE audit ADD COLUMN hour INTEGER;
ALTER TABLE audit ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN last_at INTEGER;
-- Free text that may hold personal data (the note to a CPR reveal's
-- purpose), sealed like the health fields; never shown to administrators.
ALTER TABLE audit ADD COLUMN note_enc BLOB;

CREATE UNIQUE INDEX audit_read_hour ON audit(hour, actor_id, action,
	subject_type, ifnull(subject_id, 0), detail) WHERE hour IS NOT NULL;

-- Still append-only: the one update allowed counts another read of the
-- same hour on a read row; nothing else of any row ever changes.
DROP TRIGGER audit_append_only_update;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
WHEN OLD.hour IS NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
	OR NEW.actor_id IS NOT OLD.actor_id OR NEW.actor IS NOT OLD.actor
	OR NEW.action IS NOT OLD.action
	OR NEW.subject_type IS NOT OLD.subject_type
	OR NEW.subject_id IS NOT OLD.subject_id
	OR NEW.subject IS NOT OLD.subject OR NEW.purpose IS NOT OLD.purpose
	OR NEW.detail IS NOT OLD.detail OR NEW.client IS NOT OLD.client
	OR NEW.hour IS NOT OLD.hour OR NEW.note_enc IS NOT OLD.note_enc
	OR NEW.count <= OLD.count OR NEW.last_at IS NULL
	OR NEW.last_at < OLD.at
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
