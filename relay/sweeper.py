"""The presence sweeper, a background loop (rally/processes.py): starts the grace of the nicknames
of nodes that died without disconnecting, prunes the picks of loops no longer played, and forgets
players whose grace is over and who have nothing left to own.

A node is judged dead only when it stopped beating while the database was there to receive its
beats: after this process lost the database (rally.loops.database_contact), every node's beat is
old for a reason of the database's, not the node's, so no node is judged until the database has
been reachable for PRESENCE_STALE_S again, by which time every live node has beaten (a node
retries a failed beat within a second: relay.presence.Heartbeat)."""

import logging
from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from rally.http import now_ms
from rally.loops import database_contact
from rally.processes import periodic
from relay import services
from relay.game import game
from relay.presence import on_this_loop

log = logging.getLogger(__name__)
_judging = [True]  # whether the last cycle judged nodes: a change of it is logged once


async def sweep():
    now = timezone.now()
    if _may_judge_nodes():
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


def _may_judge_nodes():
    """True once the database has been reachable for PRESENCE_STALE_S without a break."""
    judging = database_contact.unbroken_s() >= settings.PRESENCE_STALE_S
    if judging != _judging[0]:
        _judging[0] = judging
        if judging:
            log.info("presence: judging nodes by their heartbeats again")
        else:
            log.warning(
                "presence: the database was away; no node is judged dead until it has been "
                "back for %gs (PRESENCE_STALE_S)",
                settings.PRESENCE_STALE_S,
            )
    return judging


run_forever = periodic(sweep, "presence")
