from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("studysite.chapters.urls")),
    path("", include("studysite.widgets.urls")),
    path("", include("studysite.quiz.urls")),
    path("", include("studysite.progress.urls")),
    path("accounts/", include("studysite.accounts.urls")),
    path("teams/", include("studysite.teams.urls")),
    # Live quiz sessions (part of the teams app): /live/ is the join page phones open.
    path("live/", include("studysite.teams.live.urls")),
    path("admin/", admin.site.urls),
]
