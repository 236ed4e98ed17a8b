import pytest
from django.contrib.auth.models import Group

from matches.models import Fixture
from showrunner.models import Prompt
from testsupport.fake_models import FakeModelServer
from testsupport.presenter import KICKOFF, PASSWORD


@pytest.fixture
def feed_fixture(db):
    """A live football fixture as the poller stores it: its last COMPOSITE_UPDATE body."""
    return Fixture.objects.create(
        slug="mci-v-qpr",
        kind=Fixture.Kind.FEED,
        title="Manchester City vs Queens Park Rangers",
        home_code="MCI",
        home_name="Manchester City",
        away_code="QPR",
        away_name="Queens Park Rangers",
        starting_at=KICKOFF,
        state_code="INPLAY_2ND_HALF",
        snapshot={
            "type": "COMPOSITE_UPDATE",
            "state": {"code": "INPLAY_2ND_HALF", "name": "2nd Half"},
            "scores": {"home": 2, "away": 2, "periods": {}},
            "elapsed": {"minute": 90, "extra_time": 2, "display": "90+2'"},
            "events": [
                {
                    "id": 1,
                    "kind": "goal",
                    "minute": 39,
                    "extra_minute": None,
                    "team": "home",
                    "player": "Pablo Zabaleta",
                    "result": "1-0",
                },
                {
                    "id": 2,
                    "kind": "red_card",
                    "minute": 55,
                    "extra_minute": None,
                    "team": "away",
                    "player": "Joey Barton",
                    "result": None,
                },
                {
                    "id": 3,
                    "kind": "goal",
                    "minute": 90,
                    "extra_minute": 1,
                    "team": "home",
                    "player": "Edin Džeko",
                    "result": "2-2",
                },
            ],
        },
    )


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def live_prompt(db):
    return Prompt.objects.get(mode="LIVE")


@pytest.fixture(autouse=True)
def _model_sdks_loaded():
    """The writers import their SDK on first use (~1 s of CPU each, far more on a busy machine):
    imported before the test, so a test that times a writer times the writer."""
    import showrunner.backends.anthropic_api
    import showrunner.backends.openai_api  # noqa: F401


@pytest.fixture
def model_server():
    with FakeModelServer() as server:
        yield server


@pytest.fixture
def anthropic_backend(settings, model_server):
    """The showrunner configured for Claude, served by the local fake."""
    settings.SHOWRUNNER_BACKEND = "anthropic"
    settings.ANTHROPIC_API_KEY = "sk-ant-test"
    settings.ANTHROPIC_BASE_URL = model_server.url
    settings.SHOWRUNNER_TIMEOUT_S = 0.5
    settings.SHOWRUNNER_MAX_RETRIES = 1
    return model_server


@pytest.fixture
def signed_in(client, editor):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client
