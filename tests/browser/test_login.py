"""Browser journey: a person logs in with the demo admin account, sees the
welcome page, logs out and is back at the login form; a wrong password is
refused with a Danish error. Run by ctest with MESTRING_BIN set."""

import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import browser  # noqa: E402
from selenium.webdriver.common.by import By

ADMIN = "admin@demo.invalid"


def on_login_page(s):
    return "Log ind" in s.h1() and s.driver.find_elements(By.NAME, "email")


def log_in(s, email, password):
    s.fill("email", email)
    s.fill("password", password)
    s.submit_with("Log ind")


def test_login_and_logout(s):
    s.get("/login")
    s.wait(on_login_page, 'the login page with heading "Log ind"')
    s.screenshot("login-form")

    log_in(s, ADMIN, s.password)
    s.wait(lambda s: "Velkommen" in s.h1(), 'an <h1> with "Velkommen"')
    assert s.path().startswith("/start"), "landed on %s" % s.path()
    print("  welcome page: %s" % s.screenshot("welcome"))

    s.submit_with("Log ud")
    s.wait(on_login_page, "the login page after logging out")

    # The session is really gone: the welcome page is no longer shown.
    s.get("/start")
    assert "Velkommen" not in s.h1(), "still logged in after Log ud"


def test_wrong_password_is_refused(s):
    s.get("/login")
    s.wait(on_login_page, "the login page")
    log_in(s, ADMIN, s.password + "-wrong")
    s.wait(lambda s: re.search("forkert", s.body_text(), re.IGNORECASE),
           'an error text containing "forkert"')
    s.screenshot("wrong-password")
    assert "Velkommen" not in s.h1(), "logged in with a wrong password"
    assert on_login_page(s), "the form is not shown again"


if __name__ == "__main__":
    sys.exit(browser.main(globals()))
