"""The presenter tells the story: every goal promptly, nothing twice, and facts worth telling."""

import logging
from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings

# The feed side of the project, in one place (issue 9 moves these modules).
from matches.feed import poller
from matches.feed import sportmonks as feed_client
from matches.feed.base import RateLimited
from matches.feed.recorded import RecordedFeed
from matches.feed.sportmonks import SportMonksFeed
from matches.models import Fixture
from predictions.models import LivePrediction, Pick
from relay.models import Player
from showrunner import director
from showrunner.crowd import crowd_lines
from showrunner.models import Script, ToldEvent
from showrunner.story import fetch_feed_story
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.payloads import serving
from testsupport.presenter import KICKOFF, FakeWall, minutes, replay_moment

pytestmark = pytest.mark.django_db

SCORERS = ["Pablo Zabaleta", "Djibril Cissé", "Jamie Mackie", "Edin Džeko", "Sergio Agüero"]
SEASON = 6397  # the standings' season, as the fixture names it
CITY, UNITED, QPR, BOLTON = 90000009, 90000014, 90000027, 90000010


def play_recorded_match(provider, wall, seconds, writer=None):
    """Poll and direct as `serve` does at the default intervals, without the poller's nudge:
    the director's own timer alone must catch every goal. The scripts written, in order."""
    poll_every, direct_every = (
        django_settings.POLLER_INTERVAL_S,
        django_settings.SHOWRUNNER_INTERVAL_S,
    )
    scripts, elapsed = [], 0
    while elapsed <= seconds:
        if elapsed % poll_every == 0:
            poller.poll_once(provider)
        if elapsed % direct_every == 0:
            scripts += director.run_cycle(now=wall.now, writer=writer)
        wall.t += 1
        elapsed += 1
    return scripts


def goal_lines(scripts):
    told = {t.script_id: t.key for t in ToldEvent.objects.exclude(script=None)}
    return [s for s in scripts if s.id in told and s.mode == "LIVE"]


def test_every_goal_of_the_recorded_match_gets_a_live_line_played_twenty_times_fast():
    wall = FakeWall()
    feed = RecordedFeed(speed=20, clock=wall)
    scripts = play_recorded_match(feed, wall, seconds=420)
    lines = goal_lines(scripts)
    for scorer in SCORERS:
        assert [line for line in lines if scorer in line.text], f"no line for {scorer}"
    assert any("Joey Barton" in line.text for line in lines)  # the red card too
    print("\n".join(line.text for line in lines))


def test_no_event_is_told_twice_however_often_the_director_looks():
    wall = FakeWall()
    feed = RecordedFeed(speed=20, clock=wall)
    scripts = play_recorded_match(feed, wall, seconds=420)
    for scorer in SCORERS:
        assert sum(scorer in s.text for s in scripts) == 1, scorer
    assert ToldEvent.objects.count() == 6  # five goals and a red card, once each
    # A new director (a restart, or a second node) remembers what the first one said.
    director._writer_for.cache_clear()
    again = director.run_cycle(now=wall.now)
    assert not any(scorer in s.text for s in again for scorer in SCORERS)


def test_between_events_the_presenter_speaks_only_with_something_new_at_most_every_few_minutes(
    feed_fixture,
):
    from django.core.management import call_command

    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    moment = KICKOFF + minutes(60)
    # The two goals and the red card, each on its own line, one line per MIN_GAP at most.
    told = [director.run_cycle(now=moment + n * director.MIN_GAP) for n in (0, 0.5, 1, 2)]
    assert [len(lines) for lines in told] == [1, 0, 1, 1]
    quiet = [director.run_cycle(now=moment + minutes(n)) for n in (1, 2)]
    assert quiet == [[], []]
    (later,) = director.run_cycle(now=moment + 2 * director.MIN_GAP + director.MAX_SILENCE)
    assert (
        "goal" not in later.text.lower()
        and "Džeko" not in later.text
        and "red" not in later.text.lower()
    )


