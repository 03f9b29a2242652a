-- The internship (issue 13): the rules' numbers as dated data, host
-- companies and their contact persons, internships with their status
-- timeline, step-up plans week by week, the hosts' links, their weekly
-- feedback and the days they report, and the per-item consent of the
-- agreement guide that decides what a host may see.

-- The numbers of Danish rules, as data with the day each holds from (a
-- rule holds until the next row of its key), so a change of law is a new
-- row, never code. The source names where it comes from in words; the
-- employment act is being renumbered, so no code depends on a section.
CREATE TABLE rule (
	key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
	valid_from TEXT NOT NULL,
	value REAL NOT NULL,
	source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 400),
	created_at INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES user(id),
	PRIMARY KEY (key, valid_from)
) WITHOUT ROWID;

INSERT INTO rule (key, valid_from, value, source) VALUES
	('internship.week_hours_max', '2019-01-01', 37,
	 'Lov om en aktiv beskæftigelsesindsats: virksomhedspraktik højst 37 timer om ugen'),
	('internship.weeks', '2019-01-01', 13,
	 'Lov om en aktiv beskæftigelsesindsats: op til 13 uger for aktivitetsparate'),
	('internship.weeks_extended', '2019-01-01', 26,
	 'Lov om en aktiv beskæftigelsesindsats: forlængelse til 26 uger efter en konkret vurdering'),
	('host_cap.employees_per_intern', '2019-01-01', 5,
	 'Bekendtgørelse om en aktiv beskæftigelsesindsats: én praktikant pr. fem ordinært ansatte'),
	('host_cap.small_upto', '2019-01-01', 50,
	 'Bekendtgørelse om en aktiv beskæftigelsesindsats: for de første 50 ansatte'),
	('host_cap.employees_per_intern_beyond', '2019-01-01', 10,
	 'Bekendtgørelse om en aktiv beskæftigelsesindsats: én pr. ti ansatte derudover'),
	('host_link.days_after_end', '2019-01-01', 30,
	 'Værtens link udløber 30 dage efter praktikkens slut');

-- A host company, kept by the organisation that registered it (a job
-- centre or a provider, whoever makes internship agreements).
CREATE TABLE company (
	id INTEGER PRIMARY KEY,
	organisation_id INTEGER NOT NULL REFERENCES organisation(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 800),
	cvr TEXT NOT NULL CHECK (length(cvr) = 8),
	address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 1200),
	-- Ordinary employees (full-time equivalents), for the host cap.
	employees INTEGER NOT NULL CHECK (employees BETWEEN 0 AND 1000000),
	-- The day the employer's written statement on the cap was received.
	cap_statement_on TEXT,
	created_by INTEGER REFERENCES user(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX company_cvr ON company(organisation_id, cvr);
CREATE INDEX company_name ON company(name COLLATE NOCASE);

-- The company's contact persons: supervisors, who get the host's link.
CREATE TABLE company_contact (
	id INTEGER PRIMARY KEY,
	company_id INTEGER NOT NULL REFERENCES company(id) ON DELETE CASCADE,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 800),
	role TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 800),
	email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
	phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX company_contact_company ON company_contact(company_id);

