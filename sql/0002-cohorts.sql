-- Cohorts ("hold"), their staff and target group, closure days, and the
-- course days derived from the plan, with each day's change history.
-- Dates are ISO text (YYYY-MM-DD, Copenhagen calendar days); times of day
-- are minutes after midnight. Derived dates (prep_start ... aftercare_start)
-- are stored only so lists can filter by them; they are recomputed from the
-- plan on every change and never typed.

CREATE TABLE cohort (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	job_centre_id INTEGER NOT NULL REFERENCES organisation(id),
	provider_id INTEGER NOT NULL REFERENCES organisation(id),
	org_model INTEGER NOT NULL CHECK (org_model IN (1, 2, 3)),
	venue_name TEXT NOT NULL CHECK (length(venue_name) BETWEEN 1 AND 200),
	venue_address TEXT NOT NULL
		CHECK (length(venue_address) BETWEEN 1 AND 300),
	first_teaching_day TEXT NOT NULL,
	prep_weeks INTEGER NOT NULL CHECK (prep_weeks BETWEEN 1 AND 4),
	teaching_weeks INTEGER NOT NULL CHECK (teaching_weeks BETWEEN 2 AND 4),
	teaching_weekdays INTEGER NOT NULL
		CHECK (teaching_weekdays BETWEEN 1 AND 31),
	start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
	internship_weeks INTEGER NOT NULL
		CHECK (internship_weeks BETWEEN 1 AND 52),
	weekly_teaching_weekday INTEGER NOT NULL
		CHECK (weekly_teaching_weekday BETWEEN 1 AND 5),
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 8 AND 16),
	-- What the project leader decided; running and finished follow from
	-- the dates once referral is open (see cohort.c).
	state TEXT NOT NULL DEFAULT 'planning'
		CHECK (state IN ('planning', 'referral_open', 'cancelled')),
	cancel_reason TEXT NOT NULL DEFAULT '',
	referral_start TEXT NOT NULL,
	prep_start TEXT NOT NULL,
	teaching_end TEXT NOT NULL,
	internship_start TEXT NOT NULL,
	internship_end TEXT NOT NULL,
	aftercare_start TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX cohort_job_centre ON cohort(job_centre_id);
CREATE INDEX cohort_provider ON cohort(provider_id);

-- The target-group description, as an ordered list of criteria.
CREATE TABLE cohort_criterion (
	id INTEGER PRIMARY KEY,
	cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
	UNIQUE (cohort_id, position)
);

CREATE TABLE cohort_staff (
	cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user(id),
	role TEXT NOT NULL CHECK (role IN ('project_leader', 'instructor',
		'consultant', 'mentor')),
	PRIMARY KEY (cohort_id, user_id, role)
);
CREATE INDEX cohort_staff_user ON cohort_staff(user_id, role);

CREATE TABLE closure_day (
	id INTEGER PRIMARY KEY,
	cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
	date TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
	source TEXT NOT NULL CHECK (source IN ('manual', 'import')),
	created_at INTEGER NOT NULL,
	UNIQUE (cohort_id, date)
);

CREATE TABLE course_day (
	id INTEGER PRIMARY KEY,
	cohort_id INTEGER NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
	date TEXT NOT NULL,
	start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
	kind TEXT NOT NULL CHECK (kind IN ('teaching', 'weekly_teaching',
		'company_visit', 'physical_training', 'nutrition', 'other')),
	status TEXT NOT NULL DEFAULT 'planned'
		CHECK (status IN ('planned', 'moved', 'cancelled')),
	title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
	cancel_reason TEXT NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 500),
	-- 1 for days the plan made; a plan change rebuilds those still unedited.
	generated INTEGER NOT NULL CHECK (generated IN (0, 1)),
	-- Bumped on every change: the iCalendar SEQUENCE of the day.
	sequence INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX course_day_cohort ON course_day(cohort_id, date);
CREATE INDEX course_day_date ON course_day(date);

-- Every change to a course day, oldest first.
CREATE TABLE course_day_change (
	id INTEGER PRIMARY KEY,
	day_id INTEGER NOT NULL REFERENCES course_day(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	change TEXT NOT NULL CHECK (change IN ('created', 'moved', 'retimed',
		'edited', 'cancelled', 'restored')),
	old_date TEXT, old_start INTEGER, old_end INTEGER,
	new_date TEXT, new_start INTEGER, new_end INTEGER,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX course_day_change_day ON course_day_change(day_id, id);
