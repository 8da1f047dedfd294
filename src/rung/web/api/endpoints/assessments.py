"""Pushing an assessment (the contract's JSON shape) for a person."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from ninja import Router

from rung.core.errors import InputError, Problem
from rung.web.api.auth import caller_user
from rung.web.api.errors import ApiProblems
from rung.web.api.push import MAX_DEPTH, assessment_push, nesting_problem, refused_raters
from rung.web.api.schemas import Detail, Problems, PushedRating, PushResult
from rung.web.people.selectors import get_person_for_user, relation_to

router = Router(tags=["assessments"])

PUSH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/AssessmentPush"}}}}}


@router.post(
    "/people/{slug}/assessments",
    response={201: PushResult, 400: Problems, 401: Detail, 403: Problems, 404: Detail,
              422: Problems},
    url_name="person_assessments", openapi_extra=PUSH_BODY,
    summary="Push ratings of one assessment (the assessment contract's JSON shape)")
def push(request: HttpRequest, slug: str) -> JsonResponse:
    """The PM pushes their self rating; their manager pushes the manager rating and peers'.
    Ratings of the same `assessed_on` go into one assessment. On any problem nothing is
    written and the answer lists every problem with its field path and the fix."""
    user = caller_user(request)
    person = get_person_for_user(user, slug)
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiProblems(400, "The body is not JSON.", [Problem(
            "request body", "body", f"send the assessment as a JSON object ({exc})")]) from exc
    except RecursionError as exc:  # nesting deeper than the parser's recursion limit
        raise ApiProblems(400, "The body is nested too deeply.", [Problem(
            "request body", "body", f"nested more than {MAX_DEPTH} levels deep; send the "
            "assessment in its documented shape (docs/api.md)")]) from exc
    if (deep := nesting_problem(data)) is not None:
        raise ApiProblems(400, "The body is nested too deeply.", [deep])
    refused = refused_raters(data, relation_to(user, person), person)
    if refused:
        raise ApiProblems(403, "You may not enter these ratings.", refused)
    try:
        pushed = assessment_push(person=person, data=data, by=relation_to(user, person),
                                 user=user)
    except InputError as exc:
        raise ApiProblems(422, f"{len(exc.problems)} problem(s) found; nothing was written.",
                          exc.problems) from exc
    result = PushResult(
        assessment_id=pushed.assessment.pk, person=person.slug,
        assessed_on=pushed.assessment.assessed_on, created=pushed.created,
        ratings=[PushedRating(rater=r, name=n) for r, n in pushed.ratings])  # type: ignore[arg-type]
    # 201 with the schema's shape (ninja picks 200 for a plain return when several are listed)
    return JsonResponse(result.model_dump(mode="json"), status=201)
