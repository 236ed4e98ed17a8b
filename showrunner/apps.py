import logging

from django.apps import AppConfig


class ShowrunnerConfig(AppConfig):
    name = "showrunner"
    verbose_name = "Showrunner"

    def ready(self):
        from matches.signals import feed_updated
        from showrunner import checks  # noqa: F401  (registers the system checks)

        feed_updated.connect(_wake_director, dispatch_uid="showrunner-wake-director")
        logging.getLogger("django.request").addFilter(ForbiddenInOneLine())


def _wake_director(sender, slugs=(), **kwargs):
    # New goals are told at once: the director runs a cycle now rather than at its timer.
    from showrunner import director

    director.wake(slugs)


class ForbiddenInOneLine(logging.Filter):
    """An editor refused a page (403) is worth one log line, not a traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
