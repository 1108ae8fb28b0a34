from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "studysite.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The site-level deployment check (collected static files) registers on import;
        # accounts is the app that owns the production start-up checks.
        from studysite import static_manifest  # noqa: F401
