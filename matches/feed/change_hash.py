"""What counts as a change of a feed fixture: an MD5 over the canonical JSON of what fans see."""

import hashlib
import json

HASHED = (
    "events",
    "scores",
    "state",
    "pressure",
    "lineups",
    "statistics",
    "competition",
    "venue",
    "recorded",
)


def change_hash(snapshot):
    """MD5 hex of what fans see (HASHED); key order and whitespace never matter."""
    body = {key: snapshot.get(key) for key in HASHED}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.md5(canonical.encode()).hexdigest()
