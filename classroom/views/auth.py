"""Instructors signing in: Django's login page with the failure limit of
:mod:`classroom.instructor_login`."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse

from ..instructor_login import THROTTLED, LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        """A refused username is told why and how long to wait, with 429."""
        if not form.has_error(NON_FIELD_ERRORS, THROTTLED):
            return super().form_invalid(form)
        context = self.get_context_data(form=form, throttled=form.non_field_errors()[0])
        return self.render_to_response(context, status=429)


login = LoginView.as_view()
