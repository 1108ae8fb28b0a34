"""URLs of the progress app (included at the site root)."""

from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("review/", views.review, name="review"),
    path("history/", views.history, name="history"),
]
