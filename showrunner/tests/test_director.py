"""The director: which fixtures are on air, in which mode, what it says and where it goes."""

import json
import logging

import pytest
from channels.layers import get_channel_layer
from django.core.management import call_command
from django.utils import timezone

from rally.rooms import group_name
from showrunner import director, story
from showrunner.backends import OfflineWriter
from showrunner.models import Prompt, ScheduleItem, Script
from testsupport.fake_models import REPLAY_TEXT, unused_url
from testsupport.presenter import KICKOFF, minutes, replay_moment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("phase", ["LIVE", "POST_MATCH", "PRE_MATCH"])
def test_the_replay_is_always_on_air_and_its_mode_follows_the_loop(replay, phase):
    (script,) = director.run_cycle(now=replay_moment(replay, phase))
    assert (script.fixture, script.mode, script.backend) == (replay, phase, "offline")
    assert script.prompt_version == Prompt.objects.get(mode=phase).current_version()


def test_a_live_replay_script_is_built_from_the_score_at_that_moment(replay):
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    filled = director.prompt_facts(replay, "LIVE", replay_moment(replay, "LIVE"))
    assert filled["score"].startswith("France ") and filled["clock"].startswith("Q")
    assert any(
        fact in script.text for fact in (filled["score"], filled["clock"], filled["last_event"])
    )


def test_a_script_lives_seven_days(replay):
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert script.expires_at - script.at == minutes(7 * 24 * 60)


def test_the_same_situation_is_not_narrated_twice(replay):
    moment = replay_moment(replay, "POST_MATCH")
    assert len(director.run_cycle(now=moment)) == 1
    assert director.run_cycle(now=moment + minutes(0.25)) == []


def already_told(fixture):
    for news in story.feed_news(fixture):
        story.remember(fixture, news.key)


def test_an_unchanged_situation_is_narrated_again_after_the_silence_limit(feed_fixture):
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    already_told(feed_fixture)
    moment = KICKOFF + minutes(60)
    assert len(director.run_cycle(now=moment)) == 1
    assert director.run_cycle(now=moment + minutes(1)) == []
    assert len(director.run_cycle(now=moment + director.MAX_SILENCE + minutes(1))) == 1


def test_a_feed_fixture_speaks_in_the_mode_of_its_active_block(feed_fixture):
    feed_fixture.state_code = "NS"
    feed_fixture.save()
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    (script,) = director.run_cycle(now=KICKOFF - minutes(10))
    assert (script.fixture, script.mode) == (feed_fixture, "PRE_MATCH")
    assert director.run_cycle(now=KICKOFF - minutes(45)) == []  # nothing on air yet


def test_the_feed_overrules_the_clock_when_a_match_is_over(feed_fixture):
    feed_fixture.state_code = "FT"
    feed_fixture.save()
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    already_told(feed_fixture)
    live_block = ScheduleItem.objects.get(fixture=feed_fixture, mode="LIVE")
    (script,) = director.run_cycle(now=live_block.starts_at + minutes(1))
    assert script.mode == "POST_MATCH"


def test_recent_lines_reach_the_prompt_so_the_presenter_does_not_repeat_itself(
    replay, anthropic_backend
):
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    director.run_cycle(now=replay_moment(replay, "LIVE") + director.QUIET_GAP)
    second_prompt = anthropic_backend.requests[-1].body["messages"][0]["content"]
    assert f"- {REPLAY_TEXT}" in second_prompt


def test_scripts_record_the_backend_and_its_token_counts(replay, anthropic_backend):
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert (script.text, script.backend) == (REPLAY_TEXT, "anthropic")
    assert (script.input_tokens, script.output_tokens) == (321, 17)


def test_with_the_model_server_down_scripts_still_arrive_and_the_failure_is_logged(
    replay, settings, caplog
):
    settings.SHOWRUNNER_BACKEND = "openai"
    settings.SHOWRUNNER_MODEL = "local-model"
    settings.OPENAI_BASE_URL = unused_url() + "/v1"
    settings.SHOWRUNNER_TIMEOUT_S, settings.SHOWRUNNER_MAX_RETRIES = 0.5, 0
    with caplog.at_level(logging.WARNING, logger="showrunner.backends"):
        (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert script.backend == "offline" and script.text
    assert "APIConnectionError" in script.fallback_reason
    assert "the openai backend failed" in caplog.text


def test_expired_scripts_are_removed_by_the_director_and_by_purge_scripts(replay):
    moment = replay_moment(replay, "LIVE")
    (old,) = director.run_cycle(now=moment - minutes(8 * 24 * 60))
    director.run_cycle(now=moment)
    assert not Script.objects.filter(pk=old.pk).exists()
    Script.objects.update(expires_at=timezone.now() - minutes(1))
    call_command("purge_scripts", stdout=None)
    assert not Script.objects.exists()


def test_run_showrunner_once_writes_and_reports_each_script(replay, capsys):
    call_command("run_showrunner", "--once")
    assert "fiba-2019-bronze" in capsys.readouterr().out
    assert Script.objects.filter(fixture=replay).count() == 1


@pytest.mark.django_db(transaction=True)
async def test_each_cycle_sends_its_scripts_to_the_fixtures_room(replay):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group_name(replay.slug), channel)
    await director.cycle()
    message = json.loads((await layer.receive(channel))["text"])
    assert message["type"] == "script" and message["fixture"] == replay.slug
    assert set(message) >= {"mode", "text", "at"} and isinstance(message["at"], int)


def test_a_writer_can_be_passed_in(replay):
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"), writer=OfflineWriter())
    assert script.backend == "offline"


def test_a_fixture_whose_facts_cannot_be_read_does_not_silence_the_others(
    replay, feed_fixture, caplog
):
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    feed_fixture.snapshot = ["not", "a", "snapshot"]
    feed_fixture.save()
    director.run_cycle(now=KICKOFF + minutes(60))  # the replay is on air too
    assert "no script for mci-v-qpr" in caplog.text
    assert Script.objects.filter(fixture=replay).exists()


def test_a_replay_line_carries_the_loop_and_sequence_it_speaks_of(replay):
    live = replay_moment(replay, "LIVE")
    (script,) = director.run_cycle(now=live)
    assert script.as_protocol()["loop"] >= 1 and 1 <= script.as_protocol()["sequence"] <= 73
    (pre_match,) = director.run_cycle(now=replay_moment(replay, "PRE_MATCH"))
    assert (pre_match.loop, pre_match.sequence) == (
        script.loop + 1,
        0,
    )  # the coming loop, before its tip-off


def test_a_feed_line_carries_its_showing_and_no_replay_position(feed_fixture):
    scripts = [
        s for s in director.run_cycle(now=KICKOFF + minutes(30)) if s.fixture == feed_fixture
    ]
    assert scripts and all(
        (s.as_protocol()["loop"], s.as_protocol()["sequence"]) == (1, None) for s in scripts
    )


def test_when_the_recorded_match_restarts_the_old_matchs_lines_are_retired(feed_fixture):
    director.run_cycle(now=KICKOFF + minutes(30))
    assert director.recent_scripts(feed_fixture)
    feed_fixture.snapshot = {**feed_fixture.snapshot, "showing": 2}  # the demo kicked off again
    feed_fixture.save()
    assert (
        director.recent_scripts(feed_fixture) == []
    )  # the writer is not fed the old match's words
    scripts = [
        s for s in director.run_cycle(now=KICKOFF + minutes(31)) if s.fixture == feed_fixture
    ]
    assert all(s.loop == 2 for s in scripts)
