from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("live/<str:code>/reply/", views.reply, name="reply"),
    path("replies/<int:reply_id>/hide/", views.reply_hide, name="reply-hide"),
]
