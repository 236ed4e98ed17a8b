"""Fans own their name: a token reclaims it with its picks, a grace period keeps it for its
owner, look-alikes are one name, and one socket is one voice per loop (docs/protocol.md)."""

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from predictions.models import Pick
from relay import consumers
from relay.models import Player, Presence
from relay.ratelimit import FAILURE_LOG_BURST
from relay.tokens import hash_token
from testsupport.fans import Fan, fan

pytestmark = pytest.mark.django_db(transaction=True)


def pick(prediction="q1-leader", choice="FRA", loop=1):
    return {"type": "pick", "prediction": prediction, "choice": choice, "loop": loop}


async def owner_of(name, picks=()):
    """A tab that joined as `name`, picked `picks` (choices on q1-leader) and closed: its token."""
    tab = await Fan().connect()
    token = (await tab.join(name))["token"]
    for choice in picks:
        await tab.ask(pick(choice=choice), "pick")
    await tab.close()
    return token


async def join_with(name, token):
    tab = await Fan().connect()
    answer = await tab.ask(
        {"type": "join", "name": name, "token": token},
        "welcome",
        "name_taken",
        "invalid_name",
        "error",
    )
    await tab.close()
    return answer


async def join_as(name):
    tab = await Fan().connect()
    answer = await tab.join(name)
    await tab.close()
    return answer


async def test_only_a_hash_of_the_token_is_stored(room):
    token = await owner_of("Zed")
    player = await Player.objects.aget(name="Zed")
    assert player.token_hash == hash_token(token) and token not in player.token_hash


async def test_a_token_reclaims_the_name_and_its_picks_at_once_even_while_the_old_row_lingers(room):
    alice = await Fan().connect()
    token = (await alice.join("Alice"))["token"]
    await alice.ask(pick(choice="AUS"), "pick")
    # The old socket is still there (a dead node's row, a tab not yet closed): the owner still wins.
    welcome = await join_with("alice", token)
    assert welcome["type"] == "welcome" and welcome["name"] == "Alice" and welcome["token"] == token
    assert [(p["name"], p["choice"]) for p in welcome["picks"]] == [("Alice", "AUS")]
    await alice.close()


async def test_within_the_grace_a_join_without_the_token_is_refused_as_reserved(room):
    await owner_of("Zed", picks=["AUS"])
    for same in ("Zed", "ZED", "Ｚｅｄ", "Zеd"):  # the last with a Cyrillic е
        refused = await join_as(same)
        if refused["type"] == "invalid_name":  # mixed scripts: refused before any lock
            continue
        assert refused["type"] == "name_taken"
        assert refused["reserved_until"] > timezone.now().timestamp() * 1000
    assert (await join_with("Zed", "not-the-token"))["type"] == "name_taken"


async def test_a_name_held_by_an_open_socket_is_taken_without_a_reservation_time(room):
    zed = await fan("Zed")
    assert await join_as("zed") == {"type": "name_taken", "name": "zed"}
    await zed.close()


async def test_after_the_grace_the_next_holder_starts_with_no_picks_and_the_old_token_is_void(
    room, settings
):
    settings.PRESENCE_GRACE_S = 0
    old_token = await owner_of("Zed", picks=["AUS"])
    newcomer = await Fan().connect()
    welcome = await newcomer.join("zed")
    assert welcome["type"] == "welcome" and welcome["picks"] == [] and welcome["token"] != old_token
    assert not await Pick.objects.aexists()  # the old owner's points went with it
    settings.PRESENCE_GRACE_S = 120
    assert (await join_with("Zed", old_token))["type"] == "name_taken"
    await newcomer.close()


async def test_after_the_grace_the_owner_still_reclaims_a_name_nobody_took(room, settings):
    settings.PRESENCE_GRACE_S = 0
    token = await owner_of("Zed", picks=["FRA"])
    welcome = await join_with("Zed", token)
    assert [p["choice"] for p in welcome["picks"]] == ["FRA"]


@pytest.mark.parametrize(
    "impostor", ["соbrа", "COBRA", "ｃｏｂｒａ"]
)  # Cyrillic о and а; case; width
async def test_look_alikes_of_a_held_name_are_the_same_name(room, impostor):
    cobra = await fan("cobra")
    assert (await join_as(impostor))["type"] in {"name_taken", "invalid_name"}
    await cobra.close()


@pytest.mark.parametrize(
    "name",
    [
        "cobra\u2800",
        "cobra\u3164",
        "\u3164",
        "co\u034fbra",
        "cobra\ufe0f",
        "co\u180bbra",
        "cobra\u17b4",
        "\u115f\u1160",
        "\uffa0",
    ],
)
async def test_blank_fillers_and_invisible_characters_are_refused(room, name):
    assert (await join_as(name))["type"] == "invalid_name"


@pytest.mark.parametrize("name", ["Chаlk", "Сhalk", "ＦＬＩＰ", "Rebe1", "cpu_chaIk"])
async def test_look_alikes_of_the_bots_are_reserved(room, name):
    assert (await join_as(name))["type"] == "invalid_name"


async def test_one_key_per_person_on_the_board_whatever_the_spelling(room):
    victim = await Fan().connect()
    token = (await victim.join("Victim"))["token"]
    await victim.ask(pick(choice="AUS"), "pick")
    again = await Fan().connect()
    await again.ask({"type": "join", "name": "victim", "token": token}, "welcome")
    relayed = await again.ask(pick(choice="FRA"), "pick")
    assert relayed["name"] == "Victim"  # the owner's spelling
    assert [(p.name, p.choice) async for p in Pick.objects.all()] == [("Victim", "FRA")]
    await victim.close()
    await again.close()


