import json

import pytest
from django.core.management import CommandError, call_command

from matches.models import Fixture, ReplayEvent
from matches.seeding import DATA_DIR
from predictions.models import Prediction

pytestmark = pytest.mark.django_db


def real_events():
    return json.loads((DATA_DIR / "pbp.json").read_text())


def write_events(tmp_path, rows):
    path = tmp_path / "pbp.json"
    path.write_text(json.dumps(rows))
    return str(path)


def stored_rows():
    return list(ReplayEvent.objects.values_list("sequence", "points", "player_id", "description"))


def test_it_seeds_the_bronze_game_with_its_predictions():
    call_command("seed_replay")
    fixture = Fixture.objects.get(slug="fiba-2019-bronze")
    assert (fixture.home_code, fixture.away_code) == ("FRA", "AUS")
    assert fixture.replay_events.count() == 73
    assert fixture.predictions.count() >= 8


def test_seeding_twice_leaves_one_copy():
    call_command("seed_replay")
    call_command("seed_replay")
    assert Fixture.objects.count() == 1
    assert ReplayEvent.objects.count() == 73


def test_it_refuses_a_wrong_quarter_total_and_changes_nothing(tmp_path):
    call_command("seed_replay")
    before = stored_rows()
    rows = real_events()
    basket = next(
        row for row in rows if row["quarter"] == 3 and row["team"] == "FRA" and row["points"] == 2
    )
    basket["points"] = 3
    with pytest.raises(CommandError, match="Q3 FRA"):
        call_command("seed_replay", events=write_events(tmp_path, rows))
    assert stored_rows() == before


def test_it_refuses_a_scoring_event_without_a_player_and_changes_nothing(tmp_path):
    call_command("seed_replay")
    before = stored_rows()
    rows = real_events()
    rows[2]["player_id"] = rows[2]["player"] = ""
    with pytest.raises(CommandError, match="player"):
        call_command("seed_replay", events=write_events(tmp_path, rows))
    assert stored_rows() == before


def test_a_refused_first_seed_writes_nothing_at_all(tmp_path):
    rows = real_events()
    rows[10]["team"] = ""
    with pytest.raises(CommandError):
        call_command("seed_replay", events=write_events(tmp_path, rows))
    assert (
        not Fixture.objects.exists()
        and not ReplayEvent.objects.exists()
        and not Prediction.objects.exists()
    )


def test_it_refuses_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "pbp.json"
    path.write_text("{ not json")
    with pytest.raises(CommandError, match="Refused"):
        call_command("seed_replay", events=str(path))
    assert not Fixture.objects.exists()


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Refused"):
        call_command("seed_replay", events=str(tmp_path / "nope.json"))
