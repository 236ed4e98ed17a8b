"""A roster as a client rebuilds it from `hello` and `presence_diff` (docs/protocol.md, Presence):
the same rules as the page's predictions/static/predictions/roster.js, for tests and benchmarks
that check every watcher ends with the server's roster. Pure: no Django."""

import unicodedata


class Roster:
    def __init__(self, hello):
        self.floor = self.version = hello["version"]
        self.events = {name: (True, hello["version"]) for name in hello["online"]}  # name → (present, version)
        self.named, self.viewers = hello["named"], hello["viewers"]

    def apply(self, diff):
        for present, names in ((True, diff["joins"]), (False, diff["leaves"])):
            for name, version in names.items():
                if version > self.floor and version > self.events.get(name, (None, -1))[1]:
                    self.events[name] = (present, version)
        if diff["version"] > self.version:
            self.version, self.named, self.viewers = diff["version"], diff["named"], diff["viewers"]
        return self

    @property
    def online(self):
        """The names present, in the server's order (the nickname key)."""
        return sorted((name for name, (present, _) in self.events.items() if present), key=key)

    def as_dict(self):
        return {"online": self.online, "named": self.named, "viewers": self.viewers, "version": self.version}


def key(name):
    return unicodedata.normalize("NFKC", name).casefold()
