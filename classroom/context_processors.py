from django.http import HttpRequest

from .kinds.registry import all_scripts, all_styles


def activity_scripts(request: HttpRequest) -> dict[str, list[str]]:
    """The static scripts and stylesheets registered activity kinds need, for base.html."""
    return {"activity_scripts": all_scripts(), "activity_styles": all_styles()}
