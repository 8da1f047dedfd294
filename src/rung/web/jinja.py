"""The template engine of every web page: Jinja2 (docs/decisions.md, issue 14).

Django's template language costs tens of microseconds per variable; the plan page has a few
thousand. Jinja2 compiles templates to Python and renders the same pages several times faster,
which the latency goal of issue 3 (p95 ≤ 50 ms) needs, so every page uses it, with one base
layout (templates/base.html). `Jinja2` below also sends Django's `template_rendered` signal, so
the test client's `response.context` works for these pages.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.middleware.csrf import get_token
from django.template.backends.jinja2 import Jinja2 as DjangoJinja2
from django.template.backends.jinja2 import Template as DjangoJinjaTemplate
from django.test.signals import template_rendered
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from jinja2 import Environment
from markupsafe import Markup

from rung.web import labels
from rung.web.fields import field_html, widget_html
from rung.web.once import once_input
from rung.web.templatetags import errlist, rule_title, score


def url(name: str, *args: Any) -> str:
    """`reverse()` with positional arguments, remembered: a dashboard row has three links."""
    return _reverse(get_script_prefix(), name, args)


@functools.lru_cache(maxsize=8192)
def _reverse(prefix: str, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, args=args or None)


def static(path: str) -> str:
    """The file's URL from the static files storage: its content-hashed name in production."""
    return staticfiles_storage.url(path)


def plural(count: int, suffix: str = "s") -> str:
    return "" if count == 1 else suffix


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update({"url": url, "static": static, "once_input": once_input,
                        "relative_day": labels.relative_day,
                        "level_title": labels.level_title,
                        "framework_name": labels.framework_name})
    env.filters.update({"score": score, "rule_title": rule_title, "field": field_html,
                        "widget": widget, "errlist": errlist, "plural": plural,
                        "status": labels.status, "rag": labels.rag, "blocker": labels.blocker,
                        "nice_date": labels.nice_date, "iso": labels.iso,
                        "stamp": labels.stamp})
    return env


def widget(bound: Any) -> Markup:
    """A form field's input alone (the page writes its own label)."""
    return Markup(widget_html(bound))


class Template(DjangoJinjaTemplate):
    def render(self, context: dict[str, Any] | None = None, request: Any = None) -> str:
        """Django's Jinja2 render, with the CSRF token masked once per page, not per use."""
        context = {} if context is None else context
        if request is not None:
            token = get_token(request)
            context["request"] = request
            context["csrf_token"] = token
            context["csrf_input"] = format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            for processor in self.backend.template_context_processors:
                context.update(processor(request))
        html: str = self.template.render(context)
        if template_rendered.receivers:  # the test client listens; production does not
            template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(DjangoJinja2):
    def get_template(self, template_name: str) -> Template:
        template = super().get_template(template_name)
        return Template(template.template, self)

    def from_string(self, template_code: str) -> Template:
        return Template(self.env.from_string(template_code), self)
