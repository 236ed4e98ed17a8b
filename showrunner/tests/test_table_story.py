"""The presenter across grounds: on the recorded final day its facts carry the table as it stands
and the other grounds' scores in every mode, and a goal that turns the title is told with what it
turned ("As it stands, Manchester City are champions")."""

from datetime import UTC, datetime

import pytest

from matches.feed import poller
from matches.models import Fixture
from showrunner import facts, story
from showrunner.backends.base import ScriptRequest
from showrunner.backends.offline import OfflineWriter
from showrunner.modes import LIVE, MODES
from testsupport import final_day

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city_after_aguero():
    provider, clock = final_day.recorded_day()
    aguero = next(
        at for at, _, fact in final_day.goal_moments(provider) if fact["player"] == "Sergio Agüero"
    )
    clock.now = provider.first_kickoff + aguero + 5
    poller.poll_once(provider)
    return Fixture.objects.get(slug="mci-v-qpr-90120513")


def test_the_goal_that_turns_the_title_is_told_with_the_turn(city_after_aguero):
    news = {item.event["player"]: item for item in story.feed_news(city_after_aguero)}
    aguero = news["Sergio Agüero"]
    assert aguero.text.endswith("— As it stands, Manchester City are champions")
    assert "as_it_stands" not in news["Edin Džeko"].event  # 2–2 changed nothing at the top
    assert news["Djibril Cissé"].event["as_it_stands"] == (
        "As it stands, Manchester United are champions"
    )
    line = OfflineWriter().write(ScriptRequest(LIVE, "", {}, aguero.event)).text
    assert line.endswith("As it stands, Manchester City are champions.")


def test_every_mode_hears_the_table_and_the_other_grounds(city_after_aguero):
    told = story.feed_story(city_after_aguero, datetime.now(UTC), fan_names=False)
    assert told["table"].splitlines()[:2] == [
        "- As it stands: Manchester City are champions",
        "- As it stands: Bolton Wanderers, Blackburn Rovers and Wolverhampton Wanderers go down",
    ]
    assert (
        "- 1. Manchester City: 38 played, 89 pts, GD +64 (3–2 v Queens Park Rangers, playing now)"
        in (told["table"].splitlines())
    )
    assert "- Elsewhere: Sunderland 0–1 Manchester United (FT)" in told["stakes"].splitlines()
    assert "- Elsewhere: Stoke City 2–2 Bolton Wanderers (FT)" in told["stakes"].splitlines()
    teams = facts.Teams("Manchester City", "Queens Park Rangers", "MCI", "QPR")
    for mode in MODES:
        said = facts.feed_facts(
            mode, teams, city_after_aguero.snapshot, None, datetime.now(UTC), [], "", told
        )
        assert "Manchester City are champions" in said["table"], mode
        assert "Sunderland 0–1 Manchester United" in said["stakes"], mode
