-- Participants ("deltagere"): citizens referred to a cohort, followed from
-- referral to outcome. CPR numbers and health information are stored only
-- encrypted (libsodium secretbox with a key kept outside the database, see
-- app/secret.h): every column ending in _enc holds version || nonce ||
-- ciphertext. A keyed hash of the CPR number finds duplicate referrals.
-- Dates are ISO text; times are Unix seconds.

CREATE TABLE participant (
	id INTEGER PRIMARY KEY,
	cohort_id INTEGER NOT NULL REFERENCES cohort(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	cpr_enc BLOB NOT NULL,
	cpr_hash BLOB NOT NULL CHECK (length(cpr_hash) = 32),
	-- Only the year, for the group's age spread; the birth date is part
	-- of the CPR number and stays inside cpr_enc.
	birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 1858 AND 2057),
	phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
	email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
	address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 300),
	caseworker_id INTEGER NOT NULL REFERENCES user(id),
	mentor_id INTEGER REFERENCES user(id),
	-- JSON: barriers, substance-abuse treatment, the target-group
	-- criteria answered, the reason for referral and the citizen's wishes.
	health_enc BLOB NOT NULL,
	status TEXT NOT NULL DEFAULT 'referred' CHECK (status IN ('referred',
		'admitted', 'waiting', 'not_admitted', 'started', 're_referred',
		'dropped_out', 'completed')),
	referred_on TEXT NOT NULL,
	visitation_on TEXT,
	visitation_by INTEGER REFERENCES user(id),
	-- JSON: the visitation talk's notes and a refusal's reason.
	visitation_enc BLOB,
	started_on TEXT,
	ended_on TEXT,
	created_by INTEGER REFERENCES user(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX participant_cohort ON participant(cohort_id, status);
CREATE INDEX participant_cpr ON participant(cpr_hash);
CREATE INDEX participant_caseworker ON participant(caseworker_id, status);
CREATE INDEX participant_mentor ON participant(mentor_id);
CREATE INDEX participant_name ON participant(name COLLATE NOCASE);

-- Every status change, oldest first: the participant's timeline.
CREATE TABLE participant_status (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	date TEXT NOT NULL,
	from_status TEXT NOT NULL DEFAULT '',
	to_status TEXT NOT NULL,
	reason_enc BLOB,
	-- Who took part in a re-referral dialogue: a comma-separated subset
	-- of citizen, instructor, caseworker, host.
	dialogue TEXT NOT NULL DEFAULT '' CHECK (length(dialogue) <= 100),
	actor_id INTEGER,
	actor TEXT NOT NULL
);
CREATE INDEX participant_status_participant
	ON participant_status(participant_id, id);

-- Preparation talks with the caseworker, instructor, enterprise
-- consultant or mentor: planned, then held (with notes) or cancelled.
CREATE TABLE prep_talk (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('caseworker', 'instructor',
		'consultant', 'mentor')),
	staff_id INTEGER REFERENCES user(id),
	date TEXT NOT NULL,
	start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
	place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
	notes_enc BLOB,
	status TEXT NOT NULL DEFAULT 'planned'
		CHECK (status IN ('planned', 'held', 'cancelled')),
	-- Bumped on every change: the iCalendar SEQUENCE of the talk.
	sequence INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX prep_talk_participant ON prep_talk(participant_id, date);
CREATE INDEX prep_talk_staff ON prep_talk(staff_id, date);

-- The internship agreement guide ("aftaleguide"); every save is a new
-- version and old versions stay readable.
CREATE TABLE agreement (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	version INTEGER NOT NULL CHECK (version >= 1),
	-- JSON of the guide's answers, including what the host may be told.
	content_enc BLOB NOT NULL,
	citizen_consent INTEGER NOT NULL CHECK (citizen_consent IN (0, 1)),
	citizen_signed_on TEXT,
	consultant_id INTEGER REFERENCES user(id),
	consultant_signed_on TEXT,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (participant_id, version)
);

-- Aftercare ("efterværn") by need: level 1 continued internship and
-- mentor, 2 internship or mentor, 3 other activities.
CREATE TABLE aftercare (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	level INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
	start_on TEXT NOT NULL,
	end_on TEXT CHECK (end_on IS NULL OR end_on >= start_on),
	with_mentor INTEGER NOT NULL DEFAULT 0 CHECK (with_mentor IN (0, 1)),
	notes_enc BLOB,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX aftercare_participant ON aftercare(participant_id, start_on);

-- Outcomes at course end and six months later; one of each.
CREATE TABLE outcome (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	timing TEXT NOT NULL CHECK (timing IN ('end', 'six_months')),
	kind TEXT NOT NULL CHECK (kind IN ('job', 'education',
		'extended_internship', 'other')),
	hours_per_week INTEGER CHECK (hours_per_week BETWEEN 1 AND 60),
	other_kind TEXT CHECK (other_kind IN ('upskilling', 'clarification',
		'none')),
	note_enc BLOB,
	recorded_on TEXT NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (participant_id, timing),
	CHECK ((kind = 'job') = (hours_per_week IS NOT NULL)),
	CHECK ((kind = 'other') = (other_kind IS NOT NULL))
);

-- The outcome report's numbers per cohort (app/report.c), kept by the
-- triggers below so the report reads one row per cohort instead of
-- counting every participant and outcome on each request.
CREATE TABLE report_count (
	cohort_id INTEGER PRIMARY KEY REFERENCES cohort(id) ON DELETE CASCADE,
	referred INTEGER NOT NULL DEFAULT 0,
	started INTEGER NOT NULL DEFAULT 0,
	completed INTEGER NOT NULL DEFAULT 0,
	job INTEGER NOT NULL DEFAULT 0,
	education INTEGER NOT NULL DEFAULT 0,
	extended_internship INTEGER NOT NULL DEFAULT 0,
	other INTEGER NOT NULL DEFAULT 0,
	job_6m INTEGER NOT NULL DEFAULT 0,
	education_6m INTEGER NOT NULL DEFAULT 0,
	extended_internship_6m INTEGER NOT NULL DEFAULT 0,
	other_6m INTEGER NOT NULL DEFAULT 0
);

-- A participant stays on the cohort they were referred to (a new cohort
-- is a new referral), which keeps the counts simple.
CREATE TRIGGER participant_cohort_fixed BEFORE UPDATE OF cohort_id
ON participant WHEN NEW.cohort_id != OLD.cohort_id
BEGIN
	SELECT RAISE(ABORT, 'a participant stays on their cohort');
END;

CREATE TRIGGER report_participant_insert AFTER INSERT ON participant
BEGIN
	INSERT OR IGNORE INTO report_count (cohort_id) VALUES (NEW.cohort_id);
	UPDATE report_count SET referred = referred + 1,
		started = started + (NEW.started_on IS NOT NULL),
		completed = completed + (NEW.status = 'completed')
	WHERE cohort_id = NEW.cohort_id;
END;

CREATE TRIGGER report_participant_update AFTER UPDATE OF status, started_on
ON participant
BEGIN
	UPDATE report_count SET
		started = started - (OLD.started_on IS NOT NULL)
			+ (NEW.started_on IS NOT NULL),
		completed = completed - (OLD.status = 'completed')
			+ (NEW.status = 'completed')
	WHERE cohort_id = NEW.cohort_id;
END;

-- Outcomes go first, while the participant still names the cohort.
CREATE TRIGGER report_participant_delete BEFORE DELETE ON participant
BEGIN
	DELETE FROM outcome WHERE participant_id = OLD.id;
	UPDATE report_count SET referred = referred - 1,
		started = started - (OLD.started_on IS NOT NULL),
		completed = completed - (OLD.status = 'completed')
	WHERE cohort_id = OLD.cohort_id;
END;

CREATE TRIGGER report_outcome_insert AFTER INSERT ON outcome
BEGIN
	UPDATE report_count SET
		job = job + (NEW.timing = 'end' AND NEW.kind = 'job'),
		education = education + (NEW.timing = 'end' AND NEW.kind = 'education'),
		extended_internship = extended_internship + (NEW.timing = 'end' AND NEW.kind = 'extended_internship'),
		other = other + (NEW.timing = 'end' AND NEW.kind = 'other'),
		job_6m = job_6m + (NEW.timing = 'six_months' AND NEW.kind = 'job'),
		education_6m = education_6m + (NEW.timing = 'six_months' AND NEW.kind = 'education'),
		extended_internship_6m = extended_internship_6m + (NEW.timing = 'six_months' AND NEW.kind = 'extended_internship'),
		other_6m = other_6m + (NEW.timing = 'six_months' AND NEW.kind = 'other')
	WHERE cohort_id = (SELECT cohort_id FROM participant
		WHERE id = NEW.participant_id);
END;

CREATE TRIGGER report_outcome_delete AFTER DELETE ON outcome
BEGIN
	UPDATE report_count SET
		job = job - (OLD.timing = 'end' AND OLD.kind = 'job'),
		education = education - (OLD.timing = 'end' AND OLD.kind = 'education'),
		extended_internship = extended_internship - (OLD.timing = 'end' AND OLD.kind = 'extended_internship'),
		other = other - (OLD.timing = 'end' AND OLD.kind = 'other'),
		job_6m = job_6m - (OLD.timing = 'six_months' AND OLD.kind = 'job'),
		education_6m = education_6m - (OLD.timing = 'six_months' AND OLD.kind = 'education'),
		extended_internship_6m = extended_internship_6m - (OLD.timing = 'six_months' AND OLD.kind = 'extended_internship'),
		other_6m = other_6m - (OLD.timing = 'six_months' AND OLD.kind = 'other')
	WHERE cohort_id = (SELECT cohort_id FROM participant
		WHERE id = OLD.participant_id);
END;

CREATE TRIGGER report_outcome_update AFTER UPDATE OF participant_id, timing,
kind ON outcome
BEGIN
	UPDATE report_count SET
		job = job - (OLD.timing = 'end' AND OLD.kind = 'job'),
		education = education - (OLD.timing = 'end' AND OLD.kind = 'education'),
		extended_internship = extended_internship - (OLD.timing = 'end' AND OLD.kind = 'extended_internship'),
		other = other - (OLD.timing = 'end' AND OLD.kind = 'other'),
		job_6m = job_6m - (OLD.timing = 'six_months' AND OLD.kind = 'job'),
		education_6m = education_6m - (OLD.timing = 'six_months' AND OLD.kind = 'education'),
		extended_internship_6m = extended_internship_6m - (OLD.timing = 'six_months' AND OLD.kind = 'extended_internship'),
		other_6m = other_6m - (OLD.timing = 'six_months' AND OLD.kind = 'other')
	WHERE cohort_id = (SELECT cohort_id FROM participant
		WHERE id = OLD.participant_id);
	UPDATE report_count SET
		job = job + (NEW.timing = 'end' AND NEW.kind = 'job'),
		education = education + (NEW.timing = 'end' AND NEW.kind = 'education'),
		extended_internship = extended_internship + (NEW.timing = 'end' AND NEW.kind = 'extended_internship'),
		other = other + (NEW.timing = 'end' AND NEW.kind = 'other'),
		job_6m = job_6m + (NEW.timing = 'six_months' AND NEW.kind = 'job'),
		education_6m = education_6m + (NEW.timing = 'six_months' AND NEW.kind = 'education'),
		extended_internship_6m = extended_internship_6m + (NEW.timing = 'six_months' AND NEW.kind = 'extended_internship'),
		other_6m = other_6m + (NEW.timing = 'six_months' AND NEW.kind = 'other')
	WHERE cohort_id = (SELECT cohort_id FROM participant
		WHERE id = NEW.participant_id);
END;
