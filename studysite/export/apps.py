from django.apps import AppConfig


class ExportConfig(AppConfig):
    name = "studysite.export"
    label = "export"
