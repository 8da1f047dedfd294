"""Privacy: every URL name has a row here, and every row is tested with the trio
*works / allowed role works / outsider gets 404* (Pat the PM, Morgan his manager, Casey another
manager, Ada the admin). A URL added without a row fails `test_every_url_has_a_privacy_row`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from rung.web.assessments.models import Assessment
from rung.web.imports.models import ImportJob
from rung.web.plans.models import Plan
from rung.web.tracking import links
from rung.web.tracking.calendar import token_new
from rung.web.tracking.models import FeedbackLink, FeedbackProvider
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import link_revoke, provider_name

from webtools import Org, client_for, post
from webtools import url_names as all_url_names

ALL = ("pat", "morgan", "casey", "ada")


@dataclass(frozen=True)
class Ctx:
    org: Org
    assessment: Assessment
    plan: Plan
    provider_role: FeedbackProvider  # Casey, named to give Pat feedback on one focus area
    revoked_token: str  # Pat's earlier calendar secret, replaced by a new one
    link: FeedbackLink  # an e-mailed feedback link of a provider without a login
    link_token: str
    revoked_link_token: str


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[Ctx], dict[str, Any]] = lambda c: {}
    works: tuple[str, ...] = ()
    outsiders: tuple[str, ...] = ()
    method: str = "get"
    data: Callable[[Ctx], dict[str, Any]] = lambda c: {}
    public: bool = False  # reachable without logging in
    label: str = ""
    ok: frozenset[int] = field(default=frozenset({200, 302}))

    @property
    def id(self) -> str:
        return self.label or self.name


PAT = lambda c: {"slug": c.org.pat.slug}  # noqa: E731
PLAN = lambda c: {"plan_id": c.plan.pk}  # noqa: E731
ASSESSMENT = lambda c: {"assessment_id": c.assessment.pk}  # noqa: E731
BASE = lambda c: {"base_version": c.plan.version}  # noqa: E731
BOTH = ("pat", "morgan")
NOT_BOTH = ("casey", "ada")

ROWS: tuple[Row, ...] = (
    # accounts: self-service pages every logged-in person has; nobody's data in them.
    Row("accounts:home", works=ALL),
    Row("accounts:login", works=(), public=True),
    Row("accounts:logout", works=ALL, method="post"),
    Row("accounts:password_change", works=ALL),
    Row("accounts:password_change_done", works=ALL),
    Row("accounts:password_reset", works=(), public=True),
    Row("accounts:password_reset_done", works=(), public=True),
    Row("accounts:password_reset_confirm", kwargs=lambda c: {"uidb64": "MQ", "token": "x-y"},
        works=(), public=True),
    Row("accounts:password_reset_complete", works=(), public=True),
    # the audit log: admins only
    Row("audit:log", works=("ada",), outsiders=("pat", "morgan", "casey")),
    Row("audit:export", works=("ada",), outsiders=("pat", "morgan", "casey")),
    # people
    Row("people:dashboard", works=("morgan", "casey"), outsiders=("pat", "ada")),
    Row("people:person", kwargs=PAT, works=BOTH, outsiders=NOT_BOTH),
    Row("people:admin_people", works=("ada",), outsiders=("pat", "morgan", "casey")),
    Row("people:admin_person_new", works=("ada",), outsiders=("pat", "morgan", "casey")),
    Row("people:admin_person_edit", kwargs=PAT, works=("ada",),
        outsiders=("pat", "morgan", "casey")),
    Row("people:admin_frameworks", works=("ada",), outsiders=("pat", "morgan", "casey")),
    Row("people:admin_framework_toggle", kwargs=lambda c: {"key": "pmwheel"}, method="post",
        works=("ada",), outsiders=("pat", "morgan", "casey")),
    # assessments
    Row("assessments:new", kwargs=PAT, works=BOTH, outsiders=NOT_BOTH),
    Row("assessments:upload", kwargs=PAT, works=("morgan",), outsiders=("pat", *NOT_BOTH)),
    Row("assessments:template", kwargs=PAT, works=("morgan",), outsiders=("pat", *NOT_BOTH)),
    Row("assessments:detail", kwargs=ASSESSMENT, works=BOTH, outsiders=NOT_BOTH),
    Row("assessments:rate", kwargs=lambda c: {"assessment_id": c.assessment.pk, "role": "self"},
        works=("pat",), outsiders=("morgan", *NOT_BOTH), label="assessments:rate self"),
    Row("assessments:rate",
        kwargs=lambda c: {"assessment_id": c.assessment.pk, "role": "manager"},
        works=("morgan",), outsiders=("pat", *NOT_BOTH), label="assessments:rate manager"),
    Row("assessments:rate", kwargs=lambda c: {"assessment_id": c.assessment.pk, "role": "peer"},
        works=("morgan",), outsiders=("pat", *NOT_BOTH), label="assessments:rate peer"),
    Row("assessments:calibrate", kwargs=ASSESSMENT, works=BOTH, outsiders=NOT_BOTH),
    # plans
    Row("plans:generate", kwargs=PAT, works=("morgan",), outsiders=("pat", *NOT_BOTH)),
    Row("plans:detail", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("plans:edit_focus", kwargs=lambda c: {"plan_id": c.plan.pk, "index": 0}, works=BOTH,
        outsiders=NOT_BOTH),
    Row("plans:lint", kwargs=PLAN, method="post", data=lambda c: {"section": "focus-0"},
        works=BOTH, outsiders=NOT_BOTH),
    Row("plans:first_action", kwargs=PLAN, works=("pat",), outsiders=("morgan", *NOT_BOTH)),
    Row("plans:replace_focus", kwargs=PLAN, works=("pat",), outsiders=("morgan", *NOT_BOTH)),
    Row("plans:agree", kwargs=PLAN, method="post", data=BASE, works=BOTH, outsiders=NOT_BOTH),
    Row("plans:close", kwargs=PLAN, method="post", data=BASE, works=("morgan",),
        outsiders=("pat", *NOT_BOTH)),
    Row("plans:history", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("plans:version", kwargs=lambda c: {"plan_id": c.plan.pk, "number": 1}, works=BOTH,
        outsiders=NOT_BOTH),
    Row("plans:restore", kwargs=lambda c: {"plan_id": c.plan.pk, "number": 1}, method="post",
        data=BASE, works=BOTH, outsiders=NOT_BOTH),
    Row("plans:download", kwargs=lambda c: {"plan_id": c.plan.pk, "fmt": "md"}, works=BOTH,
        outsiders=NOT_BOTH),
    # tracking: keeping the plan alive
    Row("tracking:plan", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("tracking:self_check", kwargs=PLAN, works=("pat",), outsiders=("morgan", *NOT_BOTH)),
    Row("tracking:mark",
        kwargs=lambda c: {"plan_id": c.plan.pk, "kind": "first-visible-action"},
        method="post", works=("pat",), outsiders=("morgan", *NOT_BOTH)),
    Row("tracking:check_in", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("tracking:review", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("tracking:next_cycle", kwargs=PLAN, method="post", works=("morgan",),
        outsiders=("pat", *NOT_BOTH)),
    Row("tracking:history", kwargs=PAT, works=BOTH, outsiders=NOT_BOTH),
    Row("tracking:narrow", kwargs=PLAN, method="post", data=BASE, works=BOTH,
        outsiders=NOT_BOTH),
    Row("tracking:name_provider", kwargs=PLAN, method="post",
        data=lambda c: {"slug": "ada", "competency": c.provider_role.competency},
        works=BOTH, outsiders=NOT_BOTH),
    # the feedback provider (Casey) reaches only their own focus area's feedback page; the
    # rows above show they get 404 on everything else of Pat's
    Row("tracking:feedback", kwargs=lambda c: {"role_id": c.provider_role.pk},
        works=("casey",), outsiders=("pat", "morgan", "ada")),
    Row("tracking:invite_provider", kwargs=PLAN, method="post",
        data=lambda c: {"name": "Vic Vega", "email": "vic@example.com",
                        "competency": c.provider_role.competency},
        works=BOTH, outsiders=NOT_BOTH),
    Row("tracking:revoke_link", kwargs=lambda c: {"plan_id": c.plan.pk, "link_id": c.link.pk},
        method="post", works=BOTH, outsiders=NOT_BOTH),
    # an e-mailed link's only key is its token (test_web_feedback_links): whoever holds it
    # reaches that one focus area's page; revoked, it is 404 for everybody
    Row("tracking:feedback_link", kwargs=lambda c: {"token": c.link_token}, public=True,
        works=ALL, outsiders=(), label="tracking:feedback_link valid"),
    Row("tracking:feedback_link", kwargs=lambda c: {"token": c.revoked_link_token},
        public=True, works=(), outsiders=ALL, label="tracking:feedback_link revoked"),
    Row("tracking:calendar", kwargs=PAT, works=("pat",), outsiders=("morgan", "casey", "ada")),
    # the feed's only key is its secret (tested in test_web_tracking); a revoked one is 404
    # for everybody
    Row("tracking:calendar_feed", kwargs=lambda c: {"token": c.revoked_token}, public=True,
        works=(), outsiders=ALL, label="tracking:calendar_feed revoked"),
    # teams: a manager's own team; the admin's organisation aggregates
    Row("teams:team", works=("morgan", "casey"), outsiders=("pat", "ada")),
    Row("teams:team_schedule", works=("morgan", "casey"), outsiders=("pat", "ada")),
    Row("teams:org", works=("ada",), outsiders=("pat", "morgan", "casey")),
    # imports: only the admin loads an organisation
    Row("imports:upload", works=("ada",), outsiders=("pat", "morgan", "casey")),
    Row("imports:status", kwargs=lambda c: {"job_id": ImportJob.objects.create(
        owner=c.org.ada.user).pk}, works=("ada",), outsiders=("pat", "morgan", "casey")),
)
# The API has its own table (token auth, JSON 404s): tests/web/test_api_privacy.py.
OWN_TABLE_NAMESPACES = ("api:", "api_tokens:")


def url_names() -> set[str]:
    return {n for n in all_url_names() if not n.startswith(OWN_TABLE_NAMESPACES)}


def test_every_url_has_a_privacy_row() -> None:
    missing = url_names() - {r.name for r in ROWS}
    assert not missing, f"URLs without a privacy row in ROWS: {sorted(missing)}"
    unknown = {r.name for r in ROWS} - url_names()
    assert not unknown, f"rows for URLs that do not exist: {sorted(unknown)}"


def test_every_row_that_shows_data_has_an_outsider() -> None:
    self_service = {"accounts:home", "accounts:login", "accounts:logout",
                    "accounts:password_change", "accounts:password_change_done",
                    "accounts:password_reset", "accounts:password_reset_done",
                    "accounts:password_reset_confirm", "accounts:password_reset_complete"}
    for row in ROWS:
        if row.name not in self_service:
            # a URL whose key is a secret has its outsiders in a sibling row (a revoked key)
            assert any(r.outsiders for r in ROWS if r.name == row.name), \
                f"{row.id}: who must get 404?"
            assert not set(row.works) & set(row.outsiders), row.id


@pytest.fixture
def ctx(org: Org, plan: Plan) -> Ctx:
    role = provider_name(plan=plan, competency=core_plan(plan).focus_areas[0].competency,
                         slug=org.casey.slug, user=org.morgan.user)
    revoked = token_new(org.pat).token
    token_new(org.pat)
    tokens = [links.new_token(), links.new_token()]
    invited = FeedbackProvider.objects.create(plan=plan, competency=role.competency,
                                              focus_name=role.focus_name, name="Nadia Petrov",
                                              email="nadia@example.com")
    made = [FeedbackLink.objects.create(provider=invited, digest=links.digest_of(t),
                                        expires_at=links.expiry(plan)) for t in tokens]
    link_revoke(link=made[1])
    return Ctx(org=org, assessment=plan.assessment, plan=plan, provider_role=role,
               revoked_token=revoked, link=made[0], link_token=tokens[0],
               revoked_link_token=tokens[1])


def _request(row: Row, ctx: Ctx, who: str | None) -> Any:
    client = client_for(ctx.org.by_name(who) if who else None)
    url = reverse(row.name, kwargs=row.kwargs(ctx))
    if row.method == "post":
        return post(client, url, row.data(ctx))
    return client.get(url)


WORKS = [(r, who) for r in ROWS for who in r.works]
OUTSIDERS = [(r, who) for r in ROWS for who in r.outsiders]


@pytest.mark.parametrize(("row", "who"), WORKS, ids=[f"{r.id}-{w}" for r, w in WORKS])
def test_allowed_person_gets_the_page(ctx: Ctx, row: Row, who: str) -> None:
    response = _request(row, ctx, who)
    assert response.status_code in row.ok, (row.id, who, response.status_code)


@pytest.mark.parametrize(("row", "who"), OUTSIDERS, ids=[f"{r.id}-{w}" for r, w in OUTSIDERS])
def test_outsider_gets_404(ctx: Ctx, row: Row, who: str) -> None:
    response = _request(row, ctx, who)
    assert response.status_code == 404, (row.id, who, response.status_code)


PRIVATE = [r for r in ROWS if not r.public and r.name != "accounts:logout"]


@pytest.mark.parametrize("row", PRIVATE, ids=[r.id for r in PRIVATE])
def test_anonymous_is_sent_to_login(ctx: Ctx, row: Row) -> None:
    response = _request(row, ctx, None)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_outsider_404_does_not_reveal_that_the_plan_exists(ctx: Ctx) -> None:
    casey = client_for(ctx.org.casey)
    real = casey.get(reverse("plans:detail", kwargs={"plan_id": ctx.plan.pk}))
    missing = casey.get(reverse("plans:detail", kwargs={"plan_id": ctx.plan.pk + 999}))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    assert b"Pat" not in real.content


def test_a_manager_sees_only_direct_reports_on_the_dashboard(ctx: Ctx) -> None:
    def reports(who: Any) -> str:  # the table, not the feedback Casey gives Pat
        page = client_for(who).get(reverse("people:dashboard")).content.decode()
        return page.split('id="feedback-i-give"')[0]

    morgan, casey = reports(ctx.org.morgan), reports(ctx.org.casey)
    assert "Pat Quinn" in morgan
    assert "Quinn Ito" not in morgan
    assert "Quinn Ito" in casey
    assert "Pat Quinn" not in casey


def test_a_manager_who_loses_the_role_loses_access(ctx: Ctx) -> None:
    ctx.org.morgan.role = "pm"
    ctx.org.morgan.save()
    response = client_for(ctx.org.morgan).get(reverse("plans:detail",
                                                      kwargs={"plan_id": ctx.plan.pk}))
    assert response.status_code == 404


def test_csrf_is_enforced(ctx: Ctx) -> None:
    client = client_for(ctx.org.pat)
    url = reverse("plans:agree", kwargs={"plan_id": ctx.plan.pk})
    response = client.post(url, {"base_version": ctx.plan.version})
    assert response.status_code == 403
    ctx.plan.refresh_from_db()
    assert ctx.plan.pm_agreed_version is None
