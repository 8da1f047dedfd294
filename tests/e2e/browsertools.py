"""Helpers for the browser tests: the personas' password and logging in as one of them."""

from __future__ import annotations

from typing import Any

PASSWORD = "plum-lantern-42-ferry"


def login(browser: Any, base: str, username: str, opened: list[Any]) -> Any:
    """A page logged in as `username`, in a new context added to `opened` (the test closes
    them all before the live server stops)."""
    context = browser.new_context(viewport={"width": 1180, "height": 860})
    opened.append(context)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return page
