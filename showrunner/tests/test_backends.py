"""The script writers, against local fake servers that speak each API's wire format."""

import logging
import time

import pytest

from rally.templating import render
from showrunner.backends import BackendConfig, ScriptRequest, build_writer
from showrunner.facts import NOTHING_YET
from showrunner.modes import LIVE, MODES, POST_MATCH, PRE_MATCH
from testsupport.fake_models import INPUT_TOKENS, OUTPUT_TOKENS, REPLY, FakeModelServer, unused_url

SAMPLES = MODES[LIVE].samples
REQUEST = ScriptRequest(LIVE, render(MODES[LIVE].default_prompt, SAMPLES), SAMPLES)


@pytest.fixture
def server():
    with FakeModelServer() as fake:
        yield fake


def anthropic_config(url, **overrides):
    settings = dict(
        backend="anthropic", api_key="sk-ant-test", base_url=url, timeout=0.5, max_retries=1
    )
    return BackendConfig(**{**settings, **overrides})


def openai_config(url, **overrides):
    settings = dict(
        backend="openai", model="local-model", base_url=f"{url}/v1", timeout=0.5, max_retries=1
    )
    return BackendConfig(**{**settings, **overrides})


def test_anthropic_sends_the_filled_prompt_to_the_messages_api(server):
    result = build_writer(anthropic_config(server.url)).write(REQUEST)
    (sent,) = server.requests
    assert sent.path == "/v1/messages"
    # Anthropic accepts the key as `x-api-key` or, as this SDK version sends it, a bearer token.
    assert "sk-ant-test" in (
        sent.headers.get("x-api-key"),
        sent.headers.get("authorization", "")[7:],
    )
    assert sent.headers["anthropic-version"]
    assert sent.body["model"] == "claude-sonnet-5-5"
    assert sent.body["messages"] == [{"role": "user", "content": REQUEST.prompt}]
    assert sent.body["max_tokens"] == 1024 and sent.body["system"]
    assert sent.body["output_config"] == {"effort": "low"}
    assert (result.text, result.backend) == (REPLY, "anthropic")
    assert (result.input_tokens, result.output_tokens) == (INPUT_TOKENS, OUTPUT_TOKENS)


def test_anthropic_uses_the_configured_model_and_keeps_only_the_text_blocks(server):
    server.answer("thinking")
    result = build_writer(anthropic_config(server.url, model="claude-haiku-4-5", effort="")).write(
        REQUEST
    )
    assert server.requests[0].body["model"] == "claude-haiku-4-5"
    assert "output_config" not in server.requests[0].body
    assert result.text == REPLY


def test_openai_sends_the_filled_prompt_to_chat_completions(server):
    result = build_writer(openai_config(server.url)).write(REQUEST)
    (sent,) = server.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer no-key"
    assert sent.body["model"] == "local-model"
    assert [m["role"] for m in sent.body["messages"]] == ["system", "user"]
    assert sent.body["messages"][1]["content"] == REQUEST.prompt
    assert (result.text, result.backend) == (REPLY, "openai")
    assert (result.input_tokens, result.output_tokens) == (INPUT_TOKENS, OUTPUT_TOKENS)


def test_openai_sends_the_api_key_when_there_is_one(server):
    build_writer(openai_config(server.url, api_key="sk-test")).write(REQUEST)
    assert server.requests[0].headers["authorization"] == "Bearer sk-test"


@pytest.mark.parametrize("config", [anthropic_config, openai_config])
def test_a_server_error_is_retried_before_it_counts_as_a_failure(server, config):
    server.answer("error")
    result = build_writer(config(server.url)).write(REQUEST)
    assert len(server.requests) == 2
    assert result.text == REPLY and not result.fallback_reason


@pytest.mark.parametrize("config", [anthropic_config, openai_config])
def test_when_the_model_server_is_down_the_script_comes_from_the_offline_writer(config, caplog):
    with caplog.at_level(logging.WARNING, logger="showrunner.backends"):
        result = build_writer(config(unused_url())).write(REQUEST)
    assert result.backend == "offline" and result.text
    assert "APIConnectionError" in result.fallback_reason
    assert "backend failed" in caplog.text and "using the offline writer" in caplog.text


