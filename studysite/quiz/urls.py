from django.urls import path

from . import views

app_name = "quiz"
urlpatterns = [
    path("quiz/chapter/<slug:slug>/", views.chapter_quiz, name="chapter"),
]
