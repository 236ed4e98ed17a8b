"""Claude through Anthropic's official SDK and its Messages API (`POST /v1/messages`).

Timeouts and retries (exponential backoff, honouring `retry-after`) are the SDK's own,
configured from `BackendConfig`; `FallbackWriter` takes over when they are exhausted.
"""

import anthropic

from .base import SYSTEM, BackendConfig, BackendError, ScriptRequest, ScriptResult, tidy

DEFAULT_MODEL = "claude-sonnet-5-5"


class AnthropicWriter:
    name = "anthropic"

    def __init__(self, config: BackendConfig):
        self.config = config
        self.model = config.model or DEFAULT_MODEL
        self._client = None

    def client(self) -> anthropic.Anthropic:
        if not self.config.api_key:
            raise BackendError("ANTHROPIC_API_KEY is not set")
        if self._client is None:
            self._client = anthropic.Anthropic(
                api_key=self.config.api_key,
                base_url=self.config.base_url or None,
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
            )
        return self._client

    def write(self, request: ScriptRequest) -> ScriptResult:
        # Current Claude models think adaptively and count thinking towards max_tokens; a
        # one-line script needs little of it, so ask for low effort when configured.
        extra = {"output_config": {"effort": self.config.effort}} if self.config.effort else {}
        message = self.client().messages.create(
            model=self.model,
            max_tokens=self.config.max_tokens,
            system=SYSTEM,
            messages=[{"role": "user", "content": request.prompt}],
            **extra,
        )
        text = tidy(" ".join(block.text for block in message.content if block.type == "text"))
        if not text:
            raise BackendError(f"no text in the reply (stop_reason={message.stop_reason})")
        return ScriptResult(
            text=text,
            backend=self.name,
            input_tokens=message.usage.input_tokens,
            output_tokens=message.usage.output_tokens,
        )
