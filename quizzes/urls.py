from django.urls import path

from .views import phone, student, teach

app_name = "quizzes"

urlpatterns = [
    path("live/<str:code>/answer/", phone.answer, name="answer"),
    path("runs/<int:run_id>/control/", teach.run_control, name="run-control"),
    path("runs/<int:run_id>/due/<str:screen>/", teach.run_due, name="run-due"),
    path("runs/<int:run_id>/options/", teach.run_options, name="run-options"),
    path("runs/<int:run_id>/report/", teach.run_report, name="run-report"),
    path("runs/<int:run_id>/answers.csv", teach.run_csv, name="run-csv"),
    path("runs/<int:run_id>/close/", teach.self_paced_close, name="self-paced-close"),
    path("<int:quiz_id>/", teach.quiz_page, name="quiz"),
    path("<int:quiz_id>/gift/", teach.gift_upload, name="gift"),
    path("<int:quiz_id>/export.gift", teach.gift_export, name="gift-export"),
    path("<int:quiz_id>/self-paced/", teach.self_paced_create, name="self-paced-create"),
    path("mine/", student.mine, name="mine"),
    path("runs/<int:run_id>/take/", student.take, name="take"),
    path("runs/<int:run_id>/take/<int:question_id>/", student.take_answer, name="take-answer"),
    path("runs/<int:run_id>/me/", student.my_results, name="my-results"),
]
