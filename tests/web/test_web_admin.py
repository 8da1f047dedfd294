"""Admin (people operations) and accounts: people, roles, managers, frameworks, passwords."""

from __future__ import annotations

import io

from django.contrib.auth import authenticate
from django.urls import reverse

from rung.web.people.models import FrameworkEntry, Person

from webtools import PASSWORD, Org, client_for, post

NEW = {"username": "robin", "name": "Robin Diaz", "slug": "robin", "role": "pm",
       "framework": "pm-quadrants", "level": "apm", "target_level": "", "specialization": "",
       "product_area": "Search", "password": "tangerine-kayak-88"}


def test_admin_adds_a_pm_reporting_to_a_manager(org: Org) -> None:
    response = post(client_for(org.ada), reverse("people:admin_person_new"),
                    {**NEW, "manager": org.casey.pk})
    assert response.status_code == 302
    robin = Person.objects.get(slug="robin")
    assert robin.manager == org.casey
    assert robin.level == "apm"
    assert authenticate(username="robin", password="tangerine-kayak-88") is not None
    # Casey now sees Robin; Morgan does not.
    assert client_for(org.casey).get(reverse("people:person", args=["robin"])).status_code == 200
    assert client_for(org.morgan).get(reverse("people:person", args=["robin"])).status_code == 404


def test_person_fields_are_checked_by_rung_io_with_field_messages(org: Org) -> None:
    response = post(client_for(org.ada), reverse("people:admin_person_new"),
                    {**NEW, "level": "senior-pmm", "target_level": "apm",
                     "specialization": "astronaut"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "senior-pm" in errors["level"][0]  # "did you mean"
    assert "specialization" in errors
    assert not Person.objects.filter(slug="robin").exists()


def test_username_and_id_must_be_unique_and_id_not_reserved(org: Org) -> None:
    response = post(client_for(org.ada), reverse("people:admin_person_new"),
                    {**NEW, "username": "pat", "slug": "admin"})
    errors = response.context["form"].errors
    assert set(errors) >= {"username", "slug"}


def test_admin_moves_pat_to_casey(org: Org) -> None:
    data = {**NEW, "username": "pat", "name": "Pat Quinn", "slug": "pat", "level": "pm",
            "target_level": "senior-pm", "password": "", "manager": org.casey.pk}
    response = post(client_for(org.ada), reverse("people:admin_person_edit", args=["pat"]), data)
    assert response.status_code == 302
    org.pat.refresh_from_db()
    assert org.pat.manager == org.casey
    assert authenticate(username="pat", password=PASSWORD) is not None  # password kept
    assert client_for(org.morgan).get(reverse("people:person", args=["pat"])).status_code == 404


def test_admin_uploads_a_framework_and_bad_files_get_messages(org: Org) -> None:
    from rung.io.frameworks import framework_to_dict, load_framework

    fw = framework_to_dict(load_framework("pm-ladder"))
    fw["id"], fw["name"] = "acme-ladder", "ACME ladder"
    import json

    f = io.BytesIO(json.dumps(fw).encode())
    f.name = "acme.json"
    client = client_for(org.ada)
    response = post(client, reverse("people:admin_frameworks"), {"file": f})
    assert response.status_code == 302
    entry = FrameworkEntry.objects.get(key="acme-ladder")
    assert not entry.builtin
    assert entry.enabled
    bad = io.BytesIO(b"id: broken\nname: [unclosed\n")
    bad.name = "broken.yaml"
    response = post(client, reverse("people:admin_frameworks"), {"file": bad})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert FrameworkEntry.objects.filter(builtin=False).count() == 1


def test_admin_toggles_a_framework(org: Org) -> None:
    post(client_for(org.ada), reverse("people:admin_framework_toggle", args=["pmwheel"]))
    assert not FrameworkEntry.objects.get(key="pmwheel").enabled


def test_admin_reads_no_assessments_or_plans(org: Org) -> None:
    assert client_for(org.ada).get(reverse("people:person", args=["pat"])).status_code == 404


def test_login_logout_and_password_change(org: Org) -> None:
    client = client_for(None)
    page = client.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("accounts:login"), {
        "username": "pat", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    home = client.get(reverse("accounts:home"))
    assert home["Location"] == reverse("people:person", args=["pat"])
    response = post(client, reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "walnut-harbor-19",
        "new_password2": "walnut-harbor-19"})
    assert response.status_code == 302
    assert authenticate(username="pat", password="walnut-harbor-19") is not None
    post(client, reverse("accounts:logout"))
    assert client.get(reverse("people:person", args=["pat"])).status_code == 302


def test_home_sends_each_role_to_its_page(org: Org) -> None:
    assert client_for(org.ada).get("/")["Location"] == reverse("people:admin_people")
    assert client_for(org.morgan).get("/")["Location"] == reverse("people:dashboard")
    assert client_for(org.pat).get("/")["Location"] == reverse("people:person", args=["pat"])
