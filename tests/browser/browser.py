"""Shared harness for the browser journeys in tests/browser/.

Starts the real binary ($MESTRING_BIN) on an ephemeral loopback port against
a fresh demo database in a temporary folder, drives headless Chromium through
Debian's Selenium and chromedriver (nothing is downloaded), and always cleans
both up. A journey file defines test_* functions taking a Session and ends
with `sys.exit(browser.main(globals()))`.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback

# Selenium comes from Debian (python3-selenium); an interpreter found first on
# PATH (pyenv, a venv) may not see it, so fall back to Debian's own.
try:
    import selenium  # noqa: F401
except ImportError:
    if sys.executable != "/usr/bin/python3" and os.path.exists(
            "/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DEMO_PASSWORD = "demo-browser-test-pw"
START_TIMEOUT = 30  # seconds; generous for the ASan build on two cores
WAIT_TIMEOUT = 15
LISTEN_RE = re.compile(r"^mestring: listening on (http://127\.0\.0\.1:(\d+))$")


class Server:
    """`mestring serve` on a fresh demo database; stdout drained in a thread
    so a chatty server can never block on a full pipe."""

    def __init__(self, tmp):
        self.bin = os.environ.get("MESTRING_BIN")
        if not self.bin or not os.access(self.bin, os.X_OK):
            raise RuntimeError("MESTRING_BIN must name the mestring binary")
        self.tmp = tmp
        self.db = os.path.join(tmp, "mestring.db")
        self.password = DEMO_PASSWORD
        self.proc = None
        self.url = None
        self.lines = []
        self.stderr_path = os.path.join(tmp, "server.stderr")
        self._ready = threading.Event()

    def start(self):
        demo = subprocess.run(
            [self.bin, "demo", "--db", self.db, "--password", self.password],
            cwd=self.tmp, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=START_TIMEOUT)
        if demo.returncode != 0:
            raise RuntimeError("mestring demo failed (%d):\n%s%s" % (
                demo.returncode, demo.stdout, demo.stderr))
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [self.bin, "serve", "--db", self.db,
                 "--listen", "127.0.0.1:0"],
                cwd=self.tmp, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=err, text=True)
        threading.Thread(target=self._drain, daemon=True).start()
        if not self._ready.wait(START_TIMEOUT) or self.url is None:
            raise RuntimeError("server did not print its address:\n"
                               + self.output())

    def _drain(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            m = LISTEN_RE.match(line)
            if m and self.url is None:
                self.url = m.group(1)
                self._ready.set()
        self._ready.set()  # EOF: the server is gone

    def output(self):
        try:
            with open(self.stderr_path, errors="replace") as f:
                err = f.read()
        except OSError:
            err = ""
        return "stdout:\n%s\nstderr:\n%s" % ("\n".join(self.lines), err)

    def stop(self):
        """SIGTERM and wait; returns the exit status (SIGKILL after 15 s)."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "killed: did not stop within 15 s of SIGTERM"
        return self.proc.returncode


def start_chromium(tmp):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                # Containers often have a tiny /dev/shm.
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + os.path.join(tmp, "chromium-profile")):
        opts.add_argument(arg)
    service = Service(CHROMEDRIVER,
                      log_path=os.path.join(tmp, "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(WAIT_TIMEOUT * 2)
    return driver


class Session:
    """What a test_* function gets: the server, the browser and helpers."""

    def __init__(self, server, driver, shots):
        self.server = server
        self.driver = driver
        self.url = server.url
        self.password = server.password
        self.shots = shots

    def get(self, path):
        self.driver.get(self.url + path)

    def path(self):
        url = self.driver.current_url
        return url[len(self.url):] if url.startswith(self.url) else url

    def wait(self, cond, what, timeout=WAIT_TIMEOUT):
        """Waits until cond(session) is true; `what` names it on time-out."""
        try:
            return WebDriverWait(self.driver, timeout).until(
                lambda _: cond(self))
        except TimeoutException as e:
            raise AssertionError("timed out waiting for %s (at %s)" %
                                 (what, self.driver.current_url)) from e

    def h1(self):
        found = self.driver.find_elements(By.TAG_NAME, "h1")
        return found[0].text if found else ""

    def body_text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def fill(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def submit_with(self, label):
        """Clicks a button (see click_button) and waits for the next page,
        so later checks cannot see the page the click left."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.click_button(label)
        gone = expected_conditions.staleness_of(old)

        def left(s):
            # Asked in the middle of the navigation, Chromium may answer
            # that the old node "does not belong to the document" instead
            # of Selenium's stale-element error: the page is gone as well.
            try:
                return gone(s.driver)
            except WebDriverException as e:
                if "does not belong to the document" in str(e):
                    return True
                raise

        self.wait(left, "a new page after clicking %r" % label)

    def click_button(self, label):
        """Clicks the <button> or submit <input> showing exactly `label`."""
        xpath = ("//button[normalize-space(.)='%s'] | "
                 "//input[(@type='submit' or @type='button') and "
                 "normalize-space(@value)='%s']") % (label, label)
        found = self.driver.find_elements(By.XPATH, xpath)
        assert found, "no button %r on %s" % (label, self.driver.current_url)
        found[0].click()

    def screenshot(self, name):
        path = os.path.join(self.shots, name + ".png")
        assert self.driver.save_screenshot(path), "screenshot failed"
        return path


def _run_one(name, fn, server, driver, shots):
    try:
        driver.delete_all_cookies()  # each test starts logged out
        fn(Session(server, driver, shots))
        print("ok   %s" % name, flush=True)
        return True
    except Exception:
        print("FAIL %s" % name, flush=True)
        traceback.print_exc()
        try:
            print("  url: %s" % driver.current_url)
            path = os.path.join(shots, "FAIL-%s.png" % name)
            driver.save_screenshot(path)
            print("  screenshot: %s" % path)
        except WebDriverException:
            pass
        return False


def main(namespace):
    """Runs every test_* function of a journey module; prints `N passed,
    N failed` last and returns the exit status."""
    tests = sorted((n, f) for n, f in namespace.items()
                   if n.startswith("test_") and callable(f))
    tmp = tempfile.mkdtemp(prefix="mestring-browser-")
    # Screenshots outlive the run so a person can look at them; one folder
    # per journey, emptied each run, so they do not pile up.
    journey = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    shots = os.path.join(tempfile.gettempdir(), "mestring-screenshots",
                         journey)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    server = driver = None
    passed = failed = 0
    try:
        server = Server(tmp)
        server.start()
        driver = start_chromium(tmp)
        for name, fn in tests:
            if _run_one(name, fn, server, driver, shots):
                passed += 1
            else:
                failed += 1
    except Exception:
        traceback.print_exc()
        failed += 1
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                traceback.print_exc()
        status = server.stop() if server else 0
        if status != 0:
            # A leak or crash at shutdown (the ASan build) is a failure too.
            print("FAIL server exit status after SIGTERM: %s" % status)
            failed += 1
        if failed and server:
            print(server.output())
        shutil.rmtree(tmp, ignore_errors=True)
    print("screenshots: %s" % shots)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit("browser.py is a helper; run a tests/browser/test_*.py file")
