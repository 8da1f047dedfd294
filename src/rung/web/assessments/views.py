"""Assessment pages: start one, rate (self, manager, peers), upload, template, calibrate."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.web.accounts.auth import user_of
from rung.web.assessments import services
from rung.web.assessments.forms import (
    CalibrationForm,
    NewAssessmentForm,
    RatingForm,
    UploadForm,
    context_field,
    evidence_field,
    line_message,
    score_field,
)
from rung.web.assessments.models import RaterRole
from rung.web.assessments.selectors import (
    MIN_PEERS_FOR_PM,
    assessment_rows,
    get_assessment_for_user,
    is_blind,
    peer_ratings,
)
from rung.web.assessments.template_xlsx import assessment_template
from rung.web.once import AlreadySubmitted, submitted_once
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import (
    MANAGER,
    SELF,
    Relation,
    get_person_for_user,
    relation_to,
)
from rung.web.problems import add_problems

# Who may enter which rating: the PM their own, the manager theirs and the peers'.
RATER_RELATION: dict[str, tuple[Relation, ...]] = {"self": SELF, "manager": MANAGER,
                                                   "peer": MANAGER}


def new(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_person_for_user(request.user, slug)
    framework = get_framework(person.framework)
    form = NewAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request):
                assessment = services.assessment_create(
                    person=person, framework=framework,
                    assessed_on=form.cleaned_data["assessed_on"],
                    context=form.cleaned_data["context"], created_by=user_of(request),
                )
        except AlreadySubmitted:
            return redirect("people:person", slug=person.slug)
        except InputError as exc:
            add_problems(form, [line_message(p) for p in exc.problems], context_field)
        else:
            messages.success(request, "Assessment started: now add the ratings.")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(request, "assessments/new.html", {"form": form, "person": person})


@require_GET
def detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    relation = relation_to(request.user, assessment.person)
    framework = get_framework(assessment.framework)
    ratings = list(assessment.ratings.all())
    return render(request, "assessments/detail.html", {
        "assessment": assessment,
        "person": assessment.person,
        "relation": relation,
        "framework": framework,
        "rows": assessment_rows(assessment, framework, viewer=relation),
        "blind": is_blind(assessment, relation),
        "has_self": any(r.role == RaterRole.SELF for r in ratings),
        "has_manager": any(r.role == RaterRole.MANAGER for r in ratings),
        "peers": peer_ratings(assessment) if relation == "manager" else [],
        "peer_count": sum(r.role == RaterRole.PEER for r in ratings),
        "min_peers": MIN_PEERS_FOR_PM,
    })


def rate(request: HttpRequest, assessment_id: int, role: str) -> HttpResponse:
    if role not in RATER_RELATION:
        raise Http404("No such rater")
    assessment = get_assessment_for_user(request.user, assessment_id,
                                         as_=RATER_RELATION[role])
    framework = get_framework(assessment.framework)
    peer_name = request.GET.get("name", "") if role == RaterRole.PEER else ""
    initial: dict[str, object] = {}
    for rating in assessment.ratings.all():
        if rating.role == role and (role != RaterRole.PEER or rating.rater_name == peer_name):
            initial.update({score_field(s.competency): s.score for s in rating.scores.all()})
            notes: dict[str, list[str]] = {}
            for note in rating.notes.all():
                notes.setdefault(note.competency, []).append(note.text)
            initial.update({evidence_field(k): "\n".join(v) for k, v in notes.items()})
            if role == RaterRole.PEER:
                initial["rater_name"] = rating.rater_name
    form = RatingForm(request.POST or None, initial=initial, framework=framework, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_save(
                assessment=assessment, framework=framework, role=role,
                scores=form.scores(), evidence=form.evidence(), entered_by=user_of(request),
                rater_name=form.cleaned_data.get("rater_name", ""),
            )
        except InputError as exc:
            add_problems(form, exc.problems, form.field_for)
        else:
            messages.success(request, "Ratings saved.")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(request, "assessments/rate.html", {
        "form": form, "assessment": assessment, "person": assessment.person, "role": role,
        "framework": framework,
    })


def upload(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_person_for_user(request.user, slug, as_=MANAGER)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            with submitted_once(request):
                assessment = services.assessment_import(
                    person=person, content=f.read(), filename=f.name,
                    created_by=user_of(request))
        except AlreadySubmitted:
            return redirect("people:person", slug=person.slug)
        except InputError as exc:
            add_problems(form, exc.problems, lambda where: None)
        else:
            messages.success(request, f"Imported the assessment of "
                                      f"{assessment.assessed_on.isoformat()}.")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(request, "assessments/upload.html", {"form": form, "person": person})


@require_GET
def template(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_person_for_user(request.user, slug, as_=MANAGER)
    framework = get_framework(person.framework)
    content = assessment_template(person, framework, date.today().isoformat())
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="assessment-{person.slug}.xlsx"'
    return response


def calibrate(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, assessment_id)
    relation = relation_to(request.user, assessment.person)
    framework = get_framework(assessment.framework)
    rows = assessment_rows(assessment, framework, viewer=relation)
    blind = is_blind(assessment, relation)
    pending = [r for r in rows if r.needs_calibration]
    initial = {"competency": pending[0].id} if pending else {}
    form = CalibrationForm(request.POST or None, initial=initial, framework=framework)
    if blind and request.method == "POST":
        form.add_error(None, "Give your self-rating first: calibration compares it with your "
                             "manager's.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.calibration_record(
                assessment=assessment, framework=framework,
                competency=form.cleaned_data["competency"], score=form.cleaned_data["score"],
                note=form.cleaned_data["note"], recorded_by=user_of(request))
        except InputError as exc:
            add_problems(form, exc.problems, form.field_for)
        else:
            messages.success(request, "Agreed score recorded.")
            return redirect("assessments:calibrate", assessment_id=assessment.pk)
    return render(request, "assessments/calibrate.html", {
        "assessment": assessment, "person": assessment.person, "relation": relation,
        "rows": rows, "divergent": [r for r in rows if r.divergent], "form": form,
        "blind": blind,
    }, status=400 if blind and request.method == "POST" else 200)
