from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("", views.live_join, name="join"),
    path("new/", views.live_new, name="new"),
    path("sessions/<int:session_id>/", views.live_present, name="present"),
    path("sessions/<int:session_id>/state/", views.live_present_state, name="present-state"),
    path("sessions/<int:session_id>/events/", views.live_present_events, name="present-events"),
    path("sessions/<int:session_id>/control/", views.live_control, name="control"),
    path("sessions/<int:session_id>/summary.csv", views.live_summary_csv, name="summary-csv"),
    path("<str:code>/", views.live_play, name="play"),
    path("<str:code>/state/", views.live_state, name="state"),
    path("<str:code>/events/", views.live_events, name="events"),
    path("<str:code>/answer/", views.live_answer, name="answer"),
]
