from django.urls import path

from . import api, views

app_name = "widgets"
urlpatterns = [
    path("tools/", views.tool_index, name="index"),
    path("tools/<slug:name>/", views.tool_page, name="tool"),
    path("api/widgets/<str:name>", api.widget_api, name="api"),
    path("api/openapi.json", api.openapi, name="openapi"),
]