def test_a_goal_arriving_wakes_the_director_through_the_pollers_signal(monkeypatch):
    woken = []
    monkeypatch.setattr(director, "wake", lambda slugs=(): woken.append(list(slugs)))
    from matches.signals import feed_updated

    feed_updated.send(sender="test", slugs=["mci-v-qpr-1"])
    assert woken == [["mci-v-qpr-1"]]


async def test_the_director_loop_runs_a_cycle_as_soon_as_it_is_woken(monkeypatch):
    import asyncio

    cycles = []

    async def counting_cycle():
        cycles.append(asyncio.get_running_loop().time())
        return None

    monkeypatch.setattr(director, "cycle", counting_cycle)
    stop = asyncio.Event()
    task = asyncio.ensure_future(director.run_forever(stop, interval=60))
    await asyncio.sleep(0.05)
    director.wake(["mci-v-qpr-1"])
    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 1)
    assert len(cycles) == 2  # the first, and the one the news asked for, not 60 s later


def test_the_replay_tells_a_lead_change_once_and_says_it_is_the_first(replay):
    anchor = replay.anchor
    moment = datetime.fromtimestamp((anchor.base_started_at + 62 * anchor.tick_ms) / 1000, UTC)
    news = director.news_for(replay, moment)
    first_lead = [n for n in news if "France lead for the first time" in n.text]
    assert first_lead and "(47–46)" in first_lead[0].text
    director.run_cycle(now=moment)
    assert director.run_cycle(now=moment) == []  # told, and nothing new since


# Facts that make a story


def standing(
    position, team_id, name, code, played, won, drawn, lost, scored, conceded, points, form
):
    """A row of `standings/seasons/{id}?include=participant;details;form`, as v3 sends it."""
    ids = {"played": 129, "won": 130, "drawn": 131, "lost": 132, "scored": 133, "conceded": 134}
    values = {
        "played": played,
        "won": won,
        "drawn": drawn,
        "lost": lost,
        "scored": scored,
        "conceded": conceded,
    }
    return {
        "id": 1000 + position,
        "participant_id": team_id,
        "sport_id": 1,
        "league_id": 8,
        "season_id": SEASON,
        "stage_id": 77,
        "group_id": None,
        "round_id": 2,
        "standing_rule_id": 13224,
        "position": position,
        "result": "equal",
        "points": points,
        "participant": {
            "id": team_id,
            "sport_id": 1,
            "country_id": 462,
            "venue_id": None,
            "gender": "male",
            "name": name,
            "short_code": code,
            "image_path": "",
            "founded": None,
            "type": "domestic",
            "placeholder": False,
            "last_played_at": "2012-05-06 13:00:00",
        },
        "details": [
            {
                "id": 5000 + position * 10 + i,
                "standing_type": "standings",
                "standing_id": 1000 + position,
                "type_id": ids[key],
                "value": values[key],
            }
            for i, key in enumerate(ids)
        ],
        "form": [
            {
                "id": 9000 + position * 10 + i,
                "standing_type": "standings",
                "standing_id": 1000 + position,
                "fixture_id": 800 + i,
                "form": result,
                "sort_order": i + 1,
            }
            for i, result in enumerate(reversed(form))
        ],
    }


