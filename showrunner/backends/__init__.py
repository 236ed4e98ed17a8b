"""Script writers: `offline` (default), `anthropic` and `openai`, chosen by configuration."""

from importlib import import_module

from .base import BackendConfig, BackendError, FallbackWriter, ScriptRequest, ScriptResult, Writer
from .offline import OfflineWriter

# Imported only when chosen: the SDKs take seconds to import, which every process would pay.
MODEL_WRITERS = {
    "anthropic": ("anthropic_api", "AnthropicWriter"),
    "openai": ("openai_api", "OpenAIWriter"),
}
NAMES = ("offline", *MODEL_WRITERS)


def build_writer(config: BackendConfig) -> Writer:
    """The writer for `config.backend`; a model writer always falls back to offline."""
    if config.backend == "offline":
        return OfflineWriter()
    if config.backend not in MODEL_WRITERS:
        raise ValueError(
            f"unknown SHOWRUNNER_BACKEND {config.backend!r}; expected one of {', '.join(NAMES)}"
        )
    module, name = MODEL_WRITERS[config.backend]
    primary = getattr(import_module(f".{module}", __name__), name)(config)
    return FallbackWriter(primary, OfflineWriter(), cooldown=config.cooldown)


__all__ = [
    "BackendConfig",
    "BackendError",
    "FallbackWriter",
    "OfflineWriter",
    "ScriptRequest",
    "ScriptResult",
    "Writer",
    "build_writer",
]
