"""A roster as a client rebuilds it from `hello`, `presence_diff` and `presence_state` (docs/protocol.md, Presence):
the same rules as the page's predictions/static/predictions/roster.js, for tests and benchmarks
that check every watcher ends with the server's roster. Pure: no Django."""

import unicodedata


class Roster:
    def __init__(self, hello):
        self.floor = self.version = hello["version"]
        self.events = dict.fromkeys(
            hello["online"], (True, hello["version"])
        )  # name → (present, version)
        self.named, self.viewers = hello["named"], hello["viewers"]

    def apply(self, diff):
        for present, names in ((True, diff["joins"]), (False, diff["leaves"])):
            for name, version in names.items():
                if version > self.floor and version > self.events.get(name, (None, -1))[1]:
                    self.events[name] = (present, version)
        if diff["version"] > self.version:
            self.version, self.named, self.viewers = diff["version"], diff["named"], diff["viewers"]
        return self

    def resync(self, state):
        """A `presence_state` (the node's answer to a channel-layer outage): the room as of its
        version, keeping only what this roster learned since."""
        fresh = Roster(state)
        fresh.events.update(
            {name: event for name, event in self.events.items() if event[1] > state["version"]}
        )
        if self.version > fresh.version:
            fresh.version, fresh.named, fresh.viewers = self.version, self.named, self.viewers
        self.__dict__.update(fresh.__dict__)
        return self

    @property
    def online(self):
        """The names present, in the server's order (the nickname key)."""
        return sorted((name for name, (present, _) in self.events.items() if present), key=key)

    def as_dict(self):
        return {
            "online": self.online,
            "named": self.named,
            "viewers": self.viewers,
            "version": self.version,
        }


def key(name):
    return unicodedata.normalize("NFKC", name).casefold()
