"""The director: on a timer, for each fixture on air, write what the presenter says next.

A cycle removes expired scripts, brings today's schedule in step with the feed, then for
every active target — the replay (always on air, its mode following the loop) and each
fixture with an active schedule block — fills that mode's current prompt from the
fixture and the lines said lately, asks the configured writer, stores the script and
returns it for the fixture's room. A situation already narrated (same mode, prompt
version and facts) is not narrated again until MAX_SILENCE has passed.

Blocking work (database, model calls) runs on the director's own thread, so a slow model
never holds up the relay, the poller or the guardian on the event loop.
"""

import asyncio
import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from matches.engine import replay_clock
from matches.models import Fixture
from rally.rooms import broadcast
from rally.processes import periodic
from showrunner import facts
from showrunner.backends import BackendConfig, ScriptRequest, build_writer
from showrunner.day import analyze_day
from showrunner.models import Prompt, ScheduleItem, Script, to_ms
from showrunner.schedule import mode_for
from showrunner.templating import render

log = logging.getLogger(__name__)

RECENT_LINES = 5
MAX_SILENCE = timedelta(minutes=5)

_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="showrunner")


def backend_config() -> BackendConfig:
    backend = settings.SHOWRUNNER_BACKEND
    key, base_url = {
        "anthropic": (settings.ANTHROPIC_API_KEY, settings.ANTHROPIC_BASE_URL),
        "openai": (settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL),
    }.get(backend, ("", ""))
    return BackendConfig(
        backend=backend,
        model=settings.SHOWRUNNER_MODEL,
        api_key=key,
        base_url=base_url,
        timeout=settings.SHOWRUNNER_TIMEOUT_S,
        max_retries=settings.SHOWRUNNER_MAX_RETRIES,
        effort=settings.SHOWRUNNER_EFFORT,
    )


@lru_cache(maxsize=4)
def _writer_for(config: BackendConfig):
    # One writer per configuration, kept, so a model's cool-down outlives a cycle.
    return build_writer(config)


def configured_writer():
    return _writer_for(backend_config())


def facts_for(fixture: Fixture, mode: str, now, recent: list[str]) -> dict[str, str]:
    """Every variable of `mode` for `fixture` at `now`."""
    teams = facts.Teams(fixture.home_name, fixture.away_name, fixture.home_code, fixture.away_code)
    if fixture.kind == Fixture.Kind.REPLAY:
        now_ms = to_ms(now)
        events = fixture.replay_events_as_protocol()
        clock = replay_clock(fixture.anchor.as_protocol(), now_ms)
        return facts.replay_facts(mode, teams, fixture.title, events, clock, now_ms, recent)
    return facts.feed_facts(
        mode, teams, fixture.snapshot, fixture.starting_at, now, recent, _next_up(fixture)
    )


def _next_up(fixture: Fixture) -> str:
    later = fixture.starting_at and (
        Fixture.objects.filter(
            kind=Fixture.Kind.FEED,
            starting_at__gt=fixture.starting_at,
            starting_at__date=fixture.starting_at.date(),
        )
        .order_by("starting_at")
        .first()
    )
    if not later:
        return "That is all the live football on Rally today."
    return f"{later.home_name} v {later.away_name} at {later.starting_at:%H:%M} UTC."


def recent_scripts(fixture: Fixture) -> list[Script]:
    return list(fixture.scripts.order_by("-at", "-id")[:RECENT_LINES])


def prompt_facts(fixture: Fixture, mode: str, now) -> dict[str, str]:
    """The facts the director would fill `mode`'s prompt with for `fixture` right now."""
    return facts_for(fixture, mode, now, [script.text for script in recent_scripts(fixture)])


def active_targets(now) -> list[tuple[Fixture, str]]:
    targets = [
        (fixture, replay_clock(fixture.anchor.as_protocol(), to_ms(now))["phase"])
        for fixture in Fixture.objects.filter(kind=Fixture.Kind.REPLAY, anchor__isnull=False)
        .select_related("anchor")
    ]
    items = ScheduleItem.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related("fixture")
    return targets + [(item.fixture, mode_for(item.mode, item.fixture.state_code)) for item in items]


def fingerprint(mode: str, version_id: int, filled: dict[str, str]) -> str:
    # The recent lines change with every script; they are not part of the situation.
    situation = {k: v for k, v in filled.items() if k != "recent_lines"}
    payload = json.dumps([mode, version_id, situation], sort_keys=True, ensure_ascii=False)
    return hashlib.md5(payload.encode()).hexdigest()


def speak(fixture: Fixture, mode: str, now, writer) -> Script | None:
    version = Prompt.for_mode(mode).current_version()
    said = recent_scripts(fixture)
    filled = facts_for(fixture, mode, now, [script.text for script in said])
    digest = fingerprint(mode, version.id, filled)
    if said and said[0].facts_hash == digest and now - said[0].at < MAX_SILENCE:
        return None
    result = writer.write(ScriptRequest(mode, render(version.text, filled), filled))
    return Script.objects.create(
        fixture=fixture,
        mode=mode,
        text=result.text,
        prompt_version=version,
        backend=result.backend,
        fallback_reason=result.fallback_reason,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        facts_hash=digest,
        at=now,
    )


def purge_expired(now=None) -> int:
    deleted, _ = Script.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def run_cycle(now=None, writer=None) -> list[Script]:
    """One pass of the director; returns the scripts written, for their rooms."""
    now = now or timezone.now()
    purge_expired(now)
    analyze_day(now.date())
    writer = writer or configured_writer()
    spoken = []
    for fixture, mode in active_targets(now):
        try:
            spoken.append(speak(fixture, mode, now, writer))
        except Exception:  # one fixture's bad data must not silence the others
            log.exception("showrunner: no script for %s (%s)", fixture.slug, mode)
    return [script for script in spoken if script]


def _cycle_on_own_thread() -> list[dict]:
    close_old_connections()
    try:
        return [script.as_message() for script in run_cycle()]
    finally:
        close_old_connections()


async def cycle():
    messages = await asyncio.get_running_loop().run_in_executor(_thread, _cycle_on_own_thread)
    for message in messages:
        await broadcast(message["fixture"], message)


run_forever = periodic(cycle, "showrunner")
