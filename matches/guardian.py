"""The anchor guardian as a background loop: the replay always has its anchor."""

from asgiref.sync import sync_to_async
from django.conf import settings

from matches.seeding import ReplayNotSeeded, ensure_anchor
from rally.http import now_ms
from rally.processes import periodic


async def guard_anchor():
    try:
        await sync_to_async(ensure_anchor)(
            now_ms=now_ms(), tick_ms=settings.REPLAY_TICK_MS, pause_ms=settings.REPLAY_PAUSE_MS
        )
    except ReplayNotSeeded:
        pass  # nothing to guard until an operator seeds the replay


run_forever = periodic(guard_anchor, "guardian")
