#!/usr/bin/python3
"""The driver of scripts/crash: runs of start, concurrent acknowledged writes
of several kinds through the JSON API, SIGKILL at a random moment, restart;
after each restart every write the server answered 2xx must be in the
database, and SQLite's integrity and foreign-key checks must be clean.

Debian's /usr/bin/python3 with the standard library only. scripts/crash
builds the binary and makes the demo database; this takes them as arguments:

    crash.py --bin build/mestring --db FILE --password PW [--runs N]
             [--seconds-max S] [--seed N] [--summary FILE]

Each kind of write is one class below with what it sends and how it is
checked: an insert is found again by the id the server returned (or its
session token), an update by its key holding the last value acknowledged,
or a value sent after it that was still in flight at the kill (the server
may have committed a write it never got to answer).
"""

import argparse
import collections
import datetime
import hashlib
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

SESSION_COOKIE = "mestring_session"
LEADER = "projektleder@demo.invalid"
CASEWORKER = "sagsbehandler@demo.invalid"
INSTRUCTOR = "underviser@demo.invalid"
ACCOUNTS = (
    "admin@demo.invalid",
    LEADER,
    CASEWORKER,
    "virksomhedskonsulent@demo.invalid",
    INSTRUCTOR,
    "mentor@demo.invalid",
)
# Long enough for a login's password hash on a loaded two-core machine;
# a killed server answers at once with a reset or a refused connection.
HTTP_TIMEOUT = 30
START_TIMEOUT = 30


class Unanswered(Exception):
    """The request got no complete answer: it may or may not have been
    written."""


class NotSent(Exception):
    """No connection (the server is down): nothing was sent."""


# ---- the server ------------------------------------------------------------


