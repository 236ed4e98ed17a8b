"""Editors see the live game's templates in the admin and switch them off; nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from predictions.models import LivePrediction, PredictionTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="pw-for-tests-only", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def change(client, template, **fields):
    form = {
        "question": template.question,
        "points": template.points,
        "window_minutes": template.window_minutes,
        "enabled": "on" if template.enabled else "",
        **fields,
    }
    return client.post(
        reverse("admin:predictions_predictiontemplate_change", args=[template.pk]),
        {key: value for key, value in form.items() if value != ""},
    )


def question_out(question):
    """A feed fixture's full-time question as fans got it, and `heard()`: the next message its
    room receives on the real channel layer."""
    import asyncio

    from channels.layers import get_channel_layer

    from matches.models import Fixture
    from rally.rooms import group_name

    fixture = Fixture.objects.create(
        slug="broken-room",
        kind=Fixture.Kind.FEED,
        home_code="HOM",
        home_name="Home",
        away_code="AWA",
        away_name="Away",
    )
    row = LivePrediction.objects.create(
        fixture=fixture,
        key="full-time-result",
        kind="full_time_result",
        question=question,
        options=[{"id": "home", "label": "Home win"}],
        opens_at=0,
        locks_at=100,
    )
    layer = get_channel_layer()
    room = asyncio.run(layer.new_channel())
    asyncio.run(layer.group_add(group_name(fixture.slug), room))
    return row, lambda: asyncio.run(layer.receive(room))["text"]


def test_editors_see_the_three_templates(client, editor):
    page = client.get(reverse("admin:predictions_predictiontemplate_changelist")).content.decode()
    assert all(key in page for key in ("full-time-result", "next-goal", "late-goal"))
    assert client.get(reverse("admin:predictions_liveprediction_changelist")).status_code == 200


def test_an_editor_switches_a_template_off(client, editor):
    template = PredictionTemplate.objects.get(key="late-goal")
    assert change(client, template, enabled="").status_code == 302
    assert not PredictionTemplate.objects.get(key="late-goal").enabled


def test_the_wording_is_not_edited_here_but_in_the_prompt_studio(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    assert change(client, template, question="{home.__class__}").status_code == 302
    assert PredictionTemplate.objects.get(key="next-goal").question == template.question


def test_a_stored_wording_is_validated_in_the_template_language():
    from django.core.exceptions import ValidationError

    template = PredictionTemplate.objects.get(key="full-time-result")
    for hostile in ("{home:>1000000}", "{home.__class__.__mro__}", "{{ home.__class__ }}"):
        template.question = hostile
        with pytest.raises(ValidationError):
            template.full_clean()


def test_a_question_is_bounded_whatever_the_teams_names():
    from predictions import livegame

    question = livegame.question("{{ home }} v {{ away }}?", "H" * 150, "A" * 150, "KO")
    assert len(question) == livegame.QUESTION_MAX_CHARS and question.endswith("…")


def test_a_broken_question_already_made_is_repaired_by_an_editor_and_the_room_hears_it(
    client, editor, django_capture_on_commit_callbacks
):
    row, heard = question_out("x" * 1_000_000)
    url = reverse("admin:predictions_liveprediction_change", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"question": "Full-time result: Home v Away?"})
    assert response.status_code == 302
    assert LivePrediction.objects.get(pk=row.pk).question == "Full-time result: Home v Away?"
    message = heard()
    assert '"type":"prediction_update"' in message and "Full-time result: Home v Away?" in message
    assert client.post(url, {"question": "y" * 201}).status_code == 200, (
        "a reworded question is bounded too"
    )


def test_a_round_longer_than_half_an_hour_is_refused(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    assert change(client, template, window_minutes=90).status_code == 200
    assert PredictionTemplate.objects.get(key="next-goal").window_minutes == 5


def test_editors_cannot_add_or_delete_templates_or_predictions(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    assert client.get(reverse("admin:predictions_predictiontemplate_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:predictions_predictiontemplate_delete", args=[template.pk]),
            {"post": "yes"},
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:predictions_liveprediction_add")).status_code == 403
    assert PredictionTemplate.objects.count() == 3 and LivePrediction.objects.count() == 0


@pytest.mark.parametrize(
    "old, new",
    [
        ("Full-time result: {home} v {away}?", "Full-time result: {{ home }} v {{ away }}?"),
        (
            "Who scores next from {at}: {home} or {away}?",
            "Who scores next from {{ at }}: {{ home }} or {{ away }}?",
        ),
        ("{home:>1000000}", "{{ home }}"),
        ("{home.__class__.__mro__} wins?", "{{ home }} wins?"),
        (
            "{0} or {team}?",
            None,
        ),  # not valid after the conversion: the template gets its default text
    ],
)
def test_stored_templates_are_migrated_to_the_template_language(old, new):
    from importlib import import_module

    migration = import_module(
        "predictions.migrations.0009_question_templates_in_the_template_language"
    )
    assert migration.new_language(old) == new


def test_an_editor_voids_a_wrong_question_and_the_feed_never_settles_it_again(
    client, editor, django_capture_on_commit_callbacks
):
    from predictions import live

    row, heard = question_out("{ home } or { away }: who wins?")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:predictions_liveprediction_changelist"),
            {"action": "void_questions", "_selected_action": [row.pk]},
            follow=True,
        )
    assert "Voided 1 question(s)" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.void_reason) == ("void", "editor")
    update = heard()
    assert '"type":"prediction_update"' in update and '"void_reason":"editor"' in update
    assert '"type":"standings"' in heard()
    abandoned = {"state": {"code": "ABANDONED"}}  # the feed's truth would void it its own way
    assert live._settle([row], abandoned) == []
    # A void of the feed's own is settled by its truth again.
    LivePrediction.objects.filter(pk=row.pk).update(void_reason="late_report")
    row.void_reason = "late_report"
    assert live._settle([row], abandoned)
