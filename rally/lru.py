"""A size-bounded, least-recently-used mapping with a time to live: per-process caches that a
client choosing the keys (a slug in a URL) cannot grow without limit."""

import time
from collections import OrderedDict


class BoundedTTLCache:
    """At most `max_entries` keys; each lives `ttl_s` seconds; the least recently used goes first.

    Not thread-safe by design: it lives on one event loop (the async views), where a get and a
    set never interleave mid-operation.
    """

    def __init__(self, max_entries, ttl_s, clock=time.monotonic):
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries, self.ttl_s, self._clock = max_entries, ttl_s, clock
        self._entries = OrderedDict()  # key → (expires, value)

    MISSING = object()

    def get(self, key, default=MISSING):
        """The live value for `key`, or `default` (BoundedTTLCache.MISSING unless given)."""
        entry = self._entries.get(key)
        if entry is None:
            return default
        if entry[0] <= self._clock():
            del self._entries[key]
            return default
        self._entries.move_to_end(key)
        return entry[1]

    def set(self, key, value):
        self._entries[key] = (self._clock() + self.ttl_s, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self):
        self._entries.clear()

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return self.get(key) is not self.MISSING
