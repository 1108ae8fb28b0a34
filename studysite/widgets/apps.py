from django.apps import AppConfig


class WidgetsConfig(AppConfig):
    name = "studysite.widgets"
    label = "widgets"
