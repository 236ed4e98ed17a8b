from django.apps import AppConfig


class ShowrunnerConfig(AppConfig):
    name = "showrunner"
    verbose_name = "Showrunner"

    def ready(self):
        from showrunner import checks  # noqa: F401  (registers the system checks)
