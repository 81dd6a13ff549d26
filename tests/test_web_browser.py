"""nss-kg serve in a real browser: Debian's chromium, headless, driven by selenium through chromedriver.

One ``nss-kg serve`` (a subprocess, on 127.0.0.1 and a port of its choosing) and one browser session serve
every test here. After each test the browser's console log must hold no error: a resource the
Content-Security-Policy blocks, or one that fails to load, is one. With NSS_KG_SCREENSHOTS=FOLDER the
tests also save the screenshots the README shows (home.png, summit.png) there.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import servers

pytest.importorskip("starlette")
# In one xdist group: one browser and one server for the run, not one a worker.
pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("browser")]

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
#: The longest any page may take to load, and the server to start.
WAIT = 20.0


def _nss_kg() -> list[str]:
    beside = Path(sys.executable).parent / "nss-kg"
    return [str(beside)] if beside.exists() else [sys.executable, "-c", "from nss_kg.cli import main; main()"]


# Session, not module: xdist runs other modules' tests in between, and a module fixture would be set up again.
@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``nss-kg serve --port 0`` on 127.0.0.1; its base URL, read from the line it prints when ready."""
    process = subprocess.Popen(
        [*_nss_kg(), "serve", "--host", "127.0.0.1", "--port", "0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + WAIT
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            assert remaining > 0, "nss-kg serve did not start in time"
            if select.select([process.stderr], [], [], remaining)[0]:
                chunk = os.read(process.stderr.fileno(), 4096)  # unbuffered: select sees what is left
                assert chunk, f"nss-kg serve exited: {line.decode(errors='replace')}"
                line += chunk
        found = re.search(rb"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        yield f"http://127.0.0.1:{int(found.group(1))}"
    finally:
        servers.stop(process)  # type: ignore[arg-type]


# Session, not module: xdist runs other modules' tests in between, and a module fixture would be set up again.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium session for the run, with a fresh profile; its console log is kept."""
    for program, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(program, os.X_OK):
            servers.missing(program, f"apt-get install {package}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        servers.missing("selenium", "pip install '.[test]'")

    profile = tempfile.mkdtemp(prefix="nss-kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", "--window-size=1280,900",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(WAIT)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """The browser, its console log emptied before the test and checked for errors after it."""
    browser.get_log("browser")
    yield browser
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors


def _h1(browser: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(browser.find_element(By.TAG_NAME, "h1").text)


def _screenshot(browser: Any, name: str) -> None:
    folder = os.environ.get("NSS_KG_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        browser.save_screenshot(os.path.join(folder, name))


def test_the_home_page_loads(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    page.get(server + "/")
    assert "Nuclear Security Summit" in _h1(page)
    assert page.find_elements(By.CSS_SELECTOR, 'a[href="/summit/2012-seoul"]')
    # The stylesheet applied: the CSP let it load.
    assert page.execute_script("return document.styleSheets.length") >= 1
    assert page.execute_script("return document.styleSheets[0].cssRules.length") > 0
    _screenshot(page, "home.png")


def test_an_entity_page_in_three_languages_by_the_switcher(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    page.get(server + "/summit/2012-seoul")
    assert page.current_url == server + "/summit/2012-seoul.html"  # the 303, followed
    assert _h1(page) == "2012 Nuclear Security Summit"
    _screenshot(page, "summit.png")
    for language, title in [
        ("zh-Hant", "2012年核安全峰會"),
        ("zh-Hans", "2012年核安全峰会"),
        ("en", "2012 Nuclear Security Summit"),
    ]:
        page.find_element(By.CSS_SELECTOR, f'.languages a[hreflang="{language}"]').click()
        assert _h1(page) == title, language
        assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
        assert page.current_url.endswith(f"?lang={language}")


def test_a_state_page_tables_its_summits_in_three_languages(page: Any, server: str) -> None:
    """China's page: its profile across the four summits (the heads by summit), in each language."""
    from selenium.webdriver.common.by import By

    for language, title, heads in [
        ("en", "China", {"Hu Jintao", "Xi Jinping"}),
        ("zh-Hant", "中國", {"胡錦濤", "習近平"}),
        ("zh-Hans", "中国", {"胡锦涛", "习近平"}),
    ]:
        page.get(f"{server}/state/china?lang={language}")
        assert _h1(page) == title, language
        table = page.find_element(By.CSS_SELECTOR, "main table, table")
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == 4, language  # the four summits China attended
        assert {cell.text for row in rows for cell in row.find_elements(By.TAG_NAME, "td")} >= heads
        if language == "en":
            _screenshot(page, "state.png")


def test_following_a_link_reaches_the_linked_entity(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    page.get(server + "/summit/2012-seoul?lang=zh-Hant")
    page.find_element(By.CSS_SELECTOR, 'a[href="/city/seoul?lang=zh-Hant"]').click()
    assert page.current_url == server + "/city/seoul.html?lang=zh-Hant"
    assert _h1(page) == "首爾"
    # And back to the summit, from the city's page (the entities that link to it).
    page.find_element(By.CSS_SELECTOR, 'a[href="/summit/2012-seoul?lang=zh-Hant"]').click()
    assert _h1(page) == "2012年核安全峰會"


def test_the_api_docs_page_loads(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    page.get(server + "/")
    page.find_element(By.CSS_SELECTOR, 'header a[href="/api"]').click()
    assert _h1(page) == "REST API"
    sections = page.find_elements(By.CSS_SELECTOR, "section[id]")
    assert {s.get_attribute("id") for s in sections} >= {"summits", "summit", "label"}
    page.find_element(By.CSS_SELECTOR, 'a[href="/api/openapi.json"]').click()
    assert '"openapi"' in page.page_source


def test_the_sparql_form_runs_a_query(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page.get(server + "/sparql?edit=summits")
    page.find_element(By.CSS_SELECTOR, "form button, form input[type=submit]").click()
    # The answer is a new page: wait for its rows (on a busy machine it may not be there at once).
    rows = WebDriverWait(page, WAIT).until(
        lambda browser: browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    )
    assert len(rows) == 4


def test_the_query_page_runs_a_packaged_query_in_yasgui(page: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page.get(server + "/")
    page.find_element(By.CSS_SELECTOR, 'header a[href="/query"]').click()
    wait = WebDriverWait(page, WAIT)
    wait.until(lambda browser: browser.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    page.find_element(By.CSS_SELECTOR, 'button.load-query[data-query="summits"]').click()
    editor = page.execute_script("return window.nssKgYasgui.getTab().getQuery()")
    assert "SELECT ?edition ?startDate" in editor  # the packaged query, loaded
    page.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    rows = wait.until(lambda browser: browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
    assert len(rows) == 4
    assert "Washington" in rows[0].text and "2010-04-12" in rows[0].text


#: Where tests/run.sh installs axe-core (npm), the accessibility engine browsers' developer tools use.
AXE = Path(__file__).resolve().parents[1] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_PAGES = [
    "/",
    "/summit/2012-seoul",
    "/state/china",
    "/person/hu-jintao",
    "/ontology",
    "/api",
    "/sparql",
    "/search",
]


def test_no_accessibility_violation_on_our_pages(page: Any, server: str) -> None:
    """axe-core, run in the page (the driver's script, which the pages' CSP does not apply to), finds no
    violation on a page of each kind in the three languages (YASGUI's /query page is its own markup)."""
    path = Path(os.environ.get("NSS_KG_AXE", AXE))
    if not path.exists():
        servers.missing("axe-core", "npm install --prefix .venv/axe axe-core")
    source = path.read_text(encoding="utf-8")
    found = []
    for address in AXE_PAGES:
        for lang in ("en", "zh-Hant", "zh-Hans"):
            page.get(f"{server}{address}?lang={lang}")
            page.execute_script(source)
            result = page.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
                "v => [v.id, v.impact, v.nodes.length])));"
            )
            found += [(address, lang, *violation) for violation in result]
    assert found == []
