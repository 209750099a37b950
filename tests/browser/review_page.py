#!/usr/bin/env python3
"""End-to-end test of the review page in headless Chromium.

Generates the page for examples/ with the release binary, opens it from a
file:// URL through chromedriver (Debian's `chromium-driver`, always the
same version as `chromium`, so no driver download and no version drift),
and checks through the DOM that:

- there is one highlight per finding of `dejargon check examples/ --format json`;
- both charts exist and have bars; the header shows the JSON density;
- clicking a highlight shows its suggestion, hovering another shows its card;
- the severity filter switches highlights off and on;
- no element refers to anything outside the page, the page loaded no
  resources, and every network request Chromium recorded stayed on file://;
- the script logged no errors.

It saves screenshots to target/review-screenshot.png (the whole page, with
a card open) and target/review-screenshot-card.png (the viewport).

Only the Python standard library is used: the WebDriver protocol is plain
HTTP and JSON.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1280,1000",
]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"  ok: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few WebDriver commands this test needs."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        url = self.base + path
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")
            raise Failure(f"WebDriver {method} {path} failed: {err.code} {detail[:600]}")
        return payload.get("value")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def start(self, chromium, user_data_dir):
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": CHROMIUM_FLAGS + [f"--user-data-dir={user_data_dir}"],
                "perfLoggingPrefs": {"enableNetwork": True, "enablePage": False},
            },
            "goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"},
        }
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.session = value["sessionId"]

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", f"/session/{self.session}")
            except Exception:  # the browser may be gone already
                pass
            self.session = None

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find(self, css):
        value = self.s("POST", "/element", {"using": "css selector", "value": css})
        return value[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.s("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element):
        self.s("POST", f"/element/{element}/click", {})

    def displayed(self, element):
        return self.s("GET", f"/element/{element}/displayed")

    def text(self, element):
        return self.s("GET", f"/element/{element}/text")

    def hover(self, element):
        self.s(
            "POST",
            "/actions",
            {
                "actions": [
                    {
                        "type": "pointer",
                        "id": "mouse",
                        "parameters": {"pointerType": "mouse"},
                        "actions": [
                            {"type": "pointerMove", "duration": 0, "x": 5, "y": 5},
                            {
                                "type": "pointerMove",
                                "duration": 120,
                                "origin": {ELEMENT: element},
                                "x": 0,
                                "y": 0,
                            },
                        ],
                    }
                ]
            },
        )
        self.s("DELETE", "/actions")

    def log(self, kind):
        return self.s("POST", "/se/log", {"type": kind}) or []

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        Path(path).write_bytes(png)


def wait_for(predicate, what, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    raise Failure(f"timed out waiting for {what}")


def run_binary(binary, *args, ok_codes=(0,)):
    result = subprocess.run(
        [binary, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if result.returncode not in ok_codes:
        raise Failure(f"{binary} {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / "target/release/dejargon"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument(
        "--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver"
    )
    parser.add_argument("--out", default=str(ROOT / "target"))
    args = parser.parse_args()

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "review-page" / "review.html"
    page.parent.mkdir(parents=True, exist_ok=True)

    print("== generating the page and the JSON for examples/")
    run_binary(args.binary, "report", "examples/", "-o", str(page))
    report = json.loads(
        run_binary(args.binary, "check", "examples/", "--format", "json", "--stats", ok_codes=(0, 1))
    )
    findings = report["findings"]
    check(len(findings) > 0, f"the examples have findings ({len(findings)})")

    port = free_port()
    driver_log = open(out_dir / "review-chromedriver.log", "w")
    chromedriver = subprocess.Popen(
        [args.chromedriver, f"--port={port}"], stdout=driver_log, stderr=subprocess.STDOUT
    )
    driver = WebDriver(port)
    profile = tempfile.mkdtemp(prefix="dejargon-chromium-")
    try:
        wait_for(
            lambda: _ready(driver),
            "chromedriver to start",
            timeout=30,
        )
        driver.start(args.chromium, profile)
        url = page.resolve().as_uri()
        print(f"== opening {url}")
        driver.s("POST", "/url", {"url": url})
        wait_for(lambda: driver.script("return document.readyState") == "complete", "the page")

        print("== DOM")
        marks = driver.script("return document.querySelectorAll('mark.f').length")
        check(
            marks == len(findings),
            f"{marks} highlights = {len(findings)} findings in `check --format json`",
        )
        severities = driver.script(
            "return Array.from(document.querySelectorAll('mark.f'), m => m.dataset.severity)"
        )
        check(
            severities == [f["severity"] for f in findings],
            "highlights are in JSON order, with the same severities",
        )
        for chart in ("chart-sections", "chart-terms"):
            bars = driver.script(
                "const c = document.getElementById(arguments[0]);"
                "return c && c.tagName.toLowerCase() === 'svg' ? c.querySelectorAll('rect.bar').length : -1",
                chart,
            )
            check(bars > 0, f"chart #{chart} is an inline SVG with {bars} bars")
        density = driver.script("return document.getElementById('density').textContent")
        expected = f"{report['summary']['density']:.1f}"
        check(density == expected, f"header density {density} = JSON density {expected}")
        glossary_rows = driver.script("return document.querySelectorAll('#glossary tbody tr').length")
        check(glossary_rows > 0, f"the glossary has {glossary_rows} rows")
        external = driver.script(
            "return Array.from(document.querySelectorAll('[src],[href],[srcset],[action],[poster]'))"
            ".map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('srcset')"
            " || e.getAttribute('action') || e.getAttribute('poster'))"
            ".filter(v => !v.startsWith('#'))"
        )
        check(external == [], "no element refers to anything outside the page")
        resources = driver.script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        check(resources == [], "the page loaded no resources")

        print("== click a highlight")
        first = driver.find("mark.f")
        driver.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", {ELEMENT: first})
        pop = driver.find("#pop")
        check(not driver.displayed(pop), "the card is hidden before a click")
        driver.click(first)
        wait_for(lambda: driver.displayed(pop), "the card after a click")
        suggestion = driver.find("#pop .pop-sugg li")
        wait_for(lambda: driver.displayed(suggestion), "the suggestion")
        check(
            driver.text(suggestion) == findings[0]["suggestions"][0],
            f"clicking \"{findings[0]['matched']}\" shows its suggestion: {driver.text(suggestion)!r}",
        )
        meaning = driver.text(driver.find("#pop .pop-expl"))
        check(meaning == findings[0]["explanation"], "and its meaning")
        driver.screenshot(out_dir / "review-screenshot-card.png")

        print("== hover another highlight")
        driver.click(driver.find("#pop .pop-close"))
        wait_for(lambda: not driver.displayed(pop), "the card to close")
        other_index = next(
            (i for i, f in enumerate(findings) if f["term"] != findings[0]["term"]), 0
        )
        other = driver.find_all("mark.f")[other_index]
        driver.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", {ELEMENT: other})
        driver.hover(other)
        wait_for(lambda: driver.displayed(pop), "the card on hover")
        term = driver.text(driver.find("#pop .pop-term"))
        check(term == findings[other_index]["matched"], f"hovering shows the card for {term!r}")

        print("== filters")
        errors = sum(1 for f in findings if f["severity"] == "error")
        box = driver.find("#filters input[value='error']")
        driver.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", {ELEMENT: box})
        driver.click(box)
        off = driver.script("return document.querySelectorAll('mark.f.off').length")
        check(off == errors, f"unticking Error switches off {off} of {errors} error highlights")
        driver.click(driver.find("#filter-all"))
        off = driver.script("return document.querySelectorAll('mark.f.off').length")
        check(off == 0, "Show all switches them back on")

        print("== screenshot with a card open")
        driver.script("window.scrollTo(0, 0)")
        driver.click(first)
        wait_for(lambda: driver.displayed(pop), "the card")
        height = driver.script(
            "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))"
        )
        driver.s("POST", "/window/rect", {"width": 1280, "height": min(int(height) + 40, 16000)})
        driver.script("window.scrollTo(0, 0)")
        time.sleep(0.3)
        shot = out_dir / "review-screenshot.png"
        driver.screenshot(shot)
        check(shot.stat().st_size > 10_000, f"saved {shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}")

        print("== network and console")
        requests = []
        for entry in driver.log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                params = message["params"]
                requests.append((params.get("documentURL", ""), params["request"]["url"]))
        ours = [u for d, u in requests if d == url or u == url]
        check(url in ours, f"{len(requests)} requests recorded, {len(ours)} by the page")
        check(
            all(u.startswith("file://") for u in ours),
            f"every request of the page stayed on file:// {ours}",
        )
        # Chromium's own pages (chrome://, the blank data: page chromedriver
        # opens first) are local too; nothing may reach a network.
        network = [u for _, u in requests if u.split(":", 1)[0].lower() in
                   ("http", "https", "ws", "wss", "ftp")]
        check(network == [], f"no request reached a network {network[:10]}")
        errors = [e for e in driver.log("browser") if e.get("level") == "SEVERE"]
        check(errors == [], "the console has no errors")
    finally:
        driver.quit()
        chromedriver.terminate()
        try:
            chromedriver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chromedriver.kill()
        driver_log.close()
        shutil.rmtree(profile, ignore_errors=True)
    print("browser test passed")


def _ready(driver):
    try:
        return bool(driver.call("GET", "/status").get("ready"))
    except Exception:
        return False


if __name__ == "__main__":
    try:
        main()
    except Failure as err:
        print(f"FAILED: {err}", file=sys.stderr)
        sys.exit(1)
