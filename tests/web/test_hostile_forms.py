"""Every page, query parameter and form of the site, driven with hostile values by Hypothesis
as the PM, the manager, another manager and the admin: never a 5xx, never a traceback.

The pages come from the privacy table (test_web_privacy.ROWS: every URL name and who may
open it); the forms are read from each page's own HTML, so a new form is fuzzed without
being listed. The REST API has its own schema-driven run (schemathesis). Bounded: a few
derandomized examples per page (tests/conftest.py loads the "repeatable" profile).
"""

from __future__ import annotations

import importlib
import io
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rung.web.once import FIELD

from hostile import HOSTILE_TEXT, hostile_text, sparse_xlsx_bytes
from webtools import client_for, post

# The privacy table lists every URL and who may open it (its own test fails on a URL without a
# row), so reusing it fuzzes every page, including ones added later. Imported by name: a test
# module is not on mypy's path.
_privacy: Any = importlib.import_module("test_web_privacy")
ROWS: tuple[Any, ...] = _privacy.ROWS
Ctx = Any  # test_web_privacy.Ctx
ctx = _privacy.ctx  # the fixture: Pat's plan, a feedback provider, links and a calendar secret

# Forms that end the session or change a password: fuzzing them logs the client out.
SKIP_ACTIONS = ("accounts:logout", "accounts:password_change")
PARAMS = ("against", "from", "kind", "name", "template", "start", "next", "page", "format",
          "q", "sort")
FUZZ = settings(max_examples=4, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
PAGES: list[tuple[Any, str | None]] = [
    (r, who) for r in ROWS if r.method == "get"
    for who in (*r.works, *((None,) if r.public and r.works else ()))]


class Forms(HTMLParser):
    """The POST forms of a page: action and field names (with a select's first option)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str], bool]] = []  # (action, fields, has_file)
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.open = a.get("method", "").lower() == "post"
            if self.open:
                self.forms.append((a.get("action", ""), {}, False))
        elif tag in ("input", "select", "textarea") and self.open and a.get("name"):
            action, fields, has_file = self.forms[-1]
            fields.setdefault(a["name"], a.get("value", ""))
            self.forms[-1] = (action, fields, has_file or a.get("type") == "file")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = False


def healthy(response: Any, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code)
    body = getattr(response, "content", b"")  # a FileResponse streams: nothing to scan
    assert b"Traceback" not in body, what


def client(ctx: Ctx, who: str | None) -> Client:
    return client_for(ctx.org.by_name(who) if who else None)


HOSTILE_FILES = st.sampled_from([
    ("sparse.xlsx", sparse_xlsx_bytes()),
    ("zeros.xlsx", b"\x00" * 4096),
    ("formulas.csv", b"person_id,person_name\n=1+1,@SUM(A1)\n"),
    ("nul.csv", b"person_id\x00,x\n\x00\x00\n"),
    ("latin1.csv", "caf\xe9,na\xefve\n".encode("latin-1")),
    ("deep.json", b"[" * 50_000 + b"]" * 50_000),
    ("huge-line.csv", b"a," * 200_000),
    ("big.xls", b"\xd0\xcf\x11\xe0" + b"x" * 100),
])


# Every parameter a view reads (grep request.GET) gets a hostile value in every example.
@given(params=st.fixed_dictionaries({p: hostile_text for p in PARAMS},
                                    optional={"x": hostile_text}))
@example(params={"against": "abc", "from": "9999-12-31"})  # the 500s of issue 13
@example(params={"against": "99999999999999999999", "from": "0001-01-01", "kind": "\x00"})
@FUZZ
def test_no_page_fails_on_hostile_query_parameters(ctx: Ctx, params: dict[str, str]) -> None:
    for row, who in PAGES:
        url = reverse(row.name, kwargs=row.kwargs(ctx))
        healthy(client(ctx, who).get(url, params), f"GET {row.id} as {who} {params!r}")


def site_forms(ctx: Ctx) -> list[tuple[str | None, str, dict[str, str], bool]]:
    """Every POST form on the pages each person can open: (who, action, fields, has_file)."""
    skip = {reverse(name) for name in SKIP_ACTIONS}
    found: dict[tuple[str | None, str], tuple[str | None, str, dict[str, str], bool]] = {}
    for row, who in PAGES:
        url = reverse(row.name, kwargs=row.kwargs(ctx))
        page = client(ctx, who).get(url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue
        parser = Forms()
        parser.feed(page.content.decode())
        for action, fields, has_file in parser.forms:
            target = urljoin(url, action or url)
            if target not in skip:
                found.setdefault((who, target), (who, target, fields, has_file))
    return list(found.values())


@given(data=st.data())
@FUZZ
def test_no_form_fails_on_hostile_values(ctx: Ctx, data: st.DataObject) -> None:
    forms = site_forms(ctx)
    assert len(forms) >= 25  # the forms were found (a broken parser would fuzz nothing)
    for who, action, fields, has_file in forms:
        if True:
            values: dict[str, Any] = {
                name: data.draw(hostile_text | st.just(value), label=name)
                for name, value in fields.items()
                if name not in ("csrfmiddlewaretoken", FIELD)
            }
            if has_file:
                name, content = data.draw(HOSTILE_FILES, label="file")
                upload = io.BytesIO(content)
                upload.name = name
                values = {**values, **{k: upload for k, v in values.items() if k == "file"}}
            response = post(client(ctx, who), action, values)
            healthy(response, f"POST {action} as {who}")


def test_the_hostile_values_include_every_kind_the_issue_names() -> None:
    kinds = {
        "huge": any(len(v) >= 100_000 for v in HOSTILE_TEXT),
        "NUL": "\x00" in HOSTILE_TEXT,
        "CR/LF": any("\r\n" in v for v in HOSTILE_TEXT),
        "formula": any(v.startswith("=") for v in HOSTILE_TEXT),
        "far date": "9999-12-31" in HOSTILE_TEXT,
        "negative": any(v.startswith("-9") for v in HOSTILE_TEXT),
        "deep nesting": any(v.startswith("[" * 1000) for v in HOSTILE_TEXT),
        "unicode": any(ord(c) > 0xFFFF for v in HOSTILE_TEXT for c in v),
    }
    assert all(kinds.values()), kinds
