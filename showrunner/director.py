"""The director: for each fixture on air, write what the presenter says next.

A cycle removes expired scripts, brings today's schedule in step with the feed, then for
every active target — the replay (always on air, its mode following the loop) and each
fixture with an active schedule block — does two things:

1. **News first.** Every telling event (story.py: a goal, red card, penalty or VAR decision;
   in the replay a lead change or a quarter's end) not yet told gets its own LIVE line,
   in match order, and is remembered per fixture in the database (`ToldEvent`), so it is
   never told again. A feed fixture's last events are told even when the feed already says
   full time. In the replay only the newest untold event is told (the others are marked).
2. **Between events**, a line only when there is something new to say: at most one per
   QUIET_GAP, and an unchanged situation (same mode, prompt version and facts, the clock
   aside) not again until MAX_SILENCE has passed — both in match time, so a recorded match
   played fast is told as often per match minute as a live one. Never two lines within
   MIN_GAP.

The prompt is always the version labelled production; drafts never reach the writer.

The director does not wait for its timer when news arrives: the poller's `feed_updated`
signal (matches/signals.py, received in showrunner/apps.py) wakes it, and for the replay it
wakes itself when the next telling event is due. Blocking work (database, model calls) runs
on the director's own thread, so a slow model never holds up the relay, the poller or the
guardian on the event loop.

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
from rally.loops import reported
from rally.rooms import broadcast
from showrunner import facts, story
from showrunner.backends import BackendConfig, ScriptRequest, build_writer
from showrunner.day import analyze_day
from showrunner.models import Prompt, ScheduleItem, Script, ToldEvent, to_ms
from showrunner.modes import LIVE, PRE_MATCH
from showrunner.prompting import fill
from showrunner.schedule import FINISHED, IN_PLAY, mode_for

log = logging.getLogger(__name__)

KICKED_OFF = IN_PLAY | FINISHED
RECENT_LINES = 5
QUIET_GAP = timedelta(minutes=3)
MIN_GAP = timedelta(seconds=10)  # never two lines closer than this: news waits its turn
MAX_SILENCE = timedelta(minutes=5)
# Facts that change with the clock alone: not "something new".
CLOCK_FACTS = {"recent_lines", "clock", "minutes_to_kickoff", "new_event"}

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


def _teams(fixture):
    return facts.Teams(fixture.home_name, fixture.away_name, fixture.home_code, fixture.away_code)


def _replay_parts(fixture, now):
    now_ms = to_ms(now)
    events = fixture.replay_events_as_protocol()
    clock = replay_clock(fixture.anchor.as_protocol(), now_ms)
    codes = {"home": fixture.home_code, "away": fixture.away_code}
    return now_ms, events, clock, codes


def facts_for(
    fixture: Fixture, mode: str, now, recent: list[str], new_event: str = "", fan_names: bool = True
) -> dict[str, str]:
    """Every variable of `mode` for `fixture` at `now`; `new_event` is the news to tell, if any;
    without `fan_names` (the prompt's switch) the crowd names no fan."""
    teams = _teams(fixture)
    if fixture.kind == Fixture.Kind.REPLAY:
        now_ms, events, clock, codes = _replay_parts(fixture, now)
        told = story.replay_story(
            fixture, events, clock["sequence"], codes, teams, now_ms, fan_names
        )
        return facts.replay_facts(
            mode, teams, fixture.title, events, clock, now_ms, recent, told, new_event
        )
    return facts.feed_facts(
        mode,
        teams,
        fixture.snapshot,
        fixture.starting_at,
        now,
        recent,
        _next_up(fixture),
        story.feed_story(fixture, now, fan_names),
        new_event,
    )


def news_for(fixture: Fixture, now) -> list[story.News]:
    """Every telling event of `fixture` so far (this loop, for the replay), in order."""
    if fixture.kind == Fixture.Kind.REPLAY:
        _, events, clock, codes = _replay_parts(fixture, now)
        if clock["phase"] != LIVE:
            return []
        return story.replay_news(events, clock["sequence"], clock["loop"], codes, _teams(fixture))
    return story.feed_news(fixture)


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
    """The presenter's latest lines about `fixture`; of a feed fixture that restarted (the recorded
    demo's next showing), only the lines of this showing: the old match's last words are retired."""
    scripts = fixture.scripts.all()
    showing = _showing(fixture)
    if showing > 1:
        scripts = scripts.filter(loop=showing)
    return list(scripts.order_by("-at", "-id")[:RECENT_LINES])


def _showing(fixture: Fixture) -> int:
    if fixture.kind != Fixture.Kind.FEED:
        return 1
    number = (fixture.snapshot or {}).get("showing") if isinstance(fixture.snapshot, dict) else None
    return number if isinstance(number, int) and number > 1 else 1


def prompt_facts(fixture: Fixture, mode: str, now) -> dict[str, str]:
    """The facts the director would fill `mode`'s prompt with for `fixture` right now."""
    recent = [script.text for script in recent_scripts(fixture)]
    return facts_for(fixture, mode, now, recent, fan_names=Prompt.for_mode(mode).fan_names)


def active_targets(now) -> list[tuple[Fixture, str]]:
    targets = [
        (fixture, replay_clock(fixture.anchor.as_protocol(), to_ms(now))["phase"])
        for fixture in Fixture.objects.filter(
            kind=Fixture.Kind.REPLAY, anchor__isnull=False
        ).select_related("anchor")
    ]
    items = ScheduleItem.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related(
        "fixture"
    )
    return targets + [
        (item.fixture, mode_for(item.mode, item.fixture.state_code)) for item in items
    ]


def fingerprint(mode: str, version_id: int, filled: dict[str, str]) -> str:
    # The recent lines change with every script and the clock with every cycle: neither is news.
    situation = {k: v for k, v in filled.items() if k not in CLOCK_FACTS}
    payload = json.dumps([mode, version_id, situation], sort_keys=True, ensure_ascii=False)
    return hashlib.md5(payload.encode()).hexdigest()


def speak(fixture: Fixture, mode: str, now, writer) -> list[Script]:
    """What the presenter says about `fixture` now: the next untold event, else maybe a line;
    nothing within MIN_GAP of its last line (the news waits, untold, for the next cycle)."""
    if breathing(fixture, now):
        return []
    told = tell_news(fixture, mode, now, writer)
    if told:
        return told
    line = speak_between_events(fixture, mode, now, writer)
    return [line] if line else []


def min_gap() -> timedelta:
    return timedelta(seconds=getattr(settings, "SHOWRUNNER_MIN_GAP_S", MIN_GAP.total_seconds()))


def breathing(fixture: Fixture, now) -> timedelta | None:
    """How long until the presenter may speak again about `fixture`, or None when it may now."""
    last = fixture.scripts.order_by("-at").values_list("at", flat=True).first()
    left = last + min_gap() - now if last else None
    return left if left and left > timedelta(0) else None


def tell_news(fixture: Fixture, mode: str, now, writer) -> list[Script]:
    replay = fixture.kind == Fixture.Kind.REPLAY
    if (replay and mode != LIVE) or (not replay and fixture.state_code not in KICKED_OFF):
        return []
    # A feed match's events are told whatever block the clock is in: the feed may already say
    # full time (a late winner) or run ahead of the schedule (a fast demo feed).
    fresh = story.untold(fixture, news_for(fixture, now))
    if replay and len(fresh) > 1:  # the replay moves on: only its newest event is news
        for stale in fresh[:-1]:
            story.remember(fixture, stale.key)
        fresh = fresh[-1:]
    fresh = fresh[:1]  # one line at a time: the next waits MIN_GAP
    prompt = Prompt.for_mode(LIVE)
    version = prompt.production_version()
    scripts = []
    for news in fresh:
        if not story.remember(fixture, news.key):
            continue  # another director told it
        try:
            said = [script.text for script in recent_scripts(fixture)]
            filled = facts_for(
                fixture, LIVE, now, said, new_event=news.text, fan_names=prompt.fan_names
            )
            script = _write(fixture, LIVE, now, writer, version, filled, event=news.event)
        except Exception:
            ToldEvent.objects.filter(fixture=fixture, key=news.key).delete()  # try again next cycle
            raise
        ToldEvent.objects.filter(fixture=fixture, key=news.key).update(script=script)
        scripts.append(script)
    return scripts


def quiet_gap() -> timedelta:
    return timedelta(seconds=getattr(settings, "SHOWRUNNER_QUIET_GAP_S", QUIET_GAP.total_seconds()))


def speak_between_events(fixture: Fixture, mode: str, now, writer) -> Script | None:
    prompt = Prompt.for_mode(mode)
    version = prompt.production_version()
    said = recent_scripts(fixture)
    last = said[0] if said else None
    pace = match_pace(fixture)
    if last and last.mode == mode and now - last.at < quiet_gap() / pace:
        return None
    filled = facts_for(
        fixture, mode, now, [script.text for script in said], fan_names=prompt.fan_names
    )
    digest = fingerprint(mode, version.id, filled)
    if last and last.facts_hash == digest and now - last.at < MAX_SILENCE / pace:
        return None
    return _write(fixture, mode, now, writer, version, filled, digest=digest)


def match_pace(fixture: Fixture) -> float:
    """Match seconds per wall second: a recorded match played fast is told as often per match
    minute as a live one (its gaps between events shrink with its clock), MIN_GAP aside."""
    if fixture.kind != Fixture.Kind.FEED:
        return 1.0
    rate = ((fixture.snapshot or {}).get("clock") or {}).get("rate")
    return float(rate) if isinstance(rate, (int, float)) and rate > 1 else 1.0


def _write(fixture, mode, now, writer, version, filled, event=None, digest=None) -> Script:
    result = writer.write(
        ScriptRequest(mode, fill(mode, version.text, filled), filled, event=event)
    )
    return Script.objects.create(
        fixture=fixture,
        mode=mode,
        text=result.text,
        prompt_version=version,
        backend=result.backend,
        fallback_reason=result.fallback_reason,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        facts_hash=digest or fingerprint(mode, version.id, filled),
        facts=filled,
        at=now,
        **replay_position(fixture, mode, now, event),
    )


def replay_position(fixture, mode, now, event=None) -> dict:
    """Where in the replay a line speaks: the told event's sequence, else the clock's; a
    pre-match line speaks of the coming loop, before its first event. A feed fixture's line
    speaks of its showing (`loop`; no sequence), so a page of the next showing retires it."""
    if fixture.kind != Fixture.Kind.REPLAY:
        return {"loop": _showing(fixture)}
    clock = replay_clock(fixture.anchor.as_protocol(), to_ms(now))
    if mode == PRE_MATCH:
        return {"loop": clock["loop"] + 1, "sequence": 0}
    return {"loop": clock["loop"], "sequence": event["sequence"] if event else clock["sequence"]}


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
            spoken.extend(speak(fixture, mode, now, writer))
        except Exception:  # one fixture's bad data must not silence the others
            log.exception("showrunner: no script for %s (%s)", fixture.slug, mode)
    return spoken


def _cycle_on_own_thread() -> list[dict]:
    close_old_connections()
    try:
        return [script.as_message() for script in run_cycle()]
    finally:
        close_old_connections()


def next_wake(now) -> float | None:
    """Seconds until the replay's next telling event is due in this loop, or news waiting for
    MIN_GAP (of any fixture on air) may be told."""
    due = []
    for fixture, _ in active_targets(now):
        wait = breathing(fixture, now)
        if wait and story.untold(fixture, news_for(fixture, now)):
            due.append(wait.total_seconds())
        elif fixture.kind == Fixture.Kind.REPLAY:
            now_ms, events, _, codes = _replay_parts(fixture, now)
            at = story.next_replay_news_ms(
                events, fixture.anchor.as_protocol(), codes, _teams(fixture), now_ms
            )
            if at is not None:
                due.append(max((at - now_ms) / 1000, wait.total_seconds() if wait else 0))
    return max(0.0, min(due)) if due else None


def _cycle_on_own_thread() -> tuple[list[dict], float | None]:
    close_old_connections()
    try:
        messages = [script.as_message() for script in run_cycle()]
        return messages, next_wake(timezone.now())
    finally:
        close_old_connections()


_nudge: asyncio.Event | None = None
_nudge_loop = None


def wake(slugs=()) -> None:
    """News arrived (the poller stored a changed fixture): run a cycle now, not at the timer.
    Safe from any thread; a no-op when no director loop runs in this process."""
    if _nudge is not None and _nudge_loop is not None and not _nudge_loop.is_closed():
        _nudge_loop.call_soon_threadsafe(_nudge.set)


async def cycle() -> float | None:
    messages, wake_in = await asyncio.get_running_loop().run_in_executor(
        _thread, _cycle_on_own_thread
    )
    for message in messages:
        await broadcast(message["fixture"], message)
    return wake_in


# News does not wait for the timer; a small margin lets the event itself be past.
WAKE_MARGIN_S = 0.1


async def run_forever(stop, interval):
    """A cycle every `interval` seconds, sooner when the poller or the replay has news."""
    global _nudge, _nudge_loop
    _nudge, _nudge_loop = asyncio.Event(), asyncio.get_running_loop()
    while not stop.is_set():
        _nudge.clear()
        wake_in = None
        try:
            async with reported("director"):
                wake_in = await cycle()
        except Exception:  # one bad cycle must not end the loop: log it, try again next time
            log.exception("showrunner: cycle failed")
        timeout = interval if wake_in is None else min(interval, wake_in + WAKE_MARGIN_S)
        waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(_nudge.wait())]
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()
