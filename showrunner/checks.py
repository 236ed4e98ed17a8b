"""System checks: a misconfigured showrunner says so when any command starts, in one line."""

from django.conf import settings
from django.core import checks

from showrunner.backends import NAMES


@checks.register()
def check_backend(app_configs, **kwargs):
    backend = settings.SHOWRUNNER_BACKEND
    if backend not in NAMES:
        message = f"SHOWRUNNER_BACKEND is {backend!r}; expected one of {', '.join(NAMES)}."
        return [checks.Error(message, id="showrunner.E001")]
    return [
        checks.Warning(
            f"SHOWRUNNER_BACKEND={backend} without {missing}: every script will come from the offline writer.",
            id="showrunner.W001",
        )
        for missing in _missing_settings(backend)
    ]


def _missing_settings(backend):
    if backend == "anthropic" and not settings.ANTHROPIC_API_KEY:
        yield "ANTHROPIC_API_KEY"
    if backend == "openai" and not settings.SHOWRUNNER_MODEL:
        yield "SHOWRUNNER_MODEL"
    if backend == "openai" and not (settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL):
        yield "OPENAI_API_KEY or OPENAI_BASE_URL"
