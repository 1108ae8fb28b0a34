from django.apps import AppConfig


def notes_cli_examples() -> list[tuple[str, dict[str, str]]]:
    """Every `aws` command in the notes, labelled with its chapter (CLI explainer examples)."""
    from .loader import get_library

    return [
        (chapter.title, {"command": command})
        for chapter in get_library().chapters
        for command in chapter.cli_commands
    ]


class ChaptersConfig(AppConfig):
    name = "studysite.chapters"
    label = "chapters"

    def ready(self) -> None:
        from studysite.widgets.registry import WIDGETS

        from . import checks  # noqa: F401 - registers the notes system check

        hooks = WIDGETS["cli-explain"].extra_examples
        if notes_cli_examples not in hooks:
            hooks.append(notes_cli_examples)