async def test_a_socket_that_picked_cannot_join_under_another_name_in_that_loop(room):
    tab = await fan("bal0")
    await tab.ask(pick(), "pick")
    refused = await tab.ask({"type": "join", "name": "bal1"}, "error", "welcome")
    assert refused["type"] == "error" and refused["code"] == "already_playing"
    assert (await tab.ask(pick(choice="AUS"), "pick"))["name"] == "bal0"
    assert await Player.objects.acount() == 1
    await tab.close()


async def test_a_socket_may_change_name_before_it_picks(room):
    tab = await fan("bal0")
    assert (await tab.join("bal1"))["type"] == "welcome"
    await tab.close()


async def test_an_address_has_a_bounded_number_of_voices_per_loop(room, settings):
    settings.RELAY_NAMES_PER_ADDRESS_PER_LOOP = 2
    tabs = [await fan(f"voice{index}") for index in range(3)]
    for tab in tabs[:2]:
        assert (await tab.ask(pick(), "pick", "pick_rejected"))["type"] == "pick"
    assert await tabs[2].ask(pick(), "pick_rejected") == {
        "type": "pick_rejected",
        "prediction": "q1-leader",
        "reason": "too_many_names",
    }
    assert await Pick.objects.acount() == 2
    for tab in tabs:
        await tab.close()


@pytest.mark.parametrize(
    "frame, answer",
    [
        ('{"type": "join", "name": "\\ud800"}', {"type": "invalid_name"}),
        ('{"type": "join", "name": "Al\\udfffice"}', {"type": "invalid_name"}),
        (
            '{"type": "join", "name": "Zed", "token": "\\ud800"}',
            {"type": "error", "code": "bad_field"},
        ),
        (
            '{"type": "pick", "prediction": "\\ud800", "choice": "FRA", "loop": 1}',
            {"type": "error", "code": "bad_field"},
        ),
        (
            '{"type": "pick", "prediction": "q1-leader", "choice": "\\udc00", "loop": 1}',
            {"type": "error", "code": "bad_field"},
        ),
        ('{"type": "join", "name": "Zed", "token": 7}', {"type": "error", "code": "bad_field"}),
    ],
)
async def test_lone_surrogates_anywhere_get_a_protocol_answer_never_a_traceback(
    room, frame, answer, caplog
):
    tab = await Fan().connect()
    with caplog.at_level(logging.WARNING):
        await tab.send(frame)
        reply = await tab.receive()
    assert {key: reply[key] for key in answer} == answer
    json.dumps(reply).encode("utf-8")  # what was echoed is valid text
    assert not [record for record in caplog.records if record.exc_info]
    assert (await tab.ask({"type": "ping"}, "pong"))["type"] == "pong"
    await tab.close()


async def test_failures_are_logged_at_most_a_few_times_per_address(room, monkeypatch, caplog):
    async def broken(self, command):
        raise RuntimeError("boom")

    monkeypatch.setitem(consumers.MatchConsumer.COMMANDS, consumers.protocol.Ping, broken)
    tab = await Fan().connect()
    with caplog.at_level(logging.ERROR, logger="relay.consumers"):
        for _ in range(10):
            assert (await tab.ask({"type": "ping"}, "error"))["code"] == "internal"
    assert len([record for record in caplog.records if record.exc_info]) == FAILURE_LOG_BURST
    await tab.close()


async def test_a_swept_row_starts_its_players_grace(room):
    from asgiref.sync import sync_to_async

    from relay import services

    zed = await fan("Zed")
    # Zed's node dies: its row is old and no node of that name beats any more.
    await Presence.objects.filter(name="Zed").aupdate(
        node="dead-node", heartbeat=timezone.now() - timedelta(seconds=300)
    )
    await sync_to_async(services.sweep_stale_presence)(
        timezone.now() - timedelta(seconds=40), timezone.now()
    )
    assert (await Player.objects.aget(name="Zed")).released_at is not None
    assert "reserved_until" in await join_as("Zed")
    await zed.close()


LOOK_ALIKES = [
    ("Victim", "Vi\u0307ctim"),
    ("PETE", "\u0420\u0415\u0422\u0415"),
    ("TOM", "\u03a4\u039f\u039c"),
    ("Bill", "BiII"),
    ("Ian", "lan"),
    ("ROSE", "R0SE"),
    ("Nicolas", "NicoIas"),
    ("Tony Parker", "T0ny Parker"),
    ("Mbapp\u00e9", "Mbappe"),
    ("Giannis", "Gi\u00e1nnis"),
]


@pytest.mark.parametrize("owner, look_alike", LOOK_ALIKES)
async def test_a_name_that_looks_like_a_connected_owners_is_taken(room, owner, look_alike):
    first = await fan(owner)
    other = await Fan().connect()
    answer = await other.join(look_alike)
    assert answer["type"] in ("name_taken", "invalid_name"), (
        answer
    )  # never a second, identical-looking chip
    assert await Player.objects.acount() == 1
    await first.close()
    await other.close()


async def test_the_owner_back_under_a_look_alike_spelling_with_its_token_is_the_owner(room):
    first = await Fan().connect()
    token = (await first.join("Mbappé"))["token"]
    await first.close()
    back = await Fan().connect()
    welcome = await back.ask(
        {"type": "join", "name": "Mbappe", "token": token}, "welcome", "name_taken"
    )
    assert (welcome["type"], welcome["name"]) == ("welcome", "Mbappé")
    await back.close()


async def test_after_the_grace_a_look_alike_name_passes_to_a_new_fan(room, settings):
    settings.PRESENCE_GRACE_S = 0
    first = await fan("Victim")
    await first.close()
    newcomer = await fan("Vi\u0307ctim")
    assert [player.name async for player in Player.objects.all()] == ["Vi\u0307ctim"]
    await newcomer.close()
