"""URLs of the progress app (included at the site root)."""

from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("review/", views.review, name="review"),
    path("history/", views.history, name="history"),
    path("history/export.csv", views.export_csv, name="export-csv"),
    path("history/export.json", views.export_json, name="export-json"),
    path(
        "history/attempt/chapter/<slug:slug>/<str:day>/",
        views.chapter_attempt,
        name="attempt-chapter",
    ),
    path("history/attempt/review/<str:day>/", views.review_attempt, name="attempt-review"),
    # <str:>, not <int:>: the view parses the id itself, so a huge number is a 404 too.
    path("history/attempt/live/<str:session>/", views.live_attempt, name="attempt-live"),
    path("progress/chapter/<slug:slug>/", views.chapter_read, name="chapter-read"),
]
