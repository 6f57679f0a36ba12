"""The Django admin for a kind's models, scoped to the instructor's own courses (see
:mod:`classroom.admin_scope`): subclass :class:`CourseScopedAdmin` and name ``course_path``."""

from classroom.admin_scope import CourseScopedAdmin, ScopedInline

__all__ = ["CourseScopedAdmin", "ScopedInline"]
