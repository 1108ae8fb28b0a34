from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("", views.team_index, name="index"),
    path("new/", views.team_new, name="new"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_invite, name="invite"),
    path("<int:team_id>/", views.team_page, name="team"),
    path("<int:team_id>/leave/", views.leave, name="leave"),
    path("<int:team_id>/dashboard.csv", views.dashboard_csv, name="csv"),
    path("<int:team_id>/assignments/", views.assignment_new, name="assign"),
    path(
        "<int:team_id>/assignments/<int:assignment_id>/set/",
        views.assignment_set,
        name="set",
    ),
    path(
        "<int:team_id>/assignments/<int:assignment_id>/delete/",
        views.assignment_remove,
        name="unassign",
    ),
]
