"""One FrameworkEntry per built-in framework, so admins can offer or withdraw them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

BUILTIN = {
    "pm-quadrants": "PM competencies on the quadrant model",
    "pm-ladder": "PM career ladder",
    "pmwheel": "PM wheel",
}


def add_builtins(apps: Any, schema_editor: Any) -> None:
    from rung.io.frameworks import BUILTIN_FRAMEWORKS, load_framework

    entry = apps.get_model("people", "FrameworkEntry")
    for key in BUILTIN_FRAMEWORKS:
        if not entry.objects.filter(key=key).exists():
            try:
                name = load_framework(key).name
            except Exception:  # pragma: no cover - content is shipped with rung
                name = BUILTIN.get(key, key)
            entry.objects.create(key=key, name=name, builtin=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_builtins, migrations.RunPython.noop)]
