"""Keep each plan's health dates beside it; fill them in for the plans that already exist."""

import json

from django.db import migrations, models


def fill_timelines(apps, schema_editor):  # type: ignore[no-untyped-def]
    from rung.core.serialize import plan_from_dict
    from rung.core.tracking.timeline import timeline_of

    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for plan in Plan.objects.filter(current__isnull=False, timeline__isnull=True).iterator():
        document = PlanVersion.objects.get(pk=plan.current_id).document
        plan.timeline = timeline_of(plan_from_dict(json.loads(document))).to_dict()
        plan.save(update_fields=["timeline"])


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="timeline",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill_timelines, migrations.RunPython.noop),
    ]
