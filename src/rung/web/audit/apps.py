from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rung.web.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rung.web.audit import receivers  # noqa: F401 - logins, failures, password changes
