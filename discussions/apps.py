from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the "discussion" activity kind with the core's registry.
        from . import activity  # noqa: F401
