"""Property tests: arbitrary JSON (and worse) thrown at the relay never crashes it."""

import json

import pytest
from asgiref.sync import async_to_sync
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from predictions.models import Pick
from relay.models import Presence
from relay.protocol import Abuse, Join, Ping, ProtocolError, parse_frame
from relay.protocol import Pick as PickCommand
from testsupport.fans import Fan

SERVER_TYPES = {
    "error",
    "invalid_name",
    "name_taken",
    "welcome",
    "pick_rejected",
    "pick",
    "presence_diff",
    "pong",
    "tally",
    "standings",
}
PREDICTIONS = ["q1-leader", "q1-top-scorer", "q2-winner"]
CHOICES = ["FRA", "AUS", "mills", "decolo"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Frames that look like the protocol, with any field of any type: the interesting ones.
protocol_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["join", "pick", "ping", "hello", "welcome", "presence"])
        | json_values
    },
    optional={
        "name": st.text(max_size=30) | json_values,
        "prediction": st.sampled_from(PREDICTIONS) | json_values,
        "choice": st.sampled_from(CHOICES) | json_values,
        "loop": st.sampled_from([1, 2, 0, -1, 2**70]) | json_values,
    },
)
frames = st.one_of(
    protocol_like.map(json.dumps),
    json_values.map(json.dumps),
    st.text(min_size=1, max_size=60),  # mostly not JSON at all
)


@given(json_values | protocol_like)
def test_parsing_any_json_gives_a_command_or_a_protocol_error(value):
    try:
        command = parse_frame(json.dumps(value))
    except (ProtocolError, Abuse):
        return
    assert isinstance(command, (Join, PickCommand, Ping))
    if isinstance(command, PickCommand):
        assert (
            type(command.loop) is int
            and isinstance(command.prediction, str)
            and isinstance(command.choice, str)
        )


@given(st.text(max_size=300))
def test_parsing_any_text_gives_a_command_or_a_protocol_error(text):
    try:
        parse_frame(text)
    except (ProtocolError, Abuse):
        pass


@pytest.fixture
def django_settings(settings):
    return settings  # pytest-django's, by a name hypothesis' `settings` does not shadow


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(joined=st.booleans(), sent=st.lists(frames, min_size=1, max_size=6))
@example(
    joined=True,
    sent=[json.dumps({"type": "pick", "loop": 1, "choice": "FRA", "prediction": "q1-leader"})],
)
def test_any_frames_get_protocol_answers_and_leave_only_valid_picks(
    room, joined, sent, django_settings
):
    django_settings.PRESENCE_GRACE_S = 0  # each example's "Fuzz" is free for the next one
    Pick.objects.all().delete()  # examples share the database: each judges only its own picks
    welcomed, relayed = async_to_sync(exchange)(sent, joined)
    assert not Presence.objects.exists()  # the socket closed and took its row with it
    for stored in Pick.objects.all():
        assert stored.name in welcomed
        assert (
            stored.prediction in PREDICTIONS[:2] and stored.choice in CHOICES and stored.loop == 1
        )
        assert stored.as_protocol() in relayed


async def exchange(sent, joined):
    """Send each frame, then a ping; every answer is a server message; the socket stays open."""
    tab = await Fan().connect()
    welcomed, relayed = set(), []
    if joined:
        welcomed.add((await tab.join("Fuzz"))["name"])

    def heard(message):
        assert isinstance(message, dict) and message["type"] in SERVER_TYPES, message
        if message["type"] == "welcome":
            welcomed.add(message["name"])
        if message["type"] == "pick":
            relayed.append(
                {key: message[key] for key in ("name", "prediction", "choice", "loop", "at")}
            )

    for frame in sent:
        await tab.send(frame)
        await tab.send({"type": "ping"})
        while (message := await tab.receive())["type"] != "pong":
            heard(message)
    # A pick is confirmed once its batch is stored, which may be after the pong.
    while not await tab.nothing(0.3):
        heard(await tab.receive())
    await tab.close()
    return welcomed, relayed
