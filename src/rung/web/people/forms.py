"""Admin forms: people (role, level, target, manager) and framework uploads."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q

from rung.io.assessments import validate_assessment
from rung.io.frameworks import BUILTIN_FRAMEWORKS
from rung.web.people.frameworks import framework_choices, get_framework
from rung.web.people.models import Person, Role
from rung.web.problems import add_problems

RESERVED_SLUGS = frozenset({"admin", "new"})
PERSON_FIELDS = {
    "person.level": "level",
    "person.target_level": "target_level",
    "person.specialization": "specialization",
    "person.country": "country",
    "person.id": "slug",
    "person.name": "name",
}


class PersonForm(forms.Form):
    username = forms.CharField(max_length=150)
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=80, label="Person id",
                           help_text="The id used in assessment files, e.g. pat.")
    role = forms.ChoiceField(choices=Role.choices)
    framework = forms.ChoiceField()
    level = forms.CharField(max_length=80, required=False,
                            help_text="Level id; blank for someone not yet a PM.")
    target_level = forms.CharField(max_length=80, required=False,
                                   help_text="Blank: the next level.")
    specialization = forms.CharField(max_length=80, required=False)
    product_area = forms.CharField(max_length=200, required=False)
    country = forms.CharField(
        max_length=12, required=False,
        help_text="ISO code such as GB or DE-BY: the plan keeps its public holidays free. "
                  "Blank: the organisation's default.")
    manager = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput,
                               help_text="Required for a new person; blank keeps it.")

    def __init__(self, *args: Any, instance: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["framework"].choices = framework_choices(  # type: ignore[attr-defined]
            include=instance.framework if instance else None)
        managers = Person.objects.filter(role=Role.MANAGER)
        if instance is not None:
            managers = managers.filter(~Q(pk=instance.pk))
        self.fields["manager"].queryset = managers  # type: ignore[attr-defined]
        if instance is None:
            self.fields["password"].required = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        users = get_user_model().objects.filter(username=username)
        if self.instance is not None:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError("This username is taken.")
        return username

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"'{slug}' is reserved; choose another id.")
        people = Person.objects.filter(slug=slug)
        if self.instance is not None:
            people = people.exclude(pk=self.instance.pk)
        if people.exists():
            raise forms.ValidationError("Another person has this id.")
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            try:
                validate_password(data["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        key = data.get("framework")
        if not key or self.errors:
            return data
        try:
            framework = get_framework(key)
        except KeyError:
            self.add_error("framework", f"unknown framework '{key}'")
            return data
        # rung.io checks the level, target and specialization, as it does in files.
        person = {"id": data["slug"], "name": data["name"]}
        for field in ("level", "target_level", "specialization", "country"):
            if data.get(field):
                person[field] = data[field]
        probe = {
            "person": person,
            "framework": framework.id,
            "assessed_on": date.today().isoformat(),
            "ratings": [{"rater": "self",
                         "scores": {framework.competencies[0].id: framework.scale.min}}],
        }
        problems = validate_assessment(probe, "person", framework=framework)
        add_problems(self, problems,
                     lambda where: next((f for k, f in PERSON_FIELDS.items()
                                         if where.startswith(k)), None))
        return data


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(help_text="A framework file (.yaml, .yml or .json) in the shape "
                                     "`rung frameworks show ID --format json` prints.")

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if Path(f.name).suffix.lower() not in (".yaml", ".yml", ".json"):
            raise forms.ValidationError("upload a .yaml, .yml or .json framework file")
        if f.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("the file is too large")
        return f


BUILTIN = frozenset(BUILTIN_FRAMEWORKS)
