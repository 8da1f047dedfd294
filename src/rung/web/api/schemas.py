"""What the API answers (and the documented shape of a pushed assessment)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field


class Detail(Schema):
    detail: str


class ProblemOut(Schema):
    where: str = Field(description="Path of the field in the request body, e.g. "
                                   "ratings[0].scores.user-research")
    message: str = Field(description="What is wrong and how to fix it")


class Problems(Schema):
    detail: str
    problems: list[ProblemOut]


class PersonRef(Schema):
    slug: str
    name: str


class Me(Schema):
    slug: str
    name: str
    username: str
    role: Literal["admin", "manager", "pm"]
    manager: PersonRef | None


class PersonOut(Schema):
    slug: str
    name: str
    role: Literal["admin", "manager", "pm"]
    framework: str
    level: str
    target_level: str
    specialization: str
    product_area: str
    manager: PersonRef | None
    relation: Literal["self", "manager", "admin"] = Field(
        description="How the caller relates to this person: themselves, their manager, or "
                    "the admin (directory fields only; no assessments or plans)")


class PlanSummary(Schema):
    id: int
    status: Literal["draft", "agreed", "active", "closed"]
    cycle_start: date
    cycle_end: date
    target_level: str
    version: int
    lint_errors: int
    lint_warnings: int
    created_at: datetime


class Agreement(Schema):
    content_version: int = Field(description="The last version that changed the content")
    pm_agreed: bool = Field(description="The PM agreed to the current content")
    manager_agreed: bool = Field(description="The manager agreed to the current content")


class FlagOut(Schema):
    code: str
    due: date
    message: str
    next_step: str


class EventOut(Schema):
    kind: str
    date: date
    minutes: int
    participants: list[str]
    title: str
    competency: str | None


class PlanStatus(Schema):
    id: int
    person: PersonRef
    status: Literal["draft", "agreed", "active", "closed"]
    version: int
    today: date
    agreement: Agreement
    lint_errors: int
    lint_warnings: int
    launch_flags: list[FlagOut] = Field(description="Launch steps missed (active plans only)")
    overdue_reviews: list[FlagOut] = Field(
        description="Check-ins, launch check, calibration or cycle review whose date passed "
                    "without being recorded (active plans only)")
    next_events: list[EventOut] = Field(description="The next cadence events from today "
                                                    "(none once the plan is closed)")


class PushedRating(Schema):
    rater: Literal["self", "manager", "peer"]
    name: str


class PushResult(Schema):
    assessment_id: int
    person: str
    assessed_on: date
    created: bool = Field(description="False when the ratings were added to the person's "
                                      "existing assessment of that date")
    ratings: list[PushedRating]


# --- the request body of POST /people/{slug}/assessments, for the OpenAPI document only: ----
# the body is validated by rung.io (the same rules as files and pages), so every problem is
# reported at once instead of the first type error stopping the check.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RatingIn(_Strict):
    rater: Literal["self", "manager", "peer"]
    name: str | None = Field(None, description="The peer's name (peers only)")
    scores: dict[str, float] = Field(description="competency id → score on the framework's "
                                                 "scale (0–5) in steps of 0.1")


class UpcomingIn(_Strict):
    name: str
    date: date


class FeedbackPersonIn(_Strict):
    name: str
    role: str | None = None
    competencies: list[str] = []


class ContextIn(_Strict):
    product_area: str | None = None
    company: str | None = None
    upcoming: list[UpcomingIn] = []
    feedback_people: list[FeedbackPersonIn] = []


class PersonIdIn(BaseModel):
    id: str = Field(description="Must be the slug in the URL (other keys are ignored: the "
                                "person's level and target come from rung)")


class AssessmentPush(_Strict):
    """One person's assessment in the contract's JSON shape (DESIGN.md section 4)."""

    person: PersonIdIn | None = None
    framework: str | None = Field(None, description="Must be the person's framework if given")
    assessed_on: date
    ratings: list[RatingIn]
    evidence: dict[str, list[str] | str] = Field(
        {}, description="competency id → notes; stored with the caller's own rating")
    context: ContextIn | None = None


def push_body_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The push body's JSON schema and the component schemas it refers to."""
    schema = AssessmentPush.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return schema, defs
