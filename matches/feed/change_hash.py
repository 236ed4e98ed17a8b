"""What counts as a change of a feed fixture: an MD5 over the canonical JSON of what fans see."""

import hashlib
import json

HASHED = ("events", "scores", "state", "pressure")


def change_hash(snapshot):
    """MD5 hex of events, scores, state and pressure; key order and whitespace never matter."""
    body = {key: snapshot.get(key) for key in HASHED}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.md5(canonical.encode()).hexdigest()
