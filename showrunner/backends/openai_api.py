"""Any OpenAI-compatible chat server through OpenAI's official SDK (`POST …/chat/completions`).

`base_url` points it at OpenAI itself or at a local model server (llama.cpp, vLLM,
Ollama…), which usually wants no key; the model name is then the server's own, so it
must be configured. Timeouts and retries are the SDK's, as for Anthropic.
"""

import openai

from .base import SYSTEM, BackendConfig, BackendError, ScriptRequest, ScriptResult, tidy

# Local servers ignore the key, but the SDK insists on one.
KEYLESS = "no-key"


class OpenAIWriter:
    name = "openai"

    def __init__(self, config: BackendConfig):
        self.config = config
        self._client = None

    def client(self) -> openai.OpenAI:
        if not self.config.model:
            raise BackendError(
                "SHOWRUNNER_MODEL is not set (the openai backend needs a model name)"
            )
        if not (self.config.api_key or self.config.base_url):
            raise BackendError("set OPENAI_API_KEY, or OPENAI_BASE_URL for a local model server")
        if self._client is None:
            self._client = openai.OpenAI(
                api_key=self.config.api_key or KEYLESS,
                base_url=self.config.base_url or None,
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
            )
        return self._client

    def write(self, request: ScriptRequest) -> ScriptResult:
        completion = self.client().chat.completions.create(
            model=self.config.model,
            max_completion_tokens=self.config.max_tokens,
            messages=[
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": request.prompt},
            ],
        )
        choice = completion.choices[0] if completion.choices else None
        text = tidy(choice.message.content or "") if choice else ""
        if not text:
            reason = choice.finish_reason if choice else "no choices"
            raise BackendError(f"no text in the reply (finish_reason={reason})")
        usage = completion.usage
        return ScriptResult(
            text=text,
            backend=self.name,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
        )
