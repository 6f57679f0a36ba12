from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    name = "classroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The core's own kind (the note) registers like any other app's.
        from . import activity  # noqa: F401