-- A participant's internship. A renewal or extension is a new row linked
-- to the one it continues (previous_id).
CREATE TABLE internship (
	id INTEGER PRIMARY KEY,
	participant_id INTEGER NOT NULL
		REFERENCES participant(id) ON DELETE CASCADE,
	company_id INTEGER NOT NULL REFERENCES company(id),
	contact_id INTEGER REFERENCES company_contact(id),
	previous_id INTEGER REFERENCES internship(id),
	workplace_address TEXT NOT NULL DEFAULT ''
		CHECK (length(workplace_address) <= 1200),
	-- Sealed JSON: purpose, tasks, and the stated special need that
	-- lets it run past the extended maximum.
	content_enc BLOB,
	start_on TEXT NOT NULL,
	end_on TEXT NOT NULL CHECK (end_on >= start_on),
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned',
		'trial', 'running', 'postponed', 'extended', 'ended',
		'ended_early')),
	-- Who ended it early: the citizen, the host or the course.
	ended_by TEXT CHECK (ended_by IS NULL OR ended_by IN ('citizen',
		'host', 'course')),
	-- The cohort's weekly teaching day (1 Monday .. 5 Friday) when the
	-- internship was made: never hours in the plan on that day.
	teaching_weekday INTEGER NOT NULL CHECK (teaching_weekday BETWEEN 1
		AND 5),
	-- The iCalendar SEQUENCE of its events, moved by every change.
	sequence INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES user(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX internship_participant ON internship(participant_id);
CREATE INDEX internship_company ON internship(company_id, start_on);
CREATE INDEX internship_dates ON internship(status, start_on, end_on);

-- The status timeline, oldest first; the host can stop an internship, so
-- the actor is a member of staff or a contact person.
CREATE TABLE internship_status (
	id INTEGER PRIMARY KEY,
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	on_date TEXT NOT NULL,
	reason_enc BLOB,
	actor_id INTEGER REFERENCES user(id),
	contact_id INTEGER REFERENCES company_contact(id),
	actor TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX internship_status_internship
	ON internship_status(internship_id, id);

-- The step-up plan ("optrapningsplan"): minutes per weekday of each week
-- of the internship (week 1 is the week of start_on; monday its Monday),
-- the six dimensions of the "mixerpult" turned up (1), held (0) or down
-- (-1), and the week's status meeting.
CREATE TABLE internship_week (
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 104),
	monday TEXT NOT NULL,
	mon INTEGER NOT NULL DEFAULT 0 CHECK (mon BETWEEN 0 AND 1440),
	tue INTEGER NOT NULL DEFAULT 0 CHECK (tue BETWEEN 0 AND 1440),
	wed INTEGER NOT NULL DEFAULT 0 CHECK (wed BETWEEN 0 AND 1440),
	thu INTEGER NOT NULL DEFAULT 0 CHECK (thu BETWEEN 0 AND 1440),
	fri INTEGER NOT NULL DEFAULT 0 CHECK (fri BETWEEN 0 AND 1440),
	dim_hours INTEGER NOT NULL DEFAULT 0 CHECK (dim_hours BETWEEN -1 AND 1),
	dim_setting INTEGER NOT NULL DEFAULT 0
		CHECK (dim_setting BETWEEN -1 AND 1),
	dim_tasks INTEGER NOT NULL DEFAULT 0 CHECK (dim_tasks BETWEEN -1 AND 1),
	dim_responsibility INTEGER NOT NULL DEFAULT 0
		CHECK (dim_responsibility BETWEEN -1 AND 1),
	dim_predictability INTEGER NOT NULL DEFAULT 0
		CHECK (dim_predictability BETWEEN -1 AND 1),
	dim_intensity INTEGER NOT NULL DEFAULT 0
		CHECK (dim_intensity BETWEEN -1 AND 1),
	meeting_on TEXT,
	meeting_min INTEGER CHECK (meeting_min IS NULL OR meeting_min BETWEEN
		0 AND 1439),
	meeting_who TEXT NOT NULL DEFAULT '' CHECK (length(meeting_who) <= 800),
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (internship_id, week)
) WITHOUT ROWID;

-- Every change of a week's plan: what it was, who changed it and why
-- (reduced hours are kept with who and why).
CREATE TABLE internship_week_change (
	id INTEGER PRIMARY KEY,
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	week INTEGER NOT NULL,
	version INTEGER NOT NULL,
	-- The minutes Monday to Friday before the change, "m,t,w,t,f".
	minutes TEXT NOT NULL,
	reason_enc BLOB,
	actor_id INTEGER REFERENCES user(id),
	actor TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX internship_week_change_week
	ON internship_week_change(internship_id, week, version);

-- A contact person's link to an internship: no account, one link per
-- person (so it is known who wrote what). 256-bit token, stored as an
-- unkeyed BLAKE2b hash plus a sealed copy for sending it again.
CREATE TABLE host_link (
	id INTEGER PRIMARY KEY,
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	contact_id INTEGER NOT NULL REFERENCES company_contact(id),
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	token_enc BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES user(id),
	revoked_at INTEGER,
	revoked_by INTEGER REFERENCES user(id)
);
CREATE UNIQUE INDEX host_link_live ON host_link(internship_id, contact_id)
	WHERE revoked_at IS NULL;

-- The host's weekly feedback: how the week went (1 to 5 and a short
-- text), which of the consented alarm signals were seen, and "please call
-- me". One per internship and week; the contact who last wrote it.
CREATE TABLE host_feedback (
	id INTEGER PRIMARY KEY,
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 104),
	contact_id INTEGER NOT NULL REFERENCES company_contact(id),
	link_id INTEGER NOT NULL REFERENCES host_link(id),
	rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
	text_enc BLOB,
	-- Sealed JSON list of the alarm signals seen (their texts as the
	-- host was shown them).
	alarms_enc BLOB,
	alarm INTEGER NOT NULL DEFAULT 0 CHECK (alarm IN (0, 1)),
	call_me INTEGER NOT NULL DEFAULT 0 CHECK (call_me IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (internship_id, week)
);

-- The days a host reports, which count in the participant's attendance
-- as internship days (and in the transport allowance).
CREATE TABLE host_day (
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	date TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('as_planned', 'fewer_hours',
		'sick', 'absent')),
	planned_min INTEGER NOT NULL CHECK (planned_min BETWEEN 0 AND 1440),
	worked_min INTEGER NOT NULL CHECK (worked_min BETWEEN 0 AND 1440),
	feedback_id INTEGER NOT NULL REFERENCES host_feedback(id),
	PRIMARY KEY (internship_id, date)
) WITHOUT ROWID;

