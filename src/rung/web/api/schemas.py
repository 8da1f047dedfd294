"""What the API answers (and the documented shape of a pushed assessment)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

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
# reported at once instead of the first type error stopping the check. Every rule of one field
# is stated here (schemathesis checks that a body valid by this schema is not refused for
# them); the rules across fields are in AssessmentPush's description and answered 422.

# Text rung keeps: at least one character that is not a space (rung.io strips spaces).
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
COMPETENCY_ID = ("A competency id of the person's framework (GET /people/{slug} names the "
                 "framework; the ids are in its file, e.g. user-research)")
CompetencyId = Annotated[str, Field(min_length=1, pattern=r"\S", description=COMPETENCY_ID)]
Score = Annotated[float, Field(
    ge=0, le=5, multiple_of=0.1,
    description="A score on the framework's scale (0–5) in steps of 0.1")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RatingIn(_Strict):
    rater: Literal["self", "manager", "peer"]
    name: Text | None = Field(None, description="The peer's name (peers only)")
    scores: dict[CompetencyId, Score] = Field(
        min_length=1, description="competency id → score; at least one")


class UpcomingIn(_Strict):
    name: Text
    date: date


class FeedbackPersonIn(_Strict):
    name: Text
    role: Text | None = None
    competencies: list[CompetencyId] = []


class ContextIn(_Strict):
    product_area: Text | None = None
    company: Text | None = None
    upcoming: list[UpcomingIn] = []
    feedback_people: list[FeedbackPersonIn] = []


class PersonIdIn(BaseModel):
    id: str = Field(description="Must be the slug in the URL (other keys are ignored: the "
                                "person's level and target come from rung)")


class AssessmentPush(_Strict):
    """One person's assessment in the contract's JSON shape (DESIGN.md section 4).

    Rules across fields, answered 422 with every problem listed: one self and one manager
    rating at most and each peer once (peers told apart by name); `evidence` only with a
    rating of your own; `assessed_on` not in the future; competency ids of the person's
    framework; `context` only on the first push of a date; `framework` and `person.id`, when
    given, the person's."""

    person: PersonIdIn | None = None
    framework: Text | None = Field(None, description="Must be the person's framework if given")
    assessed_on: date
    ratings: list[RatingIn] = Field(min_length=1, description="At least one rating")
    evidence: dict[CompetencyId, Annotated[list[Text], Field(min_length=1)] | Text] = Field(
        {}, description="competency id → notes; stored with the caller's own rating")
    context: ContextIn = Field(default_factory=ContextIn)


def push_body_schema(competency_ids: list[str] | None = None
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The push body's JSON schema and the component schemas it refers to; with
    `competency_ids`, every competency id in it must be one of them."""
    schema = AssessmentPush.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    _only_pattern_keys(schema)
    _only_pattern_keys(defs)
    if competency_ids:
        ids = {"type": "string", "enum": competency_ids,
               "description": COMPETENCY_ID}
        for holder in (schema["properties"]["evidence"], defs["RatingIn"]["properties"]["scores"]):
            holder["propertyNames"] = ids
            holder["additionalProperties"] = holder.pop("patternProperties")[r"\S"]
        defs["FeedbackPersonIn"]["properties"]["competencies"]["items"] = ids
    return schema, defs


def _only_pattern_keys(node: Any) -> None:
    """pydantic states a constrained key type as patternProperties, which still lets any other
    key through; say that other keys (a blank competency id) are refused, as they are."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node["additionalProperties"] = False
        for value in node.values():
            _only_pattern_keys(value)
    elif isinstance(node, list):
        for value in node:
            _only_pattern_keys(value)
