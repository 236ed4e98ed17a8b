"""Editors see the live game's templates in the admin and switch them off; nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from predictions.models import LivePrediction, PredictionTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def change(client, template, **fields):
    form = {"question": template.question, "points": template.points, "window_minutes": template.window_minutes,
            "enabled": "on" if template.enabled else "", **fields}
    return client.post(reverse("admin:predictions_predictiontemplate_change", args=[template.pk]),
                       {key: value for key, value in form.items() if value != ""})


def test_editors_see_the_three_templates(client, editor):
    page = client.get(reverse("admin:predictions_predictiontemplate_changelist")).content.decode()
    assert all(key in page for key in ("full-time-result", "next-goal", "late-goal"))
    assert client.get(reverse("admin:predictions_liveprediction_changelist")).status_code == 200


def test_an_editor_switches_a_template_off(client, editor):
    template = PredictionTemplate.objects.get(key="late-goal")
    assert change(client, template, enabled="").status_code == 302
    assert not PredictionTemplate.objects.get(key="late-goal").enabled


def test_a_question_with_an_unknown_placeholder_is_refused_and_nothing_changes(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    response = change(client, template, question="Who scores next for {team}?")
    assert response.status_code == 200 and "Only {home}, {away} and {at}" in response.content.decode()
    assert PredictionTemplate.objects.get(key="next-goal").question == template.question


def test_a_round_longer_than_half_an_hour_is_refused(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    assert change(client, template, window_minutes=90).status_code == 200
    assert PredictionTemplate.objects.get(key="next-goal").window_minutes == 5


def test_editors_cannot_add_or_delete_templates_or_write_predictions(client, editor):
    template = PredictionTemplate.objects.get(key="next-goal")
    assert client.get(reverse("admin:predictions_predictiontemplate_add")).status_code == 403
    assert client.post(reverse("admin:predictions_predictiontemplate_delete", args=[template.pk]),
                       {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:predictions_liveprediction_add")).status_code == 403
    assert PredictionTemplate.objects.count() == 3 and LivePrediction.objects.count() == 0