-- Reminders sent to a host for a week without feedback, so each goes once:
-- on the week's last internship day, two working days later, then to the
-- consultant.
CREATE TABLE host_reminder (
	internship_id INTEGER NOT NULL
		REFERENCES internship(id) ON DELETE CASCADE,
	week INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('first', 'second', 'consultant')),
	sent_at INTEGER NOT NULL,
	PRIMARY KEY (internship_id, week, kind)
) WITHOUT ROWID;

-- The agreement guide's consent, item by item: what the host may see.
-- The citizen's consent of a version so far covered "what the company may
-- be told"; support needs and alarm signals were never shared.
ALTER TABLE agreement ADD COLUMN share_support INTEGER NOT NULL DEFAULT 0
	CHECK (share_support IN (0, 1));
ALTER TABLE agreement ADD COLUMN share_alarms INTEGER NOT NULL DEFAULT 0
	CHECK (share_alarms IN (0, 1));
ALTER TABLE agreement ADD COLUMN share_company INTEGER NOT NULL DEFAULT 0
	CHECK (share_company IN (0, 1));
UPDATE agreement SET share_company = citizen_consent;

-- The employer's feed of an internship joins the calendar links: the
-- table is made again with the new kind (SQLite cannot change a CHECK).
CREATE TABLE calendar_subscription_new (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('participant', 'instructor',
		'staff', 'cohort', 'employer')),
	-- participant: participant id; instructor and staff: user id;
	-- cohort: cohort id; employer: internship id.
	subject_id INTEGER NOT NULL,
	owner_id INTEGER REFERENCES user(id),
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	token_enc BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES user(id),
	revoked_at INTEGER,
	revoked_by INTEGER REFERENCES user(id)
);
INSERT INTO calendar_subscription_new SELECT * FROM calendar_subscription;
DROP TABLE calendar_subscription;
ALTER TABLE calendar_subscription_new RENAME TO calendar_subscription;
CREATE UNIQUE INDEX calendar_subscription_live
	ON calendar_subscription(kind, subject_id, ifnull(owner_id, 0))
	WHERE revoked_at IS NULL;
CREATE INDEX calendar_subscription_subject
	ON calendar_subscription(kind, subject_id);
