from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import auth, clock, live, teach

core = [
    path("", live.join, name="join"),
    path("j/<str:code>/", live.join_code, name="join-code"),
    path("live/<str:code>/", live.live, name="live"),
    path("live/<str:code>/poll/", live.live_poll, name="live-poll"),
    path("s/<str:token>/", live.signin, name="signin"),
    path("me/", live.me, name="me"),
    path("teach/", teach.home, name="home"),
    path("teach/courses/<int:course_id>/", teach.course, name="course"),
    path("teach/courses/<int:course_id>/roster/", teach.roster_import, name="roster-import"),
    path("teach/courses/<int:course_id>/cards/", teach.signin_cards, name="signin-cards"),
    path("teach/courses/<int:course_id>/email/", teach.signin_links_email, name="signin-email"),
    path("teach/students/<int:student_id>/link/", teach.signin_link_change, name="signin-link"),
    path("teach/lessons/<int:lesson_id>/start/", teach.session_start, name="session-start"),
    path("teach/sessions/<int:session_id>/", teach.dashboard, name="dashboard"),
    path("teach/sessions/<int:session_id>/projector/", teach.projector, name="projector"),
    path("teach/sessions/<int:session_id>/control/", teach.session_control, name="control"),
    path(
        "teach/sessions/<int:session_id>/poll/<str:screen>/", teach.screen_poll, name="screen-poll"
    ),
]

urlpatterns = [
    path("", include((core, "classroom"))),
    path("clock/", clock.clock, name="clock"),
    path("discussion/", include("discussions.urls")),
    path("quiz/", include("quizzes.urls")),
    path("debate/", include("debates.urls")),
    path("exercise/", include("exercises.urls")),
    path("feedback/", include("feedback.urls")),
    path("accounts/login/", auth.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