@pytest.fixture
def sportmonks(settings):
    """The fake SportMonks serving the recorded match live, its season's table and line-ups."""
    wall = FakeWall()
    recorded = RecordedFeed(speed=20, clock=wall)
    with FakeSportMonks() as fake:
        fake.fixtures = serving(recorded)
        fake.fixture_details[90120513] = {
            "id": 90120513,
            "sport_id": 1,
            "league_id": 8,
            "season_id": SEASON,
            "name": "Manchester City vs Queens Park Rangers",
            "participants": [
                {
                    "id": CITY,
                    "name": "Manchester City",
                    "short_code": "MCI",
                    "meta": {"location": "home"},
                },
                {
                    "id": QPR,
                    "name": "Queens Park Rangers",
                    "short_code": "QPR",
                    "meta": {"location": "away"},
                },
            ],
            "lineups": [
                {
                    "id": 1,
                    "sport_id": 1,
                    "fixture_id": 90120513,
                    "player_id": 11,
                    "team_id": CITY,
                    "position_id": 27,
                    "formation_field": None,
                    "type_id": 11,
                    "formation_position": 11,
                    "player_name": "Sergio Agüero",
                    "jersey_number": 16,
                },
                {
                    "id": 2,
                    "sport_id": 1,
                    "fixture_id": 90120513,
                    "player_id": 12,
                    "team_id": QPR,
                    "position_id": 26,
                    "formation_field": None,
                    "type_id": 11,
                    "formation_position": 4,
                    "player_name": "Joey Barton",
                    "jersey_number": 7,
                },
                {
                    "id": 3,
                    "sport_id": 1,
                    "fixture_id": 90120513,
                    "player_id": 13,
                    "team_id": CITY,
                    "position_id": 27,
                    "formation_field": None,
                    "type_id": 12,
                    "formation_position": None,
                    "player_name": "Edin Džeko",
                    "jersey_number": 10,
                },
            ],
        }
        fake.standings[SEASON] = [
            standing(1, CITY, "Manchester City", "MCI", 37, 27, 5, 5, 90, 27, 86, "WWWWW"),
            standing(2, UNITED, "Manchester United", "MUN", 37, 27, 5, 5, 88, 33, 86, "WDLWW"),
            standing(17, QPR, "Queens Park Rangers", "QPR", 37, 10, 7, 20, 41, 63, 37, "WLWLD"),
            standing(18, BOLTON, "Bolton Wanderers", "BOL", 37, 10, 5, 22, 44, 75, 35, "LWLWL"),
        ]
        settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL = fake.token, fake.base_url
        yield (
            fake,
            SportMonksFeed(fake.token, fake.base_url, sleep=lambda s: None, clock=wall),
            wall,
        )


def test_the_recorded_matchs_prompts_carry_the_table_form_and_line_ups_from_sportmonks(
    sportmonks, anthropic_backend
):
    fake, feed, wall = sportmonks
    wall.t += 40 * 60 / 20  # 40 match minutes in: Zabaleta has scored
    poller.poll_once(feed)
    scripts = director.run_cycle(now=wall.now)
    assert scripts and all(s.backend == "anthropic" for s in scripts)
    sent = anthropic_backend.requests[-1].body["messages"][0]["content"]
    assert "1. Manchester City: 37 played, 86 pts, GD +63" in sent
    assert "2. Manchester United: 37 played, 86 pts, GD +55" in sent
    assert "17. Queens Park Rangers: 37 played, 37 pts, GD -22" in sent
    assert "Manchester City: W W W W W" in sent and "Queens Park Rangers: W L W L D" in sent
    assert (
        "Manchester City XI: Sergio Agüero" in sent
        and "Edin Džeko" not in sent.split("Players:")[1]
    )
    assert (
        "New, to tell now: 39' goal: Pablo Zabaleta, Manchester City (1-0), assisted by Yaya Touré"
        in sent
    )
    assert any(r["path"].endswith(f"standings/seasons/{SEASON}") for r in fake.requests)


def test_the_presenter_asks_sportmonks_nothing_while_the_feed_waits_out_its_quota(sportmonks):
    """One client, one budget: after SportMonks answers the poller 429, the presenter's own
    questions (the fixture, the table) wait too instead of spending a quota that is gone."""
    fake, _, wall = sportmonks
    wall.t += 40 * 60 / 20
    client = feed_client.shared(fake.token, fake.base_url)
    fake.then(("rate_limited", 60))
    with pytest.raises(RateLimited):
        poller.poll_once(client)
    asked = len(fake.requests)
    assert fetch_feed_story(Fixture(external_id="90120513", home_name="a", away_name="b")) == {}
    assert len(fake.requests) == asked


def test_without_sportmonks_the_recorded_match_tells_the_real_final_day_from_its_facts_file():
    wall = FakeWall()
    poller.poll_once(RecordedFeed(speed=20, clock=wall))
    fixture = Fixture.objects.get(kind=Fixture.Kind.FEED)
    facts = director.prompt_facts(fixture, "PRE_MATCH", wall.now)
    assert "level on 86 points" in facts["stakes"] and "+63 to +55" in facts["stakes"]
    assert "Queens Park Rangers are 17th" in facts["stakes"] and "Bolton" in facts["stakes"]
    assert "1. Manchester City: 37 played, 86 pts, GD +63" in facts["table"]


