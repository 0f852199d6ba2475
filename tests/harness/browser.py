"""A headless Debian chromium driven by Playwright, with a page already signed in through the sign-in form."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.harness.sign_in import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@contextmanager
def chromium(*extra_args: str) -> Iterator[Browser]:
    """A running chromium (``extra_args`` added to its command line), closed on the way out.

    The live server's views run in Playwright's thread, where Django refuses ORM calls unless told the
    caller is synchronous."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Sign ``username`` in through the sign-in form of the server at ``base_url``."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


@contextmanager
def signed_in_page(
    base_url: str, username: str, *extra_args: str, accept_downloads: bool = False
) -> Iterator[Page]:
    """A fresh page of a new chromium, signed in as ``username``."""
    with chromium(*extra_args) as browser:
        page = browser.new_context(accept_downloads=accept_downloads).new_page()
        sign_in(page, base_url, username)
        yield page


def download(page: Page, selector: str) -> tuple[str, bytes]:
    """Click ``selector`` and wait for the download it starts: its suggested file name and its content."""
    with page.expect_download() as download_info:
        page.click(selector)
    started = download_info.value
    return started.suggested_filename, Path(started.path()).read_bytes()
