-- Attendance: one mark per participant and course day, every correction
-- kept as history; absence announced ahead; when a day's attendance was
-- taken; and the cohort's follow-up triggers. Notes and comments can say
-- why someone was away (health), so they are sealed like other health
-- fields (app/secret.h).

-- Flag a participant after this many absences without notice in a row...
ALTER TABLE cohort ADD COLUMN absence_streak INTEGER NOT NULL DEFAULT 2
	CHECK (absence_streak BETWEEN 1 AND 20);
-- ...or when attendance over the last two weeks falls under this percent.
ALTER TABLE cohort ADD COLUMN attendance_floor INTEGER NOT NULL DEFAULT 75
	CHECK (attendance_floor BETWEEN 1 AND 100);

CREATE TABLE attendance (
	day_id INTEGER NOT NULL REFERENCES course_day(id) ON DELETE CASCADE,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('present', 'late', 'left_early',
		'announced', 'sick', 'absent')),
	-- Late or left early by this many minutes; 0 for the others.
	minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
	note_enc BLOB,
	-- 1 for the first mark, +1 for each correction.
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	at INTEGER NOT NULL,
	actor_id INTEGER REFERENCES user(id),
	PRIMARY KEY (day_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX attendance_participant ON attendance(participant_id, day_id);

-- What a mark was before each correction, oldest first.
CREATE TABLE attendance_change (
	id INTEGER PRIMARY KEY,
	day_id INTEGER NOT NULL,
	participant_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	status TEXT NOT NULL,
	minutes INTEGER NOT NULL,
	note_enc BLOB,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	-- Who corrected it, and when.
	changed_at INTEGER NOT NULL,
	changed_by INTEGER,
	FOREIGN KEY (day_id, participant_id)
		REFERENCES attendance(day_id, participant_id) ON DELETE CASCADE
);
CREATE INDEX attendance_change_mark
	ON attendance_change(day_id, participant_id, id);

-- A day whose attendance has been saved (even if everyone there was not
-- enrolled): "attendance not taken" is a past day without this row.
CREATE TABLE attendance_taken (
	day_id INTEGER PRIMARY KEY REFERENCES course_day(id) ON DELETE CASCADE,
	first_at INTEGER NOT NULL,
	last_at INTEGER NOT NULL,
	actor_id INTEGER REFERENCES user(id)
);

-- Absence announced ahead, for one day or a span of days.
CREATE TABLE absence_notice (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	first_date TEXT NOT NULL,
	last_date TEXT NOT NULL CHECK (last_date >= first_date),
	comment_enc BLOB,
	created_at INTEGER NOT NULL,
	actor_id INTEGER REFERENCES user(id),
	actor TEXT NOT NULL,
	withdrawn_at INTEGER,
	withdrawn_by INTEGER REFERENCES user(id)
);
CREATE INDEX absence_notice_participant
	ON absence_notice(participant_id, first_date);

-- Participants the triggers flag, kept up to date whenever a day is
-- saved, for the start pages: reason 'streak' (absences without notice in
-- a row) or 'rate' (attendance over the last two weeks under the floor).
CREATE TABLE attendance_flag (
	participant_id INTEGER PRIMARY KEY
		REFERENCES participant(id) ON DELETE CASCADE,
	cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
	reason TEXT NOT NULL CHECK (reason IN ('streak', 'rate')),
	streak INTEGER NOT NULL,
	rate INTEGER NOT NULL CHECK (rate BETWEEN 0 AND 100),
	since INTEGER NOT NULL
);
CREATE INDEX attendance_flag_cohort ON attendance_flag(cohort_id);
