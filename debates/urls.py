from django.urls import path

from . import views

app_name = "debates"

urlpatterns = [
    path(
        "sessions/<int:session_id>/activities/<int:activity_id>/groups/",
        views.groups_change,
        name="groups",
    ),
    path("rooms/<int:room_id>/control/", views.room_control, name="room-control"),
    path(
        "live/<str:code>/rooms/<int:room_id>/control/",
        views.chair_control,
        name="chair-control",
    ),
    path("live/<str:code>/rooms/<int:room_id>/vote/", views.vote, name="vote"),
]
