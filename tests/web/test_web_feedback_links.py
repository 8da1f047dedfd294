"""A feedback provider without a rung login gets an e-mailed link: signed, expiring,
revocable, good for that one focus area's page only (its stretch assignment and milestones,
and the feedback form), and the PM sees when it was used."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail, signing
from django.urls import reverse

from rung.web.plans.models import Plan
from rung.web.tracking import links
from rung.web.tracking.models import FeedbackEntry, FeedbackLink
from rung.web.tracking.selectors import core_plan

from webtools import Org, client_for, on, page_text, post


def tracking(plan: Plan) -> str:
    return reverse("tracking:plan", kwargs={"plan_id": plan.pk})


def invite(org: Org, plan: Plan, index: int = 0, email: str = "nadia@example.com") -> str:
    """Morgan e-mails Nadia (no login) a link for focus area `index`; the link's address."""
    competency = core_plan(plan).focus_areas[index].competency
    response = post(client_for(org.morgan),
                    reverse("tracking:invite_provider", kwargs={"plan_id": plan.pk}),
                    {"name": "Nadia Petrov", "email": email, "competency": competency})
    assert response.status_code == 302
    found = re.search(r"http://testserver(/tracking/feedback/link/\S+/)",
                      str(mail.outbox[-1].body))
    assert found is not None
    return found.group(1)


def test_a_provider_without_a_login_gets_a_link_to_one_focus_area(org: Org, active: Plan
                                                                  ) -> None:
    focus = core_plan(active).focus_areas
    url = invite(org, active, 0)
    sent = mail.outbox[-1]
    assert sent.to == ["nadia@example.com"]
    assert sent.subject == f"[rung] Pat Quinn asks for your feedback on {focus[0].name}"
    assert "works until 2027-03-06" in sent.body  # a week after the cycle ends

    stranger = client_for(None)  # no login at all
    page = stranger.get(url)
    assert page.status_code == 200
    text = page_text(page)
    assert focus[0].stretch_assignment.text in text
    assert all(m.text in text for m in focus[0].milestones)
    assert focus[1].name not in text
    assert focus[2].name not in text
    assert "Kim" not in text
    assert "2.5" not in text
    assert page["Cache-Control"] == "private, no-store"

    with on("2026-12-10"):
        sent_feedback = post(stranger, url, {"observed_on": "2026-12-10",
                                             "situation": "Pricing review",
                                             "to_change": "Size the segment first"})
    assert sent_feedback.status_code == 302
    entry = FeedbackEntry.objects.get()
    assert entry.provider.name == "Nadia Petrov"
    assert entry.provider.person is None
    # the link opens nothing else of Pat's
    for name, kwargs in (("plans:detail", {"plan_id": active.pk}),
                         ("tracking:plan", {"plan_id": active.pk})):
        assert stranger.get(reverse(name, kwargs=kwargs)).status_code == 302  # to login


def test_the_pm_sees_when_the_link_was_used(org: Org, active: Plan) -> None:
    url = invite(org, active)
    before = page_text(client_for(org.pat).get(tracking(active)))
    assert "Nadia Petrov <nadia@example.com> gives feedback" in before
    assert "not opened yet" in before
    with on("2026-12-02"):
        client_for(None).get(url)
    with on("2026-12-09"):
        client_for(None).get(url)
    link = FeedbackLink.objects.get()
    assert link.uses == 2
    after = page_text(client_for(org.pat).get(tracking(active)))
    assert "opened 2 times, first 2026-12-02" in after
    assert "last 2026-12-09" in after


def test_a_revoked_link_stops_working(org: Org, active: Plan) -> None:
    url = invite(org, active)
    link = FeedbackLink.objects.get()
    revoke = reverse("tracking:revoke_link", kwargs={"plan_id": active.pk, "link_id": link.pk})
    assert post(client_for(org.pat), revoke).status_code == 302
    assert client_for(None).get(url).status_code == 404
    assert "revoked" in page_text(client_for(org.morgan).get(tracking(active)))


def test_inviting_again_replaces_the_earlier_link(org: Org, active: Plan) -> None:
    first = invite(org, active)
    second = invite(org, active)
    assert client_for(None).get(first).status_code == 404
    assert client_for(None).get(second).status_code == 200


def test_a_link_expires_a_week_after_the_cycle(org: Org, active: Plan) -> None:
    url = invite(org, active)
    with on("2027-03-06"):
        assert client_for(None).get(url).status_code == 200
    with on("2027-03-07"):
        assert client_for(None).get(url).status_code == 404


def test_a_link_is_signed_for_this_purpose_and_stored_only_as_a_digest(org: Org, active: Plan
                                                                       ) -> None:
    url = invite(org, active)
    token = url.split("/")[-2]
    link = FeedbackLink.objects.get()
    assert link.digest == links.digest_of(token)
    assert token not in link.digest
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_purpose = signing.dumps(signing.loads(token, salt=links.SALT), salt="rung.other")
    for bad in (tampered, other_purpose, "not-a-token"):
        assert client_for(None).get(
            reverse("tracking:feedback_link", kwargs={"token": bad})).status_code == 404


def test_an_invitation_needs_a_name_an_address_and_a_focus_area(org: Org, active: Plan
                                                                ) -> None:
    url = reverse("tracking:invite_provider", kwargs={"plan_id": active.pk})
    response = post(client_for(org.morgan), url, {"name": "", "email": "nadia-at-example",
                                                  "competency": "nope"}, follow=True)
    text = page_text(response)
    assert "give the provider's name" in text
    assert "is not an e-mail address" in text
    assert "not a focus area of this plan" in text  # every problem at once
    assert not mail.outbox
    assert not FeedbackLink.objects.exists()


def test_a_draft_plan_takes_no_invitations(org: Org, plan: Plan) -> None:
    url = reverse("tracking:invite_provider", kwargs={"plan_id": plan.pk})
    competency = core_plan(plan).focus_areas[0].competency
    response = post(client_for(org.morgan), url, {"name": "Nadia", "email": "n@example.com",
                                                  "competency": competency}, follow=True)
    assert "once the plan is active" in page_text(response)
    assert not mail.outbox


def test_a_closed_plan_closes_its_links(org: Org, active: Plan) -> None:
    from rung.web.plans.services import plan_close

    url = invite(org, active)
    plan_close(plan=active, base_version=active.version, user=org.morgan.user)
    assert client_for(None).get(url).status_code == 404


def test_expiry_is_the_end_of_the_day_a_week_after_the_cycle(active: Plan) -> None:
    assert links.expiry(active).date() == active.cycle_end + timedelta(days=7)
