from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rung.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rung.web import health  # noqa: F401 - registers the deployment check of static files
