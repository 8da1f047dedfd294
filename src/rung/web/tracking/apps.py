from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "rung.web.tracking"
    label = "tracking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the signals that clear a plan's stored health when a tracking fact changes.
        from rung.web.tracking import health  # noqa: F401
