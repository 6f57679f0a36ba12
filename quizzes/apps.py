from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the "quiz" activity kind with the core's registry.
        from . import activity  # noqa: F401
