"""The Django admin, scoped to the courses an instructor teaches.

Terms:

- **course path**: the lookup from a model to its :class:`~classroom.models.Course`, such as
  ``"lesson__course"`` for an activity; ``""`` for a course itself. Each admin of a model that
  belongs to a course declares it (``course_path``).
- **own rows**: the rows whose course the requesting user teaches. A superuser's own rows are
  all rows.
- **colleagues**: the user and everyone teaching one of the user's courses; the only users an
  instructor can pick in a form (a course's instructors, a session's ``started_by``).

Every list, change page, delete page, history and raw-id lookup shows own rows only (through
``get_queryset``), every relation in a form offers and accepts own rows only (through
``get_field_queryset``, which asks the related model's admin), and relation filters list only
the values present in own rows. A relation to a model that is neither scoped nor the user model
offers nothing to an instructor who is not a superuser: a new relation must be scoped first.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from .models import Course


def own_rows[M: Model](
    queryset: QuerySet[M], *, user: AbstractBaseUser, course_path: str
) -> QuerySet[M]:
    """``queryset`` limited to the rows of courses ``user`` teaches (all for a superuser)."""
    if user.is_superuser:
        return queryset
    lookup = f"{course_path}__instructors" if course_path else "instructors"
    return queryset.filter(**{lookup: user})


def colleagues(*, user: AbstractBaseUser) -> QuerySet:
    users = get_user_model()._default_manager.all()
    if user.is_superuser:
        return users
    taught = Course.objects.filter(instructors=user)
    return users.filter(Q(pk=user.pk) | Q(courses_taught__in=taught)).distinct()


class ScopedFieldsMixin:
    """For a ``ModelAdmin`` or an inline: relations in forms offer own rows only."""

    def get_field_queryset(self, db, db_field, request: HttpRequest):
        model = db_field.remote_field.model
        if request.user.is_superuser:
            return super().get_field_queryset(db, db_field, request)
        if model is get_user_model():
            return colleagues(user=request.user)
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, CourseScopedAdmin):
            return related_admin.get_queryset(request).using(db)
        return model._default_manager.none()


class CourseScopedAdmin(ScopedFieldsMixin, admin.ModelAdmin):
    """A model admin that shows an instructor the rows of their own courses only."""

    course_path: str

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        return own_rows(queryset, user=request.user, course_path=self.course_path)


class ScopedInline(ScopedFieldsMixin, admin.TabularInline):
    """An inline whose relations offer own rows only; its rows are the parent's, already scoped."""
