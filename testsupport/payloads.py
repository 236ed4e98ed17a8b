"""A provider's fixtures in the feed's own shape, the ones that parse: what the fake SportMonks
serves of the recorded match, and what the client tests read back."""

from matches.feed.base import read_valid


def live_fixtures(provider):
    return [payload for payload, _ in read_valid(provider.live_payloads(), provider.name)]


def day_fixtures(provider, day):
    return [payload for payload, _ in read_valid(provider.day_payloads(day), provider.name)]


def serving(provider):
    """What a fake SportMonks serves as in play: the provider's live fixtures, read afresh."""
    return lambda: live_fixtures(provider)
