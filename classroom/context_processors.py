from django.http import HttpRequest

from .activities import all_scripts


def activity_scripts(request: HttpRequest) -> dict[str, list[str]]:
    """The static scripts registered activity kinds need, for base.html to load."""
    return {"activity_scripts": all_scripts()}
