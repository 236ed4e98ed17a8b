from django.apps import AppConfig


class ShowrunnerConfig(AppConfig):
    name = "showrunner"
    verbose_name = "Showrunner"