def test_post_match_says_what_the_result_changes_in_the_table():
    wall = FakeWall()
    feed = RecordedFeed(speed=20, clock=wall)
    play_recorded_match(feed, wall, seconds=360)
    fixture = Fixture.objects.get(kind=Fixture.Kind.FEED)
    assert fixture.state_code == "FT"
    facts = director.prompt_facts(fixture, "POST_MATCH", wall.now)
    assert "champions on goal difference" in facts["table_change"]
    assert "Bolton's 2-2 draw at Stoke" in facts["table_change"]


def test_the_replay_knows_how_both_teams_got_to_the_bronze_medal_game(replay):
    facts = director.prompt_facts(replay, "PRE_MATCH", replay_moment(replay, "PRE_MATCH"))
    assert "France lost 66-80 to Argentina" in facts["stakes"]
    assert "Australia lost 88-95 to Spain" in facts["stakes"]
    assert "beat the United States 89-79" in facts["form"]


# The crowd


def player_of(fixture, name):
    return Player.objects.get_or_create(fixture=fixture, key=name, defaults={"name": name})[0]


def test_the_crowd_facts_give_the_share_of_picks_and_who_leads(replay):
    moment = replay_moment(replay, "LIVE")  # the first quarters resolved, the third open
    loop = 1
    for index in range(10):
        Pick.objects.create(
            fixture=replay,
            player=player_of(replay, f"fan{index}"),
            loop=loop,
            name=f"fan{index}",
            prediction="q1-leader",
            choice="FRA" if index < 4 else "AUS",
            at=index,
        )
    for index in range(5):
        Pick.objects.create(
            fixture=replay,
            player=player_of(replay, f"fan{index}"),
            loop=loop,
            name=f"fan{index}",
            prediction="q3-winner",
            choice="FRA" if index < 3 else "AUS",
            at=100 + index,
        )
    crowd = director.prompt_facts(replay, "LIVE", moment)["crowd"]
    assert (
        "Who leads after the first quarter? It was Australia: 6 in 10 of you got it right" in crowd
    )
    assert "3 of the 5 of you back France" in crowd
    assert "leads the leaderboard on" in crowd


def test_the_crowd_share_is_said_as_a_presenter_would():
    predictions = [
        {
            "id": "q",
            "question": "Who wins?",
            "opens_at": 1,
            "resolves_at": 99,
            "options": [{"id": "FRA", "label": "France"}, {"id": "AUS", "label": "Australia"}],
        }
    ]
    picks = [
        {"name": str(i), "prediction": "q", "choice": "FRA" if i < 6 else "AUS"} for i in range(10)
    ]
    leader = {"name": "Mika", "points": 30, "bot": None}
    assert crowd_lines(predictions, picks, 5, {}, [leader]) == [
        "Mika leads the leaderboard on 30 points",
        "Who wins? 6 in 10 of you back France",
    ]
    assert (
        crowd_lines(predictions, [], 5, {}, [{"name": "Chalk", "points": 0, "bot": "cpu_chalk"}])
        == []
    )
    # Small crowds in plain words, ties shared, a run of right calls named.
    two = [{"name": n, "prediction": "q", "choice": c} for n, c in (("a", "FRA"), ("b", "AUS"))]
    assert crowd_lines(predictions, two, 5, {}, [])[-1] == "Who wins? Half of you back France"
    assert crowd_lines(predictions, two[:1], 5, {}, [])[-1] == (
        "Who wins? The one fan who picked backs France"
    )
    chalk = {"name": "Chalk", "points": 30, "bot": "cpu_chalk"}
    assert crowd_lines(predictions, [], 5, {}, [chalk, leader])[0] == (
        "Mika and Chalk (a CPU bot) share the lead on 30 points"
    )