@pytest.mark.parametrize("config", [anthropic_config, openai_config])
def test_a_slow_model_is_abandoned_after_its_timeout_and_retries(server, config):
    server.answer(("slow", 3), ("slow", 3))
    started = time.monotonic()
    result = build_writer(config(server.url, timeout=0.3)).write(REQUEST)
    assert time.monotonic() - started < 2.5
    assert result.backend == "offline" and "APITimeoutError" in result.fallback_reason


@pytest.mark.parametrize("config", [anthropic_config, openai_config])
def test_persistent_errors_fall_back_after_the_configured_retries(server, config):
    server.answer("error", "error", "error")
    result = build_writer(config(server.url, max_retries=2)).write(REQUEST)
    assert len(server.requests) == 3
    assert result.backend == "offline" and "500" in result.fallback_reason


@pytest.mark.parametrize("config", [anthropic_config, openai_config])
def test_an_empty_reply_falls_back(server, config):
    server.answer("empty")
    result = build_writer(config(server.url)).write(REQUEST)
    assert result.backend == "offline" and "no text in the reply" in result.fallback_reason


def test_after_a_failure_the_model_rests_for_the_cool_down(server):
    server.answer("error", "error")
    writer = build_writer(anthropic_config(server.url, cooldown=60))
    writer.write(REQUEST)
    second = writer.write(REQUEST)
    assert len(server.requests) == 2  # the first call and its retry; none for the second
    assert second.backend == "offline" and "still resting" in second.fallback_reason


def test_after_the_cool_down_the_model_is_asked_again(server):
    server.answer("error", "error")
    writer = build_writer(anthropic_config(server.url, cooldown=0))
    assert writer.write(REQUEST).backend == "offline"
    assert writer.write(REQUEST).backend == "anthropic"


@pytest.mark.parametrize(
    "config, reason",
    [
        (BackendConfig(backend="anthropic"), "ANTHROPIC_API_KEY is not set"),
        (
            BackendConfig(backend="openai", base_url="http://127.0.0.1:9/v1"),
            "SHOWRUNNER_MODEL is not set",
        ),
        (BackendConfig(backend="openai", model="gpt-5.4-mini"), "set OPENAI_API_KEY"),
    ],
)
def test_a_missing_setting_is_logged_and_scripts_still_arrive(config, reason, caplog):
    with caplog.at_level(logging.WARNING, logger="showrunner.backends"):
        result = build_writer(config).write(REQUEST)
    assert result.backend == "offline" and reason in result.fallback_reason
    assert reason in caplog.text


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="offline, anthropic, openai"):
        build_writer(BackendConfig(backend="gpt"))


def offline(mode, **facts):
    return build_writer(BackendConfig()).write(
        ScriptRequest(mode, "", {**MODES[mode].samples, **facts})
    )


def test_the_offline_writer_is_deterministic_and_says_so():
    first, second = offline(LIVE), offline(LIVE)
    assert first == second and first.backend == "offline"
    assert (first.input_tokens, first.output_tokens) == (0, 0)


@pytest.mark.parametrize("mode", [PRE_MATCH, LIVE, POST_MATCH])
def test_the_offline_writer_builds_a_short_line_from_the_facts(mode):
    text = offline(mode).text
    assert 10 < len(text) <= 320 and "{" not in text
    assert any(fact in text for fact in MODES[mode].samples.values() if len(fact) > 3)


def test_the_offline_writer_does_not_repeat_a_recent_line():
    said = offline(LIVE).text
    again = offline(LIVE, recent_lines=f"- {said}").text
    assert again != said


def test_before_anything_happened_the_offline_writer_says_the_score_not_a_placeholder():
    for recent in ("", f"- {offline(LIVE, last_event=NOTHING_YET).text}"):
        text = offline(LIVE, last_event=NOTHING_YET, recent_lines=recent).text
        assert NOTHING_YET not in text
        assert MODES[LIVE].samples["score"] in text


def test_the_offline_writer_copes_with_missing_facts():
    result = build_writer(BackendConfig()).write(ScriptRequest(LIVE, "", {}))
    assert result.text == "Stay with Rally for the next update."


def test_the_offline_writer_inserts_hostile_facts_as_plain_text():
    text = offline(LIVE, score="{0.__class__}", clock="{{ settings.SECRET_KEY }}", status="x").text
    assert "{0.__class__}" in text or "{{ settings.SECRET_KEY }}" in text
