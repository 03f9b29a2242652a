-- The follow-up of the hosts' feedback (issue 13): each signal a host
-- gives (absence without notice, an alarm signal seen, "please call me",
-- a stop) is told to the citizen's consultant, caseworker and mentor once,
-- and stays on the consultant's start page until someone who follows the
-- citizen marks it seen.
CREATE TABLE host_alert (
	id INTEGER PRIMARY KEY,
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	-- The plan's week of the feedback (of the stop's day for a stop).
	week INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('absent', 'alarm', 'call_me',
		'stop')),
	-- When the mails were queued (the same run that made the row).
	created_at INTEGER NOT NULL,
	seen_at INTEGER,
	seen_by INTEGER REFERENCES user(id),
	UNIQUE (internship_id, week, kind)
);
CREATE INDEX host_alert_unseen ON host_alert(internship_id)
	WHERE seen_at IS NULL;

-- The follow-up job looks for feedback written in the last days.
CREATE INDEX host_feedback_updated ON host_feedback(updated_at);
