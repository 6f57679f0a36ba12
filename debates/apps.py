from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "debates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the "debate" activity kind with the core's registry.
        from . import activity  # noqa: F401
