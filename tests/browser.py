"""Headless Chromium for tests (Debian's chromium + chromium-driver, driven by Selenium).

``chromium_driver()`` returns a WebDriver or calls ``pytest.skip`` with the reason when the browser,
its driver or Selenium is missing. Chromium starts with networking features off and a fresh profile.
"""

from __future__ import annotations

import shutil
import tempfile

import pytest

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


def _find(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if not _find("chromium", "chromium-browser"):
        return "chromium is not installed (apt-get install chromium chromium-driver)"
    if not _find("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def chromium_driver():
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _find("chromium", "chromium-browser")
    profile = tempfile.mkdtemp(prefix="auditor-chromium-")
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=_find("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    driver._auditor_profile = profile  # removed by close_driver
    return driver


def close_driver(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_auditor_profile", ""), ignore_errors=True)


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
