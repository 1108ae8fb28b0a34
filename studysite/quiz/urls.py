from django.urls import path

from . import exam, flags, practice, views

app_name = "quiz"
urlpatterns = [
    path("quiz/chapter/<slug:slug>/", views.chapter_quiz, name="chapter"),
    path("quiz/flag/", flags.toggle_flag, name="flag"),
    path("quiz/practice/", practice.practice_start, name="practice"),
    path("quiz/practice/<int:practice_id>/", practice.practice_set, name="practice-set"),
    path("quiz/practice/again/", practice.practice_again, name="practice-again"),
    path("quiz/exam/", exam.exam_index, name="exam"),
    path("quiz/exam/<int:exam_id>/", exam.exam_resume, name="exam-resume"),
    path("quiz/exam/<int:exam_id>/q/<int:number>/", exam.exam_question, name="exam-question"),
    path("quiz/exam/<int:exam_id>/review/", exam.exam_review, name="exam-review"),
    path("quiz/exam/<int:exam_id>/report/", exam.exam_report, name="exam-report"),
]
