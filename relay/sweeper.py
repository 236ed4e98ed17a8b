"""The presence sweeper, a background loop (rally/processes.py): frees the nicknames of nodes
that died without disconnecting, and prunes the picks of loops no longer played."""

from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from predictions import services as game
from relay import services
from relay.presence import on_this_loop
from rally.http import now_ms
from rally.processes import periodic


async def sweep():
    stale_before = timezone.now() - timedelta(seconds=settings.PRESENCE_STALE_S)
    rosters = on_this_loop().rosters
    for fixture_id, slug, freed in await database_sync_to_async(services.sweep_stale_presence)(stale_before):
        rosters.names_changed(fixture_id, slug, {name: (False, version) for name, version in freed.items()})
        rosters.viewers_changed(fixture_id, slug)
    await database_sync_to_async(game.prune_picks)(now_ms())


run_forever = periodic(sweep, "presence")
