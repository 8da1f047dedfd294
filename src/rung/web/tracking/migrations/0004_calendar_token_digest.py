"""Calendar feed secrets are kept as their SHA-256 digest, as API tokens are.

Existing secrets are hashed in place rather than invalidated: every calendar subscribed
before the upgrade keeps working, and the plain secret is gone from the database (and from
backups taken from now on).
"""

import hashlib
from typing import Any

from django.db import migrations


def hash_secrets(apps: Any, schema_editor: Any) -> None:
    CalendarToken = apps.get_model("tracking", "CalendarToken")
    for row in CalendarToken.objects.all().only("pk", "digest"):
        row.digest = hashlib.sha256(row.digest.encode("utf-8")).hexdigest()
        row.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_reminder_outbox"),
    ]

    operations = [
        migrations.RenameField(model_name="calendartoken", old_name="token", new_name="digest"),
        # A secret cannot be recovered from its digest: there is no way back.
        migrations.RunPython(hash_secrets, migrations.RunPython.noop),
    ]
