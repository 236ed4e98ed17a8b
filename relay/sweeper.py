"""The presence sweeper, a background loop (rally/processes.py): starts the grace of the nicknames
of nodes that died without disconnecting, prunes the picks of loops no longer played, and forgets
players whose grace is over and who have nothing left to own."""

from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from rally.http import now_ms
from rally.processes import periodic
from relay import services
from relay.game import game
from relay.presence import on_this_loop


async def sweep():
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.PRESENCE_STALE_S)
    rosters = on_this_loop().rosters
    for fixture_id, slug, freed in await database_sync_to_async(services.sweep_stale_presence)(
        stale_before, now
    ):
        rosters.names_left(fixture_id, slug, freed)
    await database_sync_to_async(game().prune_picks)(now_ms())
    await database_sync_to_async(services.prune_players)(
        now - timedelta(seconds=settings.PRESENCE_GRACE_S)
    )


run_forever = periodic(sweep, "presence")
