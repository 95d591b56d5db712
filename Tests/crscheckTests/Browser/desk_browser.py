#!/usr/bin/env python3
"""Drives a real `crscheck desk` in headless Chromium, as clinicians and an administrator would.

    desk_browser.py check --desk URL --serve-port P --admin NAME:PW --clinician NAME:PW --lockee NAME:PW
                          --fhir-validator PATH
    desk_browser.py fill --serve-port P --kiosks TOKENS_FILE
    desk_browser.py screenshots --desk URL --clinician NAME:PW --out DIR

`check` prints one line per step passed and exits 1 with the reason at the first that fails. New
conversations are held through the real `crscheck serve` at --serve-port, over its text protocol.
"""
import argparse
import http.cookiejar
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


class Failed(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failed(what)
    print("ok:", what, flush=True)


def wait_for(condition, what, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                print("ok:", what, flush=True)
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise Failed("timed out: " + what)


def browser(insecure=False):
    options = Options()
    if insecure:
        options.add_argument("--ignore-certificate-errors")
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def converse(port, lines):
    """Says `lines` to crscheck serve in text mode, each after a prompt; returns what the server sent."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=15)
    received = b""

    def until(marker):
        nonlocal received
        while marker not in received:
            chunk = connection.recv(4096)
            if not chunk:
                return False
            received += chunk
        return True

    until(b"\n")
    for index, line in enumerate(lines):
        if index > 0:
            until(b"\n> \n")
            received = received.replace(b"\n> \n", b"\n", 1)
        connection.sendall(line.encode() + b"\n")
    until(b"Goodbye.")
    connection.close()
    return received.decode(errors="replace")


def hrefs(driver, selector):
    """The links matching `selector`, read in one go: the live updates may redraw them at any moment."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(a => a.getAttribute('href'))", selector)


def texts(driver, selector):
    """The texts of the elements matching `selector`, read in one go."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", selector)


def logged_in_opener(desk, account):
    """A urllib opener logged in as `account`, with its own cookies: a second browser, more or less."""
    import re
    name, password = account.split(":", 1)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(desk + "/login", timeout=15).read().decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', form).group(1)
    data = urllib.parse.urlencode({"token": token, "name": name, "password": password}).encode()
    opener.open(urllib.request.Request(desk + "/login", data=data, headers={"Origin": desk}), timeout=15).read()
    return opener


def log_in(driver, desk, account):
    """Fills in and sends the login form, and waits until the page it leads to has loaded."""
    name, password = account.split(":", 1)
    driver.get(desk + "/login")
    form = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password + Keys.ENTER)
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(form))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def session_cookie(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def fetch(url, cookie, data=None):
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check(arguments):
    desk = arguments.desk.rstrip("/")
    script_line = "<script>alert(1)</script>"
    converse(arguments.serve_port, [script_line, "quit"])
    converse(arguments.serve_port, ["my chest hurts and I can't breathe"])
    driver = browser()
    try:
        # A wrong password is refused, plainly.
        clinician = arguments.clinician
        log_in(driver, desk, clinician.split(":")[0] + ":not the password at all")
        expect("do not match" in driver.find_element(By.ID, "login-error").text,
               "a wrong password is refused with a plain message")
        log_in(driver, desk, clinician)
        wait_for(lambda: driver.find_element(By.ID, "queue"), "a clinician logs in and sees the queue")
        # The page lists what the desk has seen (it looks at the store every 0.2 s here); what ends later
        # comes live.
        wait_for(lambda: len(texts(driver, "#queue-rows tr")) == 2,
                 "the queue lists the two conversations held so far")
        expect("Call 911" in texts(driver, "#queue-rows tr")[0], "the emergency comes first in the queue")
        wait_for(lambda: len(hrefs(driver, "#alert-list a")) == 1 and driver.find_element(By.ID, "alert-box").is_displayed(),
                 "the emergency nobody has opened stands as an alert at the top of the page")

        # A conversation ends while the page is open: it appears, and its alert is raised, without a reload.
        driver.execute_script("document.body.setAttribute('data-not-reloaded', 'yes')")
        converse(arguments.serve_port, ["I can't breathe, my lips are blue"])
        wait_for(lambda: len(texts(driver, "#queue-rows tr")) == 3,
                 "a conversation that ends while the queue is open appears in it")
        wait_for(lambda: len(hrefs(driver, "#alert-list a")) == 2, "its emergency raises an alert")
        expect(driver.find_element(By.TAG_NAME, "body").get_attribute("data-not-reloaded") == "yes",
               "without the page being reloaded")
        expect("Urgent results" in driver.find_element(By.ID, "alerts").text, "the alert says what it is")

        # Open it from the alert: the conversation page.
        session = hrefs(driver, "#alert-list a")[0].rsplit("/", 1)[-1]  # the newest comes first
        driver.execute_script(
            "document.querySelector('#alert-list a[href$=\"' + arguments[0] + '\"]').click()", session)
        wait_for(lambda: session in driver.find_element(By.TAG_NAME, "h1").text, "the alert opens the conversation")
        page = driver.find_element(By.ID, "main").text
        expect("my lips are blue" in page, "the page shows what the patient typed")
        expect("Call 911" in page, "and the advice given")
        expect(driver.find_element(By.ID, "integrity").text.startswith("Record intact"),
               "and that its hash chain verifies")
        marks = [mark.text.lower() for mark in driver.find_elements(By.CSS_SELECTOR, "td.said mark")]
        expect(marks, "the words something was understood from are marked in the patient's line")
        expect(any(word in page for word in ["Dialog hash", "sha256", "SHA-256"]), "the dialog's hash is shown")

        # Its alert is gone once opened.
        driver.get(desk + "/")
        time.sleep(1)  # the live feed's first message redraws the alerts: it must not bring this one back
        expect(not any(href.endswith(session) for href in hrefs(driver, "#alert-list a")),
               "an opened conversation's alert is gone")

        # Sign it off with a note.
        driver.get(desk + "/conversations/" + session)
        driver.find_element(By.ID, "note").send_keys("Called the patient; on the way to the ED.")
        driver.find_element(By.CSS_SELECTOR, "form.sign button").click()
        wait_for(lambda: "Signed off by " + clinician.split(":")[0] in driver.find_element(By.ID, "main").text,
                 "a sign-off records the logged-in clinician and the note")
        driver.get(desk + "/")
        expect(session not in driver.find_element(By.ID, "queue-rows").get_attribute("innerHTML"),
               "a signed-off conversation leaves the queue")

        # The FHIR Bundle downloads and validates.
        cookie = session_cookie(driver)
        status, body = fetch(f"{desk}/conversations/{session}/fhir.json", cookie)
        expect(status == 200 and b'"resourceType"' in body, "the FHIR Bundle downloads")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as bundle:
            bundle.write(body)
        validation = subprocess.run([arguments.fhir_validator, bundle.name], capture_output=True, text=True)
        os.unlink(bundle.name)
        expect(validation.returncode == 0, "the FHIR Bundle validates: " + validation.stdout + validation.stderr)

        # A form posted without its token is refused, and nothing is signed.
        other = hrefs(driver, "#queue-rows a")[0].rsplit("/", 1)[-1]
        status, _ = fetch(f"{desk}/conversations/{other}/sign", cookie, data=b"note=forged")
        expect(status == 403, "a sign-off posted without its form token is refused")
        driver.get(desk + "/conversations/" + other)
        expect("Not signed off yet" in driver.find_element(By.ID, "main").text, "and nothing was signed")

        # The patient's <script> shows as text and runs nothing.
        driver.get(desk + "/?disposition=none")
        driver.get(desk + hrefs(driver, "#queue-rows a")[0])
        wait_for(lambda: script_line in driver.find_element(By.CSS_SELECTOR, "td.said").text,
                 "a patient line <script>alert(1)</script> is shown as text")
        try:
            driver.switch_to.alert
            raise Failed("the patient's script ran: an alert is open")
        except NoAlertPresentException:
            print("ok: and runs nothing", flush=True)
        expect(not driver.find_elements(By.CSS_SELECTOR, "#main script"), "no script element came from it")

        # Keyboard and screen readers: the first Tab reaches the skip link; every control has a label;
        # at 200% zoom (a window half as wide) nothing needs scrolling sideways.
        for page in ["/", "/conversations/" + session, "/stats"]:
            driver.get(desk + page)
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            expect(driver.switch_to.active_element.get_attribute("class") == "skip",
                   f"{page}: the first Tab reaches the skip link")
            unlabelled = driver.execute_script(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))"
                ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                " && !e.textContent.trim()).map(e => e.outerHTML)")
            expect(not unlabelled, f"{page}: every control has a label: {unlabelled}")
            driver.set_window_size(640, 900)
            wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            driver.set_window_size(1280, 900)
            expect(wide <= 1, f"{page}: readable at 200% zoom without scrolling sideways ({wide} px over)")

        # A clinician cannot reach the admin pages.
        driver.get(desk + "/admin/accounts")
        expect("Not allowed" in driver.find_element(By.TAG_NAME, "h1").text, "a clinician cannot reach the accounts")
        driver.get(desk + "/admin/audit")
        expect("Not allowed" in driver.find_element(By.TAG_NAME, "h1").text, "nor the audit log")
        expect(not driver.find_elements(By.LINK_TEXT, "Accounts"), "and is not offered them")
        driver.get(desk + "//admin/audit")
        expect("Not allowed" in driver.find_element(By.TAG_NAME, "h1").text,
               "nor by spelling the address another way (//admin/audit)")
        token = driver.execute_script("return document.querySelector('form.logout input[name=token]').value")
        status, _ = fetch(desk + "//admin/accounts", session_cookie(driver),
                          data=("token=%s&name=mallory&role=admin&password=a+long+enough+password" % token).encode())
        expect(status == 403, "a clinician's post to the accounts is refused, however spelled")
        status, page = fetch(desk + "/login?next=/%5Cevil.example", "")
        expect(b"evil" not in page, "a login never leads to another site")
        driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
        wait_for(lambda: driver.find_element(By.ID, "password"), "logging out returns to the login form")

        # Five wrong passwords lock the account, and then even the right one is refused.
        lockee = arguments.lockee
        for attempt in range(5):
            log_in(driver, desk, lockee.split(":")[0] + ":wrong password %d" % attempt)
            expect("do not match" in driver.find_element(By.ID, "login-error").text,
                   "wrong password %d is refused" % (attempt + 1))
        log_in(driver, desk, lockee)
        expect(driver.find_elements(By.ID, "login-error") and not driver.find_elements(By.ID, "queue"),
               "after five wrong passwords the account is locked: even its right password is refused")

        # A clinician logged in elsewhere, whose account an administrator disables, is logged out by it.
        elsewhere = logged_in_opener(desk, clinician)
        expect(b'id="queue"' in elsewhere.open(desk + "/", timeout=15).read(), "a clinician logged in elsewhere")

        # An administrator reads the audit log: views, the sign-off, failed logins, by name.
        log_in(driver, desk, arguments.admin)
        driver.get(desk + "/admin/audit")
        audit = driver.find_element(By.ID, "main").text
        name = clinician.split(":")[0]
        done = {tuple(cell.text for cell in row.find_elements(By.TAG_NAME, "td")[1:3])
                for row in driver.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")}
        for action in ["login-failed", "login", "view", "export-fhir", "sign"]:
            expect((name, action) in done, f"the audit log has {name}'s {action}")
        driver.get(desk + "/admin/accounts")
        expect("locked until" in driver.find_element(By.ID, "main").text, "an administrator sees the lockout")
        expect("mallory" not in driver.find_element(By.ID, "main").text, "and no account was made by the clinician")
        driver.find_element(By.XPATH, "//button[normalize-space()='Disable %s']" % name).click()
        wait_for(lambda: "Disabled %s" % name in driver.find_element(By.ID, "main").text,
                 "an administrator disables the clinician's account")
        time.sleep(3.5)  # the desk reads accounts at most every 3 s
        expect(b'id="queue"' not in elsewhere.open(desk + "/", timeout=15).read(),
               "and the clinician's open login ends at its next request")
        # Refusals (401, 403) are the server's answers, logged as network errors; anything else is a fault.
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                  and entry.get("source") != "network"]
        expect(not errors, "no page broke its content security policy or threw: %s" % errors)
    finally:
        driver.quit()


def check_idle(arguments):
    """With the desk's idle limit short: an open page left alone goes to the login form, saying why; and
    a request made after the limit is sent there too."""
    desk = arguments.desk.rstrip("/")
    driver = browser()
    try:
        log_in(driver, desk, arguments.clinician)
        wait_for(lambda: driver.find_element(By.ID, "queue"), "logged in")
        wait_for(lambda: "without activity" in driver.find_element(By.ID, "login-error").text,
                 "a page left open past the idle limit goes to the login form, saying why",
                 seconds=arguments.idle + 10)
        log_in(driver, desk, arguments.clinician)
        wait_for(lambda: driver.find_element(By.ID, "queue"), "logged in again")
        cookie = session_cookie(driver)
        driver.get("about:blank")
        time.sleep(arguments.idle + 1)
        status, body = fetch(desk + "/stats", cookie)
        expect(b"without activity" in body and b"Statistics" not in body,
               "a request after the idle limit gets the login form, saying why, not the page")
    finally:
        driver.quit()


def check_tls(arguments):
    """Under TLS the session cookie is Secure, HttpOnly, SameSite=Strict and host-only (__Host-)."""
    desk = arguments.desk.rstrip("/")
    options_driver = browser(insecure=True)
    try:
        log_in(options_driver, desk, arguments.clinician)
        wait_for(lambda: options_driver.find_element(By.ID, "queue"), "logged in over TLS")
        cookies = options_driver.get_cookies()
        expect(len(cookies) == 1 and cookies[0]["name"] == "__Host-desk_session", "one cookie, __Host-desk_session")
        cookie = cookies[0]
        expect(cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict",
               "Secure, HttpOnly and SameSite=Strict")
        protocol = options_driver.execute_script("return performance.getEntriesByType('navigation')[0].nextHopProtocol")
        expect(protocol == "h2", "over HTTP/2, so that many open pages' live streams share one connection: %s" % protocol)
        for tab in range(7):
            options_driver.switch_to.new_window("tab")
            options_driver.get(desk + "/stats")
        wait_for(lambda: "Statistics" in options_driver.find_element(By.TAG_NAME, "h1").text,
                 "an eighth open page still loads")
    finally:
        options_driver.quit()


# Conversations for the pictures: the four dispositions, said as the conversation tests say them.
SCRIPTS = [
    ["my husband passed out after his CAR-T"],
    ["I had the flu and now a fever", "no", "me", "nothing else", "same", "I don't know", "no"],
    ["I have a cough", "no", "me", "nothing else", "no treatment", "better", "no"],
    ["checking in after rituximab 2 weeks ago", "no", "me", "none"],
]


def kiosk_conversation(port, kiosk, token, answers):
    """One conversation in text mode as an identified kiosk (`AUTH kiosk token`), an answer per prompt."""
    converse(port, ["AUTH %s %s" % (kiosk, token)] + answers)


def fill(arguments):
    """Conversations at each kiosk of the tokens file, weighted as a clinic's day might be."""
    kiosks = [line.split() for line in open(arguments.kiosks) if line.strip()]
    weights = [[1, 2, 3, 6], [0, 1, 4, 5], [2, 3, 2, 2]]
    for (kiosk, token), counts in zip(kiosks, weights):
        for script, count in zip(SCRIPTS, counts):
            for _ in range(count):
                kiosk_conversation(arguments.serve_port, kiosk, token, script)
    print("ok: conversations held")


def screenshots(arguments):
    desk = arguments.desk.rstrip("/")
    os.makedirs(arguments.out, exist_ok=True)
    driver = browser()
    try:
        log_in(driver, desk, arguments.clinician)
        wait_for(lambda: driver.find_element(By.ID, "queue"), "logged in")
        driver.save_screenshot(os.path.join(arguments.out, "desk-queue.png"))
        # Some signed off, for the statistics; then an urgent one to look at.
        for _ in range(8):
            driver.get(desk + "/")
            driver.find_elements(By.CSS_SELECTOR, "#queue-rows a")[-1].click()
            driver.find_element(By.CSS_SELECTOR, "form.sign button").click()
            wait_for(lambda: "Signed off by" in driver.find_element(By.ID, "main").text, "signed off")
        driver.get(desk + "/")
        driver.find_elements(By.CSS_SELECTOR, "#queue-rows a")[4].click()
        wait_for(lambda: driver.find_element(By.ID, "integrity"), "a conversation")
        driver.set_window_size(1280, 1800)
        driver.save_screenshot(os.path.join(arguments.out, "desk-conversation.png"))
        driver.set_window_size(1280, 900)
        driver.get(desk + "/stats")
        driver.set_window_size(1280, max(900, driver.execute_script("return document.body.scrollHeight")))
        driver.save_screenshot(os.path.join(arguments.out, "desk-statistics.png"))
        print("ok: screenshots in", arguments.out)
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check")
    run.add_argument("--desk", required=True)
    run.add_argument("--serve-port", type=int, required=True)
    run.add_argument("--admin", required=True)
    run.add_argument("--clinician", required=True)
    run.add_argument("--lockee", required=True)
    run.add_argument("--fhir-validator", required=True)
    idle = commands.add_parser("check-idle")
    idle.add_argument("--desk", required=True)
    idle.add_argument("--clinician", required=True)
    idle.add_argument("--idle", type=float, required=True)
    tls = commands.add_parser("check-tls")
    tls.add_argument("--desk", required=True)
    tls.add_argument("--clinician", required=True)
    filling = commands.add_parser("fill")
    filling.add_argument("--serve-port", type=int, required=True)
    filling.add_argument("--kiosks", required=True)
    shots = commands.add_parser("screenshots")
    shots.add_argument("--desk", required=True)
    shots.add_argument("--clinician", required=True)
    shots.add_argument("--out", required=True)
    arguments = parser.parse_args()
    try:
        {"check": check, "check-idle": check_idle, "check-tls": check_tls,
         "fill": fill, "screenshots": screenshots}[arguments.command](arguments)
    except Failed as failure:
        print("FAILED:", failure, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
