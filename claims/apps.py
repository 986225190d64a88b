from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the tasks with claims.services.queueing, which services send through: the
        # services cannot import claims.tasks themselves, since the tasks import the services.
        from claims import tasks  # noqa: F401
