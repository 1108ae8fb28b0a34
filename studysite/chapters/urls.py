from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    # Keep in step with loader.NOTES_URL_PREFIX (a test checks it).
    path("notes/<slug:slug>/", views.chapter_detail, name="chapter"),
    path("search/", views.search, name="search"),
]
