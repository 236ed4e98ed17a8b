"""The replay's clock in tests: set where a test needs it."""

import json
import urllib.request

from asgiref.sync import sync_to_async

from rally.http import now_ms

SLUG = "fiba-2019-bronze"
SLOW_TICK_MS = 60_000  # a sequence lasts a minute: the clock stands still during a test
# A page whose room socket has said hello (the roster counts the page itself): a join sent now
# is not answered "Not connected right now", as one sent while the socket still opens is.
CONNECTED = "[data-presence][data-viewers]:not([data-viewers='0'])"


def set_clock(fixture, sequence, loop=1, tick_ms=SLOW_TICK_MS, pause_ms=60_000, later_ms=0):
    """Re-anchor the replay so the server's clock is now halfway through `sequence` of `loop`
    (and `later_ms` beyond). Sockets read the anchor on connect: set it before connecting."""
    anchor = fixture.anchor
    cycle_ms = anchor.last_sequence * tick_ms + pause_ms
    anchor.tick_ms, anchor.pause_ms = tick_ms, pause_ms
    anchor.base_started_at = now_ms() - (
        (loop - 1) * cycle_ms + (sequence - 1) * tick_ms + tick_ms // 2 + later_ms
    )
    anchor.save()
    return anchor.as_protocol()


aset_clock = sync_to_async(set_clock)


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def start_replay_site(site_factory, tick_ms, pause_ms, lead_ms):
    """A whole site whose first tip-off is `lead_ms` from now, at `tick_ms` per event."""
    site = site_factory(
        env={"PRESENCE_COALESCE_S": "0.2"}
    ).seed()  # before the lead starts counting
    site.prepare(
        "--tick-ms",
        str(tick_ms),
        "--pause-ms",
        str(pause_ms),
        "--base-started-at",
        str(now_ms() + lead_ms),
    )
    site.start("serve")
    return site


def keep_pick(fixture, name, prediction, choice, loop):
    """Store a standing pick of the player owning `name` (made on first use), as the relay does."""
    from predictions.models import Pick
    from relay.models import Player

    player, _ = Player.objects.get_or_create(
        fixture=fixture, key=name.casefold(), defaults={"name": name}
    )
    Pick.objects.update_or_create(
        fixture=fixture,
        player=player,
        loop=loop,
        prediction=prediction,
        defaults={"name": player.name, "choice": choice, "at": now_ms()},
    )
