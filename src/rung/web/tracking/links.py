"""Feedback links for providers without a rung login: signed, expiring, single-purpose keys.

A token is a random value signed by Django's `signing` with a salt of its own (so no other
signed value of rung opens a feedback page, and a token cannot be forged or altered); the
database keeps only its SHA-256 digest, so a leaked database or backup gives no working link.
The stored row is what lets a link be revoked, expire with the cycle, and record its use.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.core import signing
from django.utils import timezone

from rung.web.plans.models import Plan
from rung.web.tracking.models import FeedbackLink, FeedbackProvider

SALT = "rung.feedback-link"
# Feedback after the last biweekly session still counts for the day-90 review.
DAYS_AFTER_CYCLE = 7
# Whatever the stored expiry says, no signature older than this opens a page.
MAX_AGE = timedelta(days=200)


def new_token() -> str:
    return signing.dumps(secrets.token_urlsafe(24), salt=SALT)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def signed(token: str) -> bool:
    """The token carries rung's signature for feedback links and is not too old."""
    try:
        signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return False
    return True


def expiry(plan: Plan) -> datetime:
    """The end of the week after the cycle's last day, in the site's time zone."""
    last = plan.cycle_end + timedelta(days=DAYS_AFTER_CYCLE)
    return timezone.make_aware(datetime.combine(last, time.max))


def invitation(role: FeedbackProvider, link: FeedbackLink, url: str) -> tuple[str, str]:
    """The e-mail's subject and body."""
    pm = role.plan.person.name
    subject = f"[rung] {pm} asks for your feedback on {role.focus_name}"
    body = (
        f"Hello {role.name},\n\n"
        f"{pm} is working on {role.focus_name} this quarter and named you to give feedback "
        "on it. The page below shows the stretch assignment and its milestones, and takes "
        "your feedback: one situation you saw, what went well and what to change next "
        "time.\n\n"
        f"{url}\n\n"
        f"The link opens only that page, works until "
        f"{timezone.localtime(link.expires_at).date().isoformat()} and stops working if "
        f"{pm} or their manager revokes it. Please do not forward it.\n"
    )
    return subject, body
