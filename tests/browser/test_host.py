"""Browser journey of an internship host on a phone with JavaScript off:
staff send the host a link (through the API), the host opens it, reads the
intern's step-up plan and the alarm signals the citizen shared, logs a week
(a day as planned, a day of fewer hours, a day absent, how the week went,
an alarm signal seen, "ring til mig"), reads it back and opens the
printout. Run by ctest with MESTRING_BIN set; the last screenshot is also
copied next to the binary (build/host-journey-*.png)."""

import datetime
import http.cookiejar
import json
import os
import shutil
import sqlite3
import sys
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import browser  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

CASEWORKER = "sagsbehandler@demo.invalid"
CONSULTANT = "virksomhedskonsulent@demo.invalid"
ALARM = "Bliver stille og trækker sig fra frokosten"
SUPPORT = "Faste opgaver og en fast kontaktperson"
WEEK_TEXT = "God uge. Onsdag gik hun tidligt, men det var aftalt."


def start_phone_without_javascript(tmp):
    """Chromium as a phone (390 x 844) with JavaScript turned off, so the
    journey shows the page works without it."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser.CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=390,844",
                "--user-data-dir=" + os.path.join(tmp, "chromium-profile")):
        opts.add_argument(arg)
    opts.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2})
    opts.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1}})
    service = Service(browser.CHROMEDRIVER,
                      log_path=os.path.join(tmp, "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(browser.WAIT_TIMEOUT * 2)
    return driver


browser.start_chromium = start_phone_without_javascript


class Api:
    """The JSON API as a member of staff, with the session's cookie and
    CSRF token."""

    def __init__(self, base, email, password):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar))
        self.csrf = None
        self.csrf = self.call("POST", "/api/v1/session",
                              {"email": email, "password": password})["csrf"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        with self.opener.open(req, timeout=30) as r:
            return json.loads(r.read().decode())


def make_internship(s):
    """A running internship of a started citizen of the demo caseworker,
    begun two Mondays ago, with a plan (Friday the teaching day), the guide
    sharing support and alarm signals, and a host link: its path."""
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday() + 14)
    end = monday + datetime.timedelta(days=7 * 11 - 3)
    db = sqlite3.connect(s.server.db, timeout=30)
    try:
        pid, name = db.execute(
            "SELECT p.id, p.name FROM participant p JOIN user u ON u.id = "
            "p.caseworker_id WHERE u.email = ? AND p.status = 'started' "
            "ORDER BY p.id LIMIT 1", (CASEWORKER,)).fetchone()
        org = db.execute("SELECT id FROM organisation WHERE name = "
                         "'Jobcenter Aarhus'").fetchone()[0]
        cur = db.execute(
            "INSERT INTO company (organisation_id, name, cvr, address, "
            "employees, created_at, updated_at) VALUES (?, 'Café Havnen "
            "ApS', '91400022', 'Havnegade 4, 8000 Aarhus C', 14, 0, 0)",
            (org,))
        company = cur.lastrowid
        cur = db.execute(
            "INSERT INTO company_contact (company_id, name, role, email, "
            "phone, created_at, updated_at) VALUES (?, 'Hanne Værtsen', "
            "'Køkkenchef', 'hanne@cafe.invalid', '', 0, 0)", (company,))
        contact = cur.lastrowid
        cur = db.execute(
            "INSERT INTO internship (participant_id, company_id, "
            "contact_id, start_on, end_on, status, teaching_weekday, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
            "'running', 5, (SELECT id FROM user WHERE email = ?), 0, 0)",
            (pid, company, contact, monday.isoformat(), end.isoformat(),
             CONSULTANT))
        internship = cur.lastrowid
        for week in range(1, 12):
            start = monday + datetime.timedelta(days=7 * (week - 1))
            hours = 180 if week < 4 else 240
            db.execute(
                "INSERT INTO internship_week (internship_id, week, monday, "
                "mon, tue, wed, thu, fri, updated_at) VALUES (?, ?, ?, ?, "
                "0, ?, ?, 0, 0)",
                (internship, week, start.isoformat(), hours, hours, hours))
        db.commit()
    finally:
        db.close()
    api = Api(s.url, CASEWORKER, s.password)
    api.call("POST", "/api/v1/participants/%d/agreement" % pid, {
        "purpose": "Afklaring af arbejdsevne",
        "support_needed": SUPPORT,
        "alarm_signals": ALARM + "\nKommer for sent",
        "citizen_consent": True,
        "citizen_signed_on": today.isoformat(),
        "share_support": True, "share_alarms": True,
        "share_company": False})
    url = api.call("POST", "/api/v1/internships/%d/host-links" % internship,
                   {"contact_id": contact})["url"]
    return url[url.index("/host/"):], name


# With JavaScript off, chromedriver's mouse clicks never return (it waits
# for a script of its own in the page); a person on a phone may as well use
# the keyboard, which needs none: Enter follows a link or sends a form,
# Space ticks a box, typing an option's words chooses it.

def press(s, element):
    """Enter on a link or button, and wait for the next page."""
    old = s.driver.find_element(By.TAG_NAME, "html")
    element.send_keys(Keys.ENTER)
    gone = expected_conditions.staleness_of(old)
    s.wait(lambda s: gone(s.driver), "a new page")


def tick(s, element):
    element.send_keys(Keys.SPACE)
    assert element.is_selected(), "not ticked"


def choose(s, name, label):
    field = s.driver.find_element(By.NAME, name)
    field.send_keys(label)
    got = Select(field).first_selected_option.text
    assert got == label, "%s: %r chosen, not %r" % (name, got, label)


def keep(s, name):
    """A screenshot, also copied next to the binary (build/)."""
    path = s.screenshot(name)
    out = os.path.join(os.path.dirname(os.path.abspath(
        os.environ["MESTRING_BIN"])), "host-journey-%s.png" % name)
    shutil.copyfile(path, out)
    print("  screenshot: %s" % out)
    return out


def test_host_reads_the_plan_and_logs_a_week(s):
    link, intern = make_internship(s)
    # Open the link: the intern, the plan as a table, the shared items.
    s.get(link)
    s.wait(lambda s: "Praktik:" in s.h1(), "the host's page")
    png = s.driver.get_screenshot_as_png()
    width = int.from_bytes(png[16:20], "big")
    assert width <= 400, "the page is %d pixels wide, not a phone's" % width
    assert intern in s.h1(), s.h1()
    assert not s.driver.find_elements(By.TAG_NAME, "script")
    plan = s.driver.find_element(By.CSS_SELECTOR, "table.host-plan-table")
    rows = plan.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 11, "%d weeks in the plan" % len(rows)
    assert "3 t" in rows[0].text and "Undervisning" in rows[0].text, \
        rows[0].text
    assert "4 t" in rows[5].text, rows[5].text
    body = s.body_text()
    assert SUPPORT in body and ALARM in body, body
    assert "Afklaring af arbejdsevne" not in body, "the purpose is shown"
    keep(s, "plan")

    # Week 1, a link without JavaScript.
    press(s, s.driver.find_element(By.LINK_TEXT, "Uge 1"))
    assert "?uge=1" in s.path(), s.path()
    choose(s, "status_1", "Som planlagt")
    choose(s, "status_3", "Færre timer")
    choose(s, "hours_3", "2 t")
    choose(s, "status_4", "Udeblevet uden besked")
    tick(s, s.driver.find_element(By.CSS_SELECTOR,
                                  "input[name='rating'][value='4']"))
    s.fill("text", WEEK_TEXT)
    tick(s, s.driver.find_element(By.NAME, "alarm_1"))
    tick(s, s.driver.find_element(By.NAME, "call_me"))
    press(s, s.driver.find_element(
        By.XPATH, "//button[normalize-space(.)='Gem ugen']"))

    # Read it back.
    s.wait(lambda s: "Tak! Ugen er gemt." in s.body_text(), "the saved week")
    body = s.body_text()
    for want in (WEEK_TEXT, "Færre timer – 2 t af 3 t",
                 "Udeblevet uden besked", "4 af 5",
                 "Alarmklokke set: " + ALARM,
                 "Bad om at blive ringet op."):
        assert want in body, "%r not read back:\n%s" % (want, body)
    assert s.driver.find_element(By.NAME, "text").get_attribute(
        "value") == WEEK_TEXT, "the form does not hold the week"
    s.driver.get(s.driver.current_url.split("#")[0] + "#tidligere")
    keep(s, "week-saved")

    # The printout of what they wrote.
    press(s, s.driver.find_element(By.LINK_TEXT,
                                   "Udskriv det, du har skrevet"))
    assert s.path().endswith("/print"), s.path()
    assert WEEK_TEXT in s.body_text()
    keep(s, "print")


if __name__ == "__main__":
    sys.exit(browser.main(globals()))