def test_a_fans_run_of_right_calls_is_said():
    predictions = [
        {"id": f"q{n}", "question": f"Q{n}?", "opens_at": n, "resolves_at": n + 1, "options": []}
        for n in range(4)
    ]
    results = {f"q{n}": "FRA" for n in range(4)}
    picks = [{"name": "Kim", "prediction": f"q{n}", "choice": "FRA"} for n in range(1, 4)]
    picks += [{"name": "Lou", "prediction": f"q{n}", "choice": "FRA"} for n in range(4)]
    picks += [{"name": "Lou", "prediction": "q3", "choice": "AUS"}]  # the latest stands
    lines = crowd_lines(predictions, picks, -1, results, [], fan_names=True)
    assert lines == ["Kim has called the last 3 right in a row"]
    assert crowd_lines(predictions, picks, -1, results, [], fan_names=False) == [
        "A fan has called the last 3 right in a row"
    ]


def test_a_feed_fixture_with_no_picks_has_no_crowd_to_speak_of(feed_fixture):
    facts = director.prompt_facts(feed_fixture, "LIVE", KICKOFF + minutes(60))
    assert facts["crowd"] == "(not known)"


def test_the_crowd_of_a_feed_fixture_speaks_of_its_live_questions_and_leader(feed_fixture):
    teams = [
        {"id": "home", "label": "Manchester City"},
        {"id": "away", "label": "Queens Park Rangers"},
        {"id": "none", "label": "No more goals"},
    ]
    rounds = [
        ("next-goal-39", 3900, "resolved", "home"),
        ("next-goal-60", 6000, "pending", ""),
        ("next-goal-44", 4400, "void", ""),
    ]
    for key, opens_at, status, answer in rounds:
        LivePrediction.objects.create(
            fixture=feed_fixture,
            key=key,
            kind="next_goal",
            options=teams,
            points=5,
            question=f"Who scores next from {opens_at // 100}'?",
            opens_at=opens_at,
            locks_at=opens_at + 500,
            status=status,
            answer=answer,
            void_reason="late_report" if status == "void" else "",
        )
    choices = {
        "next-goal-39": ["home", "home", "away"],
        "next-goal-60": ["away", "away", "home"],
        "next-goal-44": ["home", "home", "home"],
    }
    for prediction, picked in choices.items():
        for index, choice in enumerate(picked):
            Pick.objects.create(
                fixture=feed_fixture,
                player=player_of(feed_fixture, f"fan{index}"),
                loop=1,
                name=f"fan{index}",
                prediction=prediction,
                choice=choice,
                at=index,
            )
    crowd = director.prompt_facts(feed_fixture, "LIVE", KICKOFF + minutes(60))["crowd"].splitlines()
    assert crowd == [
        "- fan0 and fan1 share the lead on 5 points",
        "- Who scores next from 60'? 2 of the 3 of you back Queens Park Rangers",
        "- Who scores next from 39'? It was Manchester City: 2 of the 3 of you got it right",
    ]


# The studio's small promises


def test_an_editor_refused_a_page_is_one_log_line_not_a_traceback(
    client, live_prompt, django_user_model, caplog
):
    client.force_login(
        django_user_model.objects.create_user(
            "clerk", password="a-long-enough-password", is_staff=True
        )
    )
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/admin/showrunner/prompt/{live_prompt.pk}/history/").status_code == 403
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert len(refused) == 1 and "Forbidden" in refused[0].getMessage()
    assert refused[0].exc_info is None and "Traceback" not in caplog.text


def test_a_sample_from_the_offline_writer_says_plainly_it_ignores_the_wording(
    client, editor, live_prompt
):
    import json

    client.force_login(editor)
    url = f"/admin/showrunner/prompt/{live_prompt.pk}/sample/"
    body = client.post(
        url, json.dumps({"text": live_prompt.text}), content_type="application/json"
    ).json()
    assert body["backend"] == "offline" and "ignores the prompt's wording" in body["offline_note"]


def test_the_scripts_list_shows_text_mode_prompt_version_and_backend(client, editor, replay):
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    client.force_login(editor)
    page = client.get("/admin/showrunner/script/").content.decode()
    for column in ("column-text", "column-mode", "column-prompt_version_label", "column-backend"):
        assert column in page
    script = Script.objects.get()
    assert f'<td class="field-prompt_version_label">v{script.prompt_version.number}</td>' in page
