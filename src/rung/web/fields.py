"""Form fields as HTML, rendered in Python.

Django renders each field through two or three templates; a plan page has about sixty fields,
which made template rendering most of its cost. This renders the few widgets rung uses
(text, textarea, number, date, hidden, select, checkbox, password, file) directly, with the
same ids, names, values, error lists and help texts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {key}")
        else:
            out.append(f' {key}="{escape(str(value))}"')
    return "".join(out)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def widget_html(bf: forms.BoundField) -> str:
    field, widget = bf.field, bf.field.widget
    attrs: dict[str, Any] = {"name": bf.html_name, "id": bf.auto_id or None}
    attrs.update(widget.attrs)
    if field.required and not isinstance(widget, forms.HiddenInput):
        attrs["required"] = True
    if bf.errors:
        attrs["aria-invalid"] = "true"
    value = bf.value()
    if isinstance(widget, forms.Textarea):
        attrs.setdefault("cols", 40)
        return f"<textarea{_attrs(attrs)}>\n{escape(_text(value))}</textarea>"
    if isinstance(widget, forms.Select):
        options = []
        current = _text(value)
        for key, label in getattr(field, "choices", ()):
            selected = " selected" if _text(key) == current else ""
            options.append(f'<option value="{escape(_text(key))}"{selected}>'
                           f"{escape(str(label))}</option>")
        return f"<select{_attrs(attrs)}>{''.join(options)}</select>"
    if isinstance(widget, forms.CheckboxInput):
        attrs.update({"value": "1", "checked": bool(value)})
        return f'<input type="checkbox"{_attrs(attrs)}>'
    if isinstance(widget, forms.PasswordInput):
        return f'<input type="password"{_attrs(attrs)}>'
    if isinstance(widget, forms.FileInput):
        return f'<input type="file"{_attrs(attrs)}>'
    kind = getattr(widget, "input_type", "text")
    if isinstance(field, forms.CharField) and field.max_length and kind == "text":
        attrs.setdefault("maxlength", field.max_length)
    attrs["type"] = attrs.get("type", kind)
    if value not in (None, ""):
        attrs["value"] = _text(value)
    return f"<input{_attrs({'type': attrs.pop('type'), **attrs})}>"


def field_html(bf: forms.BoundField) -> SafeString:
    """Label, help text, errors and widget, like Django's `as_field_group`."""
    if isinstance(bf.field.widget, forms.HiddenInput):
        return mark_safe(widget_html(bf))
    parts = []
    if bf.label:
        parts.append(f'<label for="{escape(bf.auto_id or "")}">{escape(str(bf.label))}:'
                     "</label>")
    if bf.help_text:
        parts.append(f'<div class="helptext">{escape(str(bf.help_text))}</div>')
    if bf.errors:
        items = "".join(f"<li>{escape(str(e))}</li>" for e in bf.errors)
        parts.append(f'<ul class="errorlist">{items}</ul>')
    parts.append(widget_html(bf))
    return mark_safe("<div class=\"field\">" + "".join(parts) + "</div>")
