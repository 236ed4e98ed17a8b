"""Signals other apps may listen to, so matches never imports them.

`feed_updated`: the poller stored and sent changed feed fixtures; `slugs` names them. The
showrunner's director wakes on it to tell new goals at once instead of at its next cycle.
"""

from django.dispatch import Signal

feed_updated = Signal()  # sender: the poller module's name; kwargs: slugs (list of str)
