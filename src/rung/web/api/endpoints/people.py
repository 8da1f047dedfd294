"""Who the caller is and the people they may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from rung.web.api.auth import caller, caller_user
from rung.web.api.schemas import Detail, Me, PersonOut, PersonRef
from rung.web.people.models import Person, Role
from rung.web.people.selectors import (
    all_people,
    get_person_for_admin,
    get_person_for_user,
    relation_to,
    scope,
)

router = Router(tags=["people"])


def _ref(person: Person | None) -> PersonRef | None:
    return PersonRef(slug=person.slug, name=person.name) if person else None


def person_out(person: Person, relation: str) -> PersonOut:
    return PersonOut(
        slug=person.slug, name=person.name, role=person.role,  # type: ignore[arg-type]
        framework=person.framework, level=person.level, target_level=person.target_level,
        specialization=person.specialization, product_area=person.product_area,
        manager=_ref(person.manager), relation=relation,  # type: ignore[arg-type]
    )


@router.get("/me", response={200: Me, 401: Detail}, url_name="me",
            summary="The person the token belongs to")
def me(request: HttpRequest) -> Me:
    person = caller(request)
    return Me(slug=person.slug, name=person.name, username=person.user.get_username(),
              role=person.role, manager=_ref(person.manager))  # type: ignore[arg-type]


@router.get("/people", response={200: list[PersonOut], 401: Detail}, url_name="people",
            summary="The people the caller may see")
def people(request: HttpRequest) -> list[PersonOut]:
    """A PM: themselves. A manager: themselves and their direct reports. The admin: the
    people directory (as on the admin pages: no assessments or plans)."""
    me_ = caller(request)
    if me_.role == Role.ADMIN:
        return [person_out(p, "admin") for p in all_people()]
    user = caller_user(request)
    found = (Person.objects.select_related("manager").filter(scope(user))
             .order_by("name", "id"))
    return [person_out(p, relation_to(user, p)) for p in found]


@router.get("/people/{slug}", response={200: PersonOut, 401: Detail, 404: Detail},
            url_name="person", summary="One person")
def person(request: HttpRequest, slug: str) -> PersonOut:
    """404 for anyone the caller may not see, exactly as for a slug that does not exist."""
    me_ = caller(request)
    if me_.role == Role.ADMIN:
        return person_out(get_person_for_admin(me_.user, slug), "admin")
    user = caller_user(request)
    found = get_person_for_user(user, slug)
    return person_out(found, relation_to(user, found))
