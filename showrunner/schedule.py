"""The schedule analyzer: a day's live fixtures wrapped with pre- and post-match blocks.

Each fixture gets a LIVE block from kick-off to its end (the feed's end when it has one,
otherwise kick-off + 115 minutes), a PRE_MATCH block of up to 30 minutes before kick-off
and a POST_MATCH block of up to 30 minutes after the end. Where one fixture ends less
than an hour before another kicks off, the gap is split at its midpoint: the first
fixture's post-match talk, then the second's pre-match talk. Fixtures that overlap are
live at the same time, each in its own room, and keep their full blocks. Blocks that
would last no time at all are left out.

A pure function of its input, with a stable order: re-running it gives the same plan.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from matches.feed import states

from .modes import LIVE, POST_MATCH, PRE_MATCH

WRAP = timedelta(minutes=30)
EXPECTED_LENGTH = timedelta(minutes=115)
MODE_ORDER = {PRE_MATCH: 0, LIVE: 1, POST_MATCH: 2}


@dataclass(frozen=True)
class FixtureTimes:
    fixture: str
    kickoff: datetime
    ended_at: datetime | None = None

    @property
    def end(self) -> datetime:
        return self.ended_at or self.kickoff + EXPECTED_LENGTH


@dataclass(frozen=True)
class Block:
    mode: str
    start: datetime
    end: datetime
    fixture: str

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def plan(fixtures: Iterable[FixtureTimes]) -> list[Block]:
    fixtures = list(fixtures)
    blocks = []
    for fixture in fixtures:
        others = [other for other in fixtures if other.fixture != fixture.fixture]
        pre_start = fixture.kickoff - WRAP
        earlier_ends = [o.end for o in others if o.end <= fixture.kickoff]
        if earlier_ends:
            pre_start = max(pre_start, _midpoint(max(earlier_ends), fixture.kickoff))
        post_end = fixture.end + WRAP
        later_kickoffs = [o.kickoff for o in others if o.kickoff >= fixture.end]
        if later_kickoffs:
            post_end = min(post_end, _midpoint(fixture.end, min(later_kickoffs)))
        blocks += [
            Block(PRE_MATCH, pre_start, fixture.kickoff, fixture.fixture),
            Block(LIVE, fixture.kickoff, fixture.end, fixture.fixture),
            Block(POST_MATCH, fixture.end, post_end, fixture.fixture),
        ]
    kept = [block for block in blocks if block.end > block.start]
    return sorted(kept, key=lambda b: (b.start, MODE_ORDER[b.mode], b.fixture, b.end))


def active(blocks: Iterable[Block], moment: datetime) -> list[Block]:
    return [block for block in blocks if block.contains(moment)]


def _midpoint(start: datetime, end: datetime) -> datetime:
    return start + (end - start) / 2


# Feed states (matches/feed/states.py, docs/feed.md) that overrule the clock: a match can end early or run long.
FINISHED = states.codes(states.FINISHED)
UNPLAYED = states.codes(states.UNPLAYED)  # no blocks at all
IN_PLAY = states.codes(states.RUNNING, states.PAUSED)


def mode_for(scheduled: str, state_code: str) -> str:
    """The mode to speak in: the block's, unless the feed says the match is over or on."""
    if scheduled == LIVE and state_code in FINISHED:
        return POST_MATCH
    if scheduled != LIVE and state_code in IN_PLAY:
        return LIVE
    return scheduled
