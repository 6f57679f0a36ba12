from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("live/<str:code>/runs/<int:run_id>/draft/", views.draft, name="draft"),
    path("live/<str:code>/runs/<int:run_id>/submit/", views.submit, name="submit"),
    path("live/<str:code>/submissions/<int:submission_id>/", views.status, name="status"),
    path("runs/<int:run_id>/control/", views.run_control, name="run-control"),
    path("runs/<int:run_id>/submissions.csv", views.run_csv, name="run-csv"),
    path("<int:exercise_id>/", views.exercise_page, name="exercise"),
    path("activities/<int:activity_id>/", views.exercise_edit, name="create"),
    path("mine/", views.mine, name="mine"),
    path("runs/<int:run_id>/review/", views.review, name="review"),
    path("runs/<int:run_id>/practice/<str:seed>/", views.practice, name="practice"),
]
