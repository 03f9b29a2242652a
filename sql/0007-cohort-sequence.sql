-- A cohort's own iCalendar SEQUENCE: bumped when the whole cohort is
-- cancelled and again when it is restored, and added to every day's
-- sequence in the calendar feeds (calendars/feed.c), so subscribers see
-- both changes as newer than what they have. (Bumping the days themselves
-- would mark generated days as edited, which keeps plan changes from
-- rebuilding them.)
ALTER TABLE cohort ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
