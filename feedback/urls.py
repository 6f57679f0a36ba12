from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("courses/<int:course_id>/", views.course, name="course"),
    path("assignments/<int:assignment_id>/", views.assignment_page, name="assignment"),
    path(
        "assignments/<int:assignment_id>/students/<int:student_id>/",
        views.row_save,
        name="row-save",
    ),
    path("assignments/<int:assignment_id>/bank/", views.bank_add, name="bank-add"),
    path("bank/<int:comment_id>/students/<int:student_id>/", views.bank_apply, name="bank-apply"),
    path("assignments/<int:assignment_id>/release/", views.release, name="release"),
    path("assignments/<int:assignment_id>/upload/", views.upload, name="upload"),
    path("assignments/<int:assignment_id>/feedback.csv", views.export, name="export"),
    path("assignments/<int:assignment_id>/tracking.csv", views.tracking_csv, name="tracking-csv"),
    path("queries/<int:query_id>/answer/", views.query_answer, name="query-answer"),
    path("mine/", views.mine_all, name="mine-all"),
    path("mine/<int:assignment_id>/", views.mine, name="mine"),
    path("mine/<int:assignment_id>/read/", views.acknowledge, name="acknowledge"),
    path("mine/<int:assignment_id>/ask/", views.ask, name="ask"),
]
