"""What every script writer takes and returns, and the fallback that keeps scripts coming.

A writer turns a `ScriptRequest` (the mode, the filled prompt and the facts it was filled
from) into a `ScriptResult`. Language-model writers read the prompt; the offline writer
reads the facts. `FallbackWriter` wraps a model writer: whatever goes wrong with the model
(down, slow, an error, an empty reply), it logs why and answers with the offline writer,
then leaves the model alone for a cool-down so a dead server does not slow every cycle.
"""

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from rally import metrics
from showrunner.prompting import DATA_RULE

log = logging.getLogger("showrunner.backends")

# The fixed frame around an editor's prompt: the prompt says what to write, this says how
# to answer so the reply can go straight onto the page.
SYSTEM = (
    "You write the short lines a presenter says on a live sports page. Follow the editor's "
    "instructions in the message and reply with the line only. "
    + DATA_RULE  # fans' text and the model's own earlier lines come as data blocks
)
MAX_CHARS = 320


class BackendError(Exception):
    """The model gave no usable script (misconfigured, empty or cut-off reply)."""


@dataclass(frozen=True)
class ScriptRequest:
    mode: str
    prompt: str
    facts: Mapping[str, str] = field(default_factory=dict)
    # The event being told, as plain data (story.News.event), for the offline writer; models
    # read it from the prompt's `new_event`.
    event: Mapping | None = None


@dataclass(frozen=True)
class ScriptResult:
    text: str
    backend: str
    input_tokens: int = 0
    output_tokens: int = 0
    fallback_reason: str = ""


@dataclass(frozen=True)
class BackendConfig:
    backend: str = "offline"
    model: str = ""
    api_key: str = ""
    base_url: str = ""
    timeout: float = 20.0
    max_retries: int = 2
    max_tokens: int = 1024
    effort: str = "low"
    cooldown: float = 60.0


class Writer(Protocol):
    name: str

    def write(self, request: ScriptRequest) -> ScriptResult: ...


def tidy(text: str) -> str:
    """One clean line: whitespace collapsed, wrapping quotes dropped, length capped."""
    line = re.sub(r"\s+", " ", text).strip().strip('"“”').strip()
    if len(line) > MAX_CHARS:
        line = line[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return line


class FallbackWriter:
    def __init__(
        self,
        primary: Writer,
        fallback: Writer,
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name
        self.cooldown, self.clock = cooldown, clock
        self.resting_until = float("-inf")
        self.last_reason = ""

    def write(self, request: ScriptRequest) -> ScriptResult:
        if self.clock() < self.resting_until:
            return self._fall_back(request, f"still resting after: {self.last_reason}")
        try:
            result = self.primary.write(request)
            metrics.MODEL_CALLS.labels(self.primary.name, "ok").inc()
            return result
        except Exception as error:  # any failure of the model must not stop the scripts
            metrics.MODEL_CALLS.labels(self.primary.name, "error").inc()
            self.last_reason = f"{type(error).__name__}: {error}"
            self.resting_until = self.clock() + self.cooldown
            log.warning(
                "showrunner: the %s backend failed (%s); using the offline writer for %.0f s",
                self.primary.name,
                self.last_reason,
                self.cooldown,
            )
            return self._fall_back(request, self.last_reason)

    def _fall_back(self, request: ScriptRequest, reason: str) -> ScriptResult:
        metrics.MODEL_FALLBACKS.labels(self.primary.name).inc()
        return replace(self.fallback.write(request), fallback_reason=reason)
