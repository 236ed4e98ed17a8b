from django.apps import AppConfig


class RallyConfig(AppConfig):
    name = "rally"
    verbose_name = "Rally"
