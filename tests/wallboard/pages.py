"""The board's pages in chromium, for the browser tests: a page signed in at a path, its errors collected."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, ViewportSize

from tests.harness.browser import chromium, sign_in

WALL_SCREEN: ViewportSize = {"width": 1920, "height": 1080}
DESK_SCREEN: ViewportSize = {"width": 1600, "height": 1000}


def open_page(
    browser: Browser,
    base_url: str,
    username: str,
    path: str,
    errors: list[str] | None = None,
    size: ViewportSize = WALL_SCREEN,
) -> Page:
    """A new page of ``browser`` signed in as ``username`` at ``path``; its uncaught errors go to ``errors``."""
    page = browser.new_page(viewport=size)
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base_url, username)
    page.goto(f"{base_url}{path}")
    return page


@contextmanager
def page_of(
    base_url: str, username: str, path: str, errors: list[str] | None = None, size: ViewportSize = WALL_SCREEN
) -> Iterator[Page]:
    """The only page of a new chromium (see ``open_page``)."""
    with chromium() as browser:
        yield open_page(browser, base_url, username, path, errors, size)