class Server:
    """One `mestring serve` on a loopback port, stdout to a file (so a full
    pipe can never block it) and stderr (the access log) appended to
    another."""

    def __init__(self, binary, db, workdir):
        self.binary, self.db, self.workdir = binary, db, workdir
        self.proc = None
        self.port = None
        self.starts = 0

    def start(self):
        self.starts += 1
        out_path = os.path.join(self.workdir, "serve.out")
        self.stderr_path = os.path.join(self.workdir,
                                        "serve-%03d.log" % self.starts)
        with open(out_path, "w") as out, open(self.stderr_path, "a") as err:
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--db", self.db, "--listen",
                 "127.0.0.1:0"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        deadline = time.monotonic() + START_TIMEOUT
        prefix = "mestring: listening on http://127.0.0.1:"
        while True:
            with open(out_path) as out:
                for line in out:
                    if line.startswith(prefix):
                        self.port = int(line[len(prefix):].strip())
                        return
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited with status %d at "
                                   "start (log: %s)" %
                                   (self.proc.returncode, self.stderr_path))
            if time.monotonic() > deadline:
                raise RuntimeError("the server printed no address in %d s" %
                                   START_TIMEOUT)
            time.sleep(0.002)

    def kill(self):
        """SIGKILL, and reap it."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self):
        """SIGTERM, as an operator stops it; its exit status."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "no exit 30 s after SIGTERM"
        self.proc = None
        return rc

    def ensure_dead(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


# ---- the API ---------------------------------------------------------------


class Session:
    def __init__(self, email, token, csrf, user_id):
        self.email, self.token, self.csrf, self.user_id = (email, token, csrf,
                                                           user_id)


def call(port, method, path, body=None, session=None):
    """One request on a fresh connection: (status, parsed JSON or None,
    headers). Raises NotSent when there was no connection, Unanswered
    when no complete answer came to a request sent."""
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if session is not None:
        headers["Cookie"] = "%s=%s" % (SESSION_COOKIE, session.token)
        headers["X-CSRF-Token"] = session.csrf
    conn = http.client.HTTPConnection("127.0.0.1", port,
                                      timeout=HTTP_TIMEOUT)
    try:
        conn.connect()
    except OSError as e:
        conn.close()
        raise NotSent(str(e)) from e
    try:
        conn.request(method, path, data, headers)
        resp = conn.getresponse()
        raw = resp.read()
        status, got = resp.status, resp.getheaders()
    except (OSError, http.client.HTTPException) as e:
        raise Unanswered(str(e)) from e
    finally:
        conn.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, parsed, got


def login(port, email, password):
    """(status, Session or None)."""
    status, j, headers = call(port, "POST", "/api/v1/session",
                              {"email": email, "password": password})
    if status != 200:
        return status, None
    token = None
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith(SESSION_COOKIE +
                                                             "="):
            token = value.split(";", 1)[0].split("=", 1)[1]
    if token is None or not j or "csrf" not in j:
        raise RuntimeError("login answered 200 without a session cookie")
    return status, Session(email, token, j["csrf"], j["user"]["id"])


def must_login(port, email, password):
    status, s = login(port, email, password)
    if s is None:
        raise RuntimeError("%s could not log in (%d)" % (email, status))
    return s


# ---- what was written ------------------------------------------------------


class Ledger:
    """Every write sent, answered or not, shared by the writer threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = collections.Counter()  # kind -> acknowledged (all runs)
        self.run_acked = collections.Counter()
        self.refused = collections.Counter()  # (kind, status)
        self.unanswered = collections.Counter()
        self.lost = collections.Counter()
        self.inserts = []  # (kind, key, expected) still to be checked
        # Updates: key -> [kind, last acknowledged value or None, values
        # sent after it without an answer].
        self.updates = {}
        self.reads = collections.Counter()  # participant id -> reads acked
        self.participants = []  # acknowledged referrals, for the others
        self.sessions = []  # this run's acknowledged logins (token, ...)
        self.next_serial = 0

    def serial(self):
        with self.lock:
            self.next_serial += 1
            return self.next_serial

    def ack(self, kind):
        with self.lock:
            self.acked[kind] += 1
            self.run_acked[kind] += 1

    def refuse(self, kind, status):
        with self.lock:
            self.refused[(kind, status)] += 1

    def no_answer(self, kind):
        with self.lock:
            self.unanswered[kind] += 1

    def insert(self, kind, key, expected):
        with self.lock:
            self.inserts.append((kind, key, expected))

    def sending(self, kind, key, value):
        with self.lock:
            u = self.updates.setdefault(key, [kind, None, []])
            u[2].append(value)

    def updated(self, key, value):
        with self.lock:
            u = self.updates[key]
            u[1] = value
            u[2] = []

    def pick_participant(self, rng):
        with self.lock:
            return rng.choice(self.participants) if self.participants else 0


# ---- the writers -----------------------------------------------------------
# Each kind has a `once` that sends one write and records it, and a `check`
# run on the stopped database after the restart.


class Writer:
    kind = ""
    route = ""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = random.Random(ctx.rng.random())

    def answer(self, status, ok):
        """Counts a refusal; True when the write was acknowledged."""
        if status == ok:
            self.ctx.ledger.ack(self.kind)
            return True
        self.ctx.ledger.refuse(self.kind, status)
        return False


class Referral(Writer):
    kind = "referral"
    route = "POST /api/v1/participants"

    def once(self, port):
        ctx = self.ctx
        n = ctx.ledger.serial()
        name = "Krasj %d" % n
        status, j, _ = call(port, "POST", "/api/v1/participants", {
            "cohort_id": ctx.cohort,
            "name": name,
            "cpr": cpr_number(n),
            "phone": "20 00 %02d %02d" % (n // 100 % 100, n % 100),
        }, ctx.caseworker)
        if self.answer(status, 201):
            ctx.ledger.insert(self.kind, j["id"], (name, ctx.cohort))
            with ctx.ledger.lock:
                ctx.ledger.participants.append(j["id"])

    @staticmethod
    def check(db, key, expected):
        row = db.execute(
            "SELECT name, cohort_id FROM participant WHERE id = ?",
            (key,)).fetchone()
        history = db.execute(
            "SELECT count(*) FROM participant_status WHERE "
            "participant_id = ? AND to_status = 'referred'",
            (key,)).fetchone()[0]
        return row == expected and history == 1


class Change(Writer):
    kind = "participant change"
    route = "PATCH /api/v1/participants/{id}"

    def once(self, port):
        ctx = self.ctx
        pid = ctx.ledger.pick_participant(self.rng)
        if not pid:
            time.sleep(0.005)
            return
        address = "Krasjvej %d, 8000 Aarhus C" % ctx.ledger.serial()
        key = ("address", pid)
        ctx.ledger.sending(self.kind, key, address)
        status, _, _ = call(port, "PATCH", "/api/v1/participants/%d" % pid,
                            {"address": address}, ctx.caseworker)
        if self.answer(status, 200):
            ctx.ledger.updated(key, address)

    @staticmethod
    def value(db, key):
        row = db.execute("SELECT address FROM participant WHERE id = ?",
                         (key[1],)).fetchone()
        return row[0] if row else None


class Talk(Writer):
    kind = "talk"
    route = "POST /api/v1/participants/{id}/talks"

    def once(self, port):
        ctx = self.ctx
        pid = ctx.ledger.pick_participant(self.rng)
        if not pid:
            time.sleep(0.005)
            return
        n = ctx.ledger.serial()
        day = (ctx.today + datetime.timedelta(days=7 + n % 60)).isoformat()
        start = 8 * 60 + n % 8 * 30
        place = "Krasjlokale %d" % n
        status, j, _ = call(port, "POST", "/api/v1/participants/%d/talks" %
                            pid, {
                                "kind": "caseworker",
                                "date": day,
                                "start_time": hhmm(start),
                                "end_time": hhmm(start + 45),
                                "place": place,
                            }, ctx.caseworker)
        if self.answer(status, 201):
            ctx.ledger.insert(self.kind, j["id"],
                              (pid, "caseworker", day, start, start + 45,
                               place, "planned"))

    @staticmethod
    def check(db, key, expected):
        return db.execute(
            "SELECT participant_id, kind, date, start_min, end_min, place, "
            "status FROM prep_talk WHERE id = ?",
            (key,)).fetchone() == expected


class Absence(Writer):
    kind = "absence"
    route = "POST /api/v1/participants/{id}/absences"

    def __init__(self, ctx):
        super().__init__(ctx)
        # The next free day per participant: notices may not overlap, and
        # one that was in flight at a kill may have been written.
        self.next_day = ctx.absence_days

    def once(self, port):
        ctx = self.ctx
        pid = ctx.ledger.pick_participant(self.rng)
        if not pid:
            time.sleep(0.005)
            return
        offset = self.next_day.get(pid, 2)
        length = 1 + self.rng.randrange(3)
        self.next_day[pid] = offset + length
        first = ctx.today + datetime.timedelta(days=offset)
        last = first + datetime.timedelta(days=length - 1)
        status, j, _ = call(port, "POST",
                            "/api/v1/participants/%d/absences" % pid, {
                                "first_date": first.isoformat(),
                                "last_date": last.isoformat(),
                                "comment": "Krasjtest",
                            }, ctx.caseworker)
        if self.answer(status, 201):
            ctx.ledger.insert(self.kind, j["id"],
                              (pid, first.isoformat(), last.isoformat()))

    @staticmethod
    def check(db, key, expected):
        return db.execute(
            "SELECT participant_id, first_date, last_date FROM "
            "absence_notice WHERE id = ? AND withdrawn_at IS NULL",
            (key,)).fetchone() == expected


class Attendance(Writer):
    kind = "attendance"
    route = "PUT /api/v1/days/{id}/attendance"
    STATUSES = ("present", "late", "left_early", "announced", "sick",
                "absent")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.rosters = ctx.rosters  # day id -> enrolled participant ids

    def once(self, port):
        ctx = self.ctx
        day = self.rng.choice(ctx.days)
        if day not in self.rosters:
            status, j, _ = call(port, "GET", "/api/v1/days/%d/attendance" %
                                day, None, ctx.instructor)
            if status != 200:
                raise RuntimeError("the roster of day %d: %d" % (day,
                                                                 status))
            self.rosters[day] = [p["participant_id"] for p in j["roster"]
                                 if p["enrolled"]]
        marks = []
        for pid in self.rosters[day]:
            s = self.rng.choice(self.STATUSES)
            minutes = self.rng.randrange(1, 90) if s in ("late",
                                                         "left_early") else 0
            marks.append({"participant_id": pid, "status": s,
                          "minutes": minutes})
            ctx.ledger.sending(self.kind, ("mark", day, pid), (s, minutes))
        status, _, _ = call(port, "PUT", "/api/v1/days/%d/attendance" % day,
                            marks, ctx.instructor)
        if self.answer(status, 200):
            for m in marks:
                ctx.ledger.updated(("mark", day, m["participant_id"]),
                                   (m["status"], m["minutes"]))
            # Every enrolled citizen was marked: the day counts as taken.
            ctx.ledger.insert("attendance taken", day, None)

    @staticmethod
    def value(db, key):
        row = db.execute(
            "SELECT status, minutes FROM attendance WHERE day_id = ? AND "
            "participant_id = ?", (key[1], key[2])).fetchone()
        return tuple(row) if row else None


class Taken:
    """Not a write of its own: the attendance_taken row an acknowledged
    complete save of a day must have made."""
    kind = "attendance taken"

    @staticmethod
    def check(db, key, expected):
        return db.execute("SELECT count(*) FROM attendance_taken WHERE "
                          "day_id = ?", (key,)).fetchone()[0] == 1


class Cohort(Writer):
    kind = "cohort change"
    route = "PATCH /api/v1/cohorts/{id}"

    def once(self, port):
        ctx = self.ctx
        venue = "Krasjhuset %d" % ctx.ledger.serial()
        key = ("venue", ctx.cohort)
        ctx.ledger.sending(self.kind, key, venue)
        status, _, _ = call(port, "PATCH", "/api/v1/cohorts/%d" % ctx.cohort,
                            {"venue_name": venue}, ctx.leader)
        if self.answer(status, 200):
            ctx.ledger.updated(key, venue)

    @staticmethod
    def value(db, key):
        row = db.execute("SELECT venue_name FROM cohort WHERE id = ?",
                         (key[1],)).fetchone()
        return row[0] if row else None


class Login(Writer):
    kind = "login"
    route = "POST /api/v1/session"

    def once(self, port):
        ctx = self.ctx
        email = self.rng.choice(ACCOUNTS)
        status, s = login(port, email, ctx.password)
        if self.answer(status, 200):
            ctx.ledger.insert(self.kind, s.token, (s.user_id, s.csrf))
            with ctx.ledger.lock:
                ctx.ledger.sessions.append(s)

    @staticmethod
    def check(db, key, expected):
        token_hash = hashlib.blake2b(key.encode(), digest_size=32).digest()
        return db.execute(
            "SELECT user_id, csrf FROM session WHERE token_hash = ?",
            (token_hash,)).fetchone() == expected


class Read(Writer):
    """A read of a participant is counted in the audit before the answer
    (by group commit, app/audit.c): an acknowledged read is a write too."""
    kind = "participant read (audit row)"
    route = "GET /api/v1/participants/{id}"

    def once(self, port):
        ctx = self.ctx
        pid = ctx.ledger.pick_participant(self.rng)
        if not pid:
            time.sleep(0.005)
            return
        status, _, _ = call(port, "GET", "/api/v1/participants/%d" % pid,
                            None, ctx.caseworker)
        if self.answer(status, 200):
            with ctx.ledger.lock:
                ctx.ledger.reads[pid] += 1

    @staticmethod
    def counts(db, actor):
        """Reads per participant: one pass over the audit table. A read
        counts on its hour's row (migration 0008), so the reads are the
        sum of the rows' counts."""
        return dict(db.execute(
            "SELECT subject_id, sum(count) FROM audit WHERE subject_type = "
            "'participant' AND action = 'participant.read' AND detail = "
            "'api' AND actor_id = ? GROUP BY subject_id", (actor,)))


# Two referral threads, so inserts also race each other for the writer.
WRITERS = (Referral, Referral, Change, Talk, Absence, Attendance, Cohort,
           Login, Read)
KINDS = (Referral, Change, Talk, Absence, Attendance, Cohort, Login, Read)
CHECKERS = {k.kind: k for k in (Referral, Talk, Absence, Taken, Login)}
UPDATERS = {k.kind: k for k in (Change, Attendance, Cohort)}


def hhmm(minutes):
    return "%02d:%02d" % (minutes // 60, minutes % 60)


def cpr_number(n):
    """A CPR number no one else in the database has: the n-th day from
    1 January 1930, with a seventh digit (1) that puts it in the 1900s."""
    born = datetime.date(1930, 1, 1) + datetime.timedelta(days=n % 25000)
    return born.strftime("%d%m%y") + "-%04d" % (1000 + n // 25000 % 2000)


# ---- one run ---------------------------------------------------------------


class Context:
    """What the writers share: sessions, ids, the ledger."""

    def __init__(self, args, rng):
        self.password = args.password
        self.rng = rng
        self.ledger = Ledger()
        self.today = datetime.date.today()
        self.cohort = 0
        self.days = []
        self.rosters = {}
        self.absence_days = {}
        self.caseworker = self.leader = self.instructor = None
        # Runs failing each check.
        self.loss_runs = self.integrity_failures = self.fk_failures = 0
        self.server_failures = 0


def writer_loop(writer, port, stop, errors):
    while not stop.is_set():
        try:
            writer.once(port)
        except Unanswered:
            writer.ctx.ledger.no_answer(writer.kind)
            # The server is gone (or going): nothing more to send.
            if stop.wait(0.001):
                return
        except NotSent:
            if stop.wait(0.001):
                return
        except Exception as e:  # a harness bug must not pass as a loss
            errors.append("%s: %r" % (writer.kind, e))
            stop.set()
            return


def setup(server, ctx, db_path):
    """Before the first run: the days the instructor marks (past, not
    cancelled, with citizens on them) from the database, and a cohort of
    its own, open for referral, from the project leader through the API."""
    db = sqlite3.connect(db_path)
    try:
        ctx.days = [r[0] for r in db.execute(
            "SELECT d.id FROM course_day d JOIN cohort_staff cs ON "
            "cs.cohort_id = d.cohort_id AND cs.role = 'instructor' "
            "JOIN user u ON u.id = cs.user_id AND u.email = ? "
            "WHERE d.status != 'cancelled' AND d.date < date('now', "
            "'-1 day') AND EXISTS (SELECT 1 FROM participant p WHERE "
            "p.cohort_id = d.cohort_id AND p.started_on <= d.date AND "
            "(p.ended_on IS NULL OR p.ended_on >= d.date)) "
            "ORDER BY d.date DESC LIMIT 12", (INSTRUCTOR,))]
        orgs = dict(db.execute("SELECT name, id FROM organisation"))
    finally:
        db.close()
    if not ctx.days:
        raise RuntimeError("the demo has no past course day of %s with "
                           "citizens on it" % INSTRUCTOR)
    server.start()
    try:
        refresh_sessions(server.port, ctx)
        leader = ctx.leader
        # A Tuesday ten weeks or more ahead (Easter and Whit Monday never
        # fall on one); later ones if the plan is refused.
        first = ctx.today + datetime.timedelta(days=70)
        first += datetime.timedelta(days=(1 - first.weekday()) % 7)
        for week in range(6):
            day = first + datetime.timedelta(days=7 * week)
            status, j, _ = call(server.port, "POST", "/api/v1/cohorts", {
                "name": "Krasjhold",
                "job_centre_id": orgs["Jobcenter Aarhus"],
                "provider_id": orgs["Mestringshuset ApS"],
                "venue_name": "Krasjhuset",
                "venue_address": "Vejen 1, 8000 Aarhus C",
                "first_teaching_day": day.isoformat(),
            }, leader)
            if status == 201:
                ctx.cohort = j["id"]
                break
        if not ctx.cohort:
            raise RuntimeError("could not create a cohort (%d: %s)" %
                               (status, j))
        status, j, _ = call(server.port, "PATCH",
                            "/api/v1/cohorts/%d" % ctx.cohort,
                            {"status": "referral_open"}, leader)
        if status != 200:
            raise RuntimeError("could not open the cohort (%d: %s)" %
                               (status, j))
    finally:
        if server.proc is not None and server.stop() != 0:
            raise RuntimeError("the server did not stop cleanly after setup")


def refresh_sessions(port, ctx):
    """The writers' sessions outlive the crashes (they are rows too); a
    login costs a password hash, so only one that is gone is made again."""
    for attr, email in (("caseworker", CASEWORKER), ("leader", LEADER),
                        ("instructor", INSTRUCTOR)):
        s = getattr(ctx, attr)
        if s is None or call(port, "GET", "/api/v1/session", None,
                             s)[0] != 200:
            setattr(ctx, attr, must_login(port, email, ctx.password))


def run_once(n, server, ctx, seconds_max):
    """Starts the server, writes until a SIGKILL at a uniform moment within
    seconds_max; the seconds the writes ran, and the server's exit status
    if it was dead already (else None)."""
    ledger = ctx.ledger
    ledger.run_acked.clear()
    ledger.sessions = []
    server.start()
    port = server.port
    refresh_sessions(port, ctx)
    stop = threading.Event()
    errors = []
    threads = [threading.Thread(target=writer_loop,
                                args=(w(ctx), port, stop, errors),
                                daemon=True) for w in WRITERS]
    at = ctx.rng.uniform(0, seconds_max)
    t0 = time.monotonic()
    for t in threads:
        t.start()
    stop.wait(at)
    # Dead before the kill: a crash of its own, which is a finding too.
    early = server.proc.poll()
    server.kill()
    ran = time.monotonic() - t0
    stop.set()
    for t in threads:
        t.join(HTTP_TIMEOUT + 5)
        if t.is_alive():
            errors.append("a writer thread did not stop")
    if errors:
        raise RuntimeError("harness error in run %d: %s" % (n,
                                                            "; ".join(errors)))
    return ran, early


def verify(server, ctx, db_path):
    """Restarts the server on the killed database, asks it for one of the
    run's sessions, stops it cleanly, and checks the file. A list of
    problems (empty when all is well) and the lost writes by kind."""
    ledger = ctx.ledger
    problems = []
    lost = collections.Counter()
    server.start()
    if ledger.sessions:
        s = ctx.rng.choice(ledger.sessions)
        try:
            status, _, _ = call(server.port, "GET", "/api/v1/session", None,
                                s)
        except (Unanswered, NotSent) as e:
            status = str(e)
        if status != 200:
            problems.append("the restarted server did not know an "
                            "acknowledged session (%s)" % status)
    status = server.stop()
    if status != 0:
        problems.append("the restarted server stopped with %s" % status)

    db = sqlite3.connect(db_path)
    try:
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append("integrity_check: %s" % "; ".join(integrity[:5]))
            ctx.integrity_failures += 1
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append("foreign_key_check: %d rows, first %r" %
                            (len(fk), fk[0]))
            ctx.fk_failures += 1
        keep = []
        for kind, key, expected in ledger.inserts:
            if not CHECKERS[kind].check(db, key, expected):
                lost[kind if kind != Taken.kind else Attendance.kind] += 1
                problems.append("lost %s %r (expected %r)" %
                                (kind, key if kind != Login.kind else
                                 key[:8] + "...", expected))
            elif kind != Login.kind:
                # Checked again after every later crash; sessions expire
                # by idleness (30 min), so they are checked once.
                keep.append((kind, key, expected))
        ledger.inserts = keep
        for key, u in ledger.updates.items():
            kind, acked, pending = u
            if acked is None:
                continue
            value = UPDATERS[kind].value(db, key)
            if value != acked and value not in pending:
                lost[kind] += 1
                problems.append("lost %s %r: %r, expected %r%s" %
                                (kind, key, value, acked,
                                 " or one of %r" % pending if pending
                                 else ""))
            # What is there now is what later runs build on.
            u[1], u[2] = value, []
        counts = Read.counts(db, ctx.caseworker.user_id)
        for pid, reads in ledger.reads.items():
            have = counts.get(pid, 0)
            if have < reads:
                lost[Read.kind] += reads - have
                problems.append("lost %d audit rows of reads of "
                                "participant %d" % (reads - have, pid))
                ledger.reads[pid] = have
    finally:
        db.close()
    for kind, n in lost.items():
        ledger.lost[kind] += n
    return problems, lost


# ---- the whole ---------------------------------------------------------------


def summary(args, ctx, runs_done, seconds, wall):
    """The markdown scripts/crash puts into docs/reliability.md."""
    led = ctx.ledger
    lines = [
        "| Write | Route | Acknowledged | In flight at the kill | Refused "
        "| Lost |",
        "|-------|-------|--------------|-----------------------|---------"
        "|------|",
    ]
    for k in KINDS:
        refused = sum(n for (kind, _), n in led.refused.items()
                      if kind == k.kind)
        lines.append("| %s | `%s` | %d | %d | %d | %d |" %
                     (k.kind, k.route, led.acked[k.kind],
                      led.unanswered[k.kind], refused, led.lost[k.kind]))
    lines.append("| **all** | | **%d** | %d | %d | **%d** |" %
                 (sum(led.acked.values()), sum(led.unanswered.values()),
                  sum(led.refused.values()), sum(led.lost.values())))
    lines += [
        "",
        "| Check after each restart | Runs failing |",
        "|--------------------------|--------------|",
        "| Every acknowledged write present (inserts by id, updates by "
        "value) | %d of %d |" % (ctx.loss_runs, runs_done),
        "| `PRAGMA integrity_check` = ok | %d of %d |" %
        (ctx.integrity_failures, runs_done),
        "| `PRAGMA foreign_key_check` empty | %d of %d |" %
        (ctx.fk_failures, runs_done),
        "| Server alive until the kill; restarts, knows an acknowledged "
        "session, stops cleanly on SIGTERM | %d of %d |" % (ctx.server_failures, runs_done),
        "",
        "Runs: %d, each killed at a moment drawn uniformly from 0 to %.1f s "
        "after the writes began (%.1f s of writes in all, %.0f s with the "
        "restarts and checks); seed %d." %
        (runs_done, args.seconds_max, seconds, wall, args.seed),
    ]
    if led.refused:
        lines += ["", "Refused answers: " + ", ".join(
            "%s %s × %d" % (k, s, n) for (k, s), n in
            sorted(led.refused.items()))]
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--seconds-max", type=float, default=2.0)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--summary", help="write the report's markdown here")
    args = p.parse_args()
    if args.runs < 1 or args.seconds_max <= 0:
        p.error("--runs must be 1 or more and --seconds-max above 0")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1 << 31)
    rng = random.Random(args.seed)
    ctx = Context(args, rng)
    server = Server(os.path.abspath(args.bin), os.path.abspath(args.db),
                    os.path.dirname(os.path.abspath(args.db)))

    def on_signal(signum, frame):
        server.ensure_dead()
        sys.exit(128 + signum)

    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, on_signal)
    print("seed %d; %d runs of up to %.1f s" %
          (args.seed, args.runs, args.seconds_max), flush=True)
    seconds = 0.0
    runs_done = 0
    started = time.monotonic()
    try:
        setup(server, ctx, args.db)
        for n in range(1, args.runs + 1):
            ran, early = run_once(n, server, ctx, args.seconds_max)
            seconds += ran
            problems, lost = verify(server, ctx, args.db)
            if early is not None:
                problems.insert(0, "the server exited by itself (status "
                                "%d) before the kill" % early)
            runs_done += 1
            if lost:
                ctx.loss_runs += 1
            if any(x.startswith("the restarted server") or
                   x.startswith("the server exited") for x in problems):
                ctx.server_failures += 1
            acked = ctx.ledger.run_acked
            print("run %2d: killed after %.2f s; %d acknowledged (%s); "
                  "lost %d; %s" %
                  (n, ran, sum(acked.values()),
                   ", ".join("%s %d" % (k.kind.split(" (")[0],
                                        acked[k.kind]) for k in KINDS),
                   sum(lost.values()), "ok" if not problems else
                   "PROBLEMS"), flush=True)
            for x in problems[:20]:
                print("    " + x, flush=True)
            if len(problems) > 20:
                print("    ... and %d more" % (len(problems) - 20))
            if problems:
                print("    (server log of the killed run: %s)" %
                      os.path.join(server.workdir,
                                   "serve-%03d.log" % (server.starts - 1)),
                      flush=True)
    finally:
        server.ensure_dead()
    led = ctx.ledger
    failures = (ctx.loss_runs + ctx.integrity_failures + ctx.fk_failures +
                ctx.server_failures)
    print("runs: %d; writes acknowledged: %d (%s); lost: %d; integrity "
          "failures: %d; foreign-key failures: %d; restart failures: %d" %
          (runs_done, sum(led.acked.values()),
           ", ".join("%s %d" % (k.kind, led.acked[k.kind]) for k in KINDS),
           sum(led.lost.values()), ctx.integrity_failures, ctx.fk_failures,
           ctx.server_failures))
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(summary(args, ctx, runs_done, seconds,
                            time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
