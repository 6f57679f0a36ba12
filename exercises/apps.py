from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the "exercise" activity kind with the core's registry.
        from . import activity  # noqa: F401
