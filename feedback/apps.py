from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the "feedback" activity kind with the core's registry.
        from . import activity  # noqa: F401
