"""Script writers: `offline` (default), `anthropic` and `openai`, chosen by configuration."""

from .anthropic_api import AnthropicWriter
from .base import BackendConfig, BackendError, FallbackWriter, ScriptRequest, ScriptResult, Writer
from .offline import OfflineWriter
from .openai_api import OpenAIWriter

MODEL_WRITERS = {"anthropic": AnthropicWriter, "openai": OpenAIWriter}
NAMES = ("offline", *MODEL_WRITERS)


def build_writer(config: BackendConfig) -> Writer:
    """The writer for `config.backend`; a model writer always falls back to offline."""
    if config.backend == "offline":
        return OfflineWriter()
    if config.backend not in MODEL_WRITERS:
        raise ValueError(
            f"unknown SHOWRUNNER_BACKEND {config.backend!r}; expected one of {', '.join(NAMES)}"
        )
    primary = MODEL_WRITERS[config.backend](config)
    return FallbackWriter(primary, OfflineWriter(), cooldown=config.cooldown)


__all__ = [
    "AnthropicWriter",
    "BackendConfig",
    "BackendError",
    "FallbackWriter",
    "OfflineWriter",
    "OpenAIWriter",
    "ScriptRequest",
    "ScriptResult",
    "Writer",
    "build_writer",
]
