"""Signals other apps may listen to, so matches never imports them.

`feed_updated`: the poller stored and sent changed feed fixtures; `slugs` names them. The
showrunner's director wakes on it to tell new goals at once instead of at its next cycle.

`feed_stored`: the feed writer (matches/feed/store.py) saved a changed feed fixture; sent inside
its transaction, in whichever process polls, so a receiver's writes commit (or roll back) with
the fixture's. A receiver returns the messages the change makes it send (or nothing): the
poller sends them to the fixture's room after the COMPOSITE_UPDATE, so a page never hears an
answer before the goal that decided it. The live football game settles its predictions on it.
"""

from django.dispatch import Signal

feed_updated = Signal()  # sender: the poller module's name; kwargs: slugs (list of str)
feed_stored = Signal()  # sender: Fixture; kwargs: fixture (saved), now_ms (server time)
