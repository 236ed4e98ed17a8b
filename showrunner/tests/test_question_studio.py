"""Question templates in the Prompt Studio: the prompts' template language, preview, versions,
history, restore, publish and concurrency, one implementation (issue 27)."""

import json

import pytest
from django.urls import reverse

from predictions import livegame
from predictions.models import PredictionTemplate
from showrunner.models import QuestionPrompt
from testsupport.studio import seen_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_goal(db):
    return QuestionPrompt.objects.get(question_template__key="next-goal")


def url(name, prompt, *args):
    return reverse(f"admin:showrunner_questionprompt_{name}", args=[prompt.pk, *args])


def save(client, prompt, text, action="_save"):
    form = {"text": text, "note": "", action: "1", **seen_on(client, url("change", prompt))}
    return client.post(url("change", prompt), form, follow=True)


def preview(client, prompt, text, fixture="sample:feed"):
    body = json.dumps({"text": text, "fixture": fixture})
    return client.post(url("preview", prompt), body, content_type="application/json")


def publish(client, prompt, number, note="clearer"):
    page = url("publish", prompt, number)
    return client.post(page, {"note": note, **seen_on(client, page)}, follow=True)


def next_question(template_key, home="Manchester City", away="Queens Park Rangers"):
    rule = PredictionTemplate.objects.get(key=template_key).as_rule()
    (spec,) = livegame.planned([rule], {"home": home, "away": away}, {}, 0)
    return spec["question"]


def test_every_question_template_is_in_the_studio_with_its_wording_as_production(signed_in):
    page = signed_in.get("/admin/showrunner/questionprompt/").content.decode()
    for key in ("full-time-result", "next-goal", "late-goal"):
        assert f"QUESTION#{key}" in page
    prompt = QuestionPrompt.objects.get(question_template__key="full-time-result")
    assert (
        prompt.production_version().text
        == PredictionTemplate.objects.get(key="full-time-result").question
    )


def test_a_wording_previews_as_fans_will_read_it_and_applies_to_the_next_question_once_published(
    signed_in,
):
    prompt = QuestionPrompt.objects.get(question_template__key="full-time-result")
    text = "{{ home }} or {{ away }}: who takes it?"
    previewed = preview(signed_in, prompt, text).json()["prompt"]
    assert previewed == "Manchester City or Queens Park Rangers: who takes it?"
    assert "Saved as draft v2" in save(signed_in, prompt, text).content.decode()
    assert next_question("full-time-result") != previewed  # a draft is not what fans get
    assert "Published v2" in publish(signed_in, prompt, 2).content.decode()
    assert next_question("full-time-result") == previewed


@pytest.mark.parametrize(
    "hostile, message",
    [
        ("{home.__class__}", "Stray braces"),
        ("{{ home.__class__ }}", "is not a plain variable"),
        ("{ home } or { away }?", "Stray braces"),
        ("{{ team }}?", "Unknown variable {{ team }}. A question may use: at, away, home."),
        ("x" * 151, "The question template is 151 characters long; the limit is 150."),
    ],
)
def test_a_wording_that_would_reach_fans_broken_is_refused_by_preview_and_save(
    signed_in, next_goal, hostile, message
):
    answer = preview(signed_in, next_goal, hostile)
    assert answer.status_code == 422 and message in " ".join(answer.json()["errors"])
    page = save(signed_in, next_goal, hostile).content.decode()
    assert message.replace("'", "&#x27;") in page and "errornote" in page
    assert next_goal.versions.count() == 1


def test_the_history_keeps_every_wording_and_restores_one(signed_in, next_goal):
    original = next_goal.text
    save(signed_in, next_goal, "Next goal after {{ at }}: {{ home }} or {{ away }}?")
    publish(signed_in, next_goal, 2)
    history = signed_in.get(url("version", next_goal, 2)).content.decode()
    assert "<del" in history and "<ins" in history and "Next goal after" in history
    restore = url("restore", next_goal, 1)
    signed_in.post(restore, seen_on(signed_in, restore))
    publish(signed_in, next_goal, 3)
    assert PredictionTemplate.objects.get(key="next-goal").question == original


def test_a_stale_save_of_a_wording_is_refused_like_a_prompts(signed_in, next_goal, client, editor):
    from django.test import Client

    ella = Client()
    ella.force_login(editor)
    bens_page = seen_on(signed_in, url("change", next_goal))
    save(ella, next_goal, "Who scores next, from {{ at }}?")
    form = {"text": "Next: {{ home }} or {{ away }}?", "_save": "1", **bens_page}
    page = signed_in.post(url("change", next_goal), form).content.decode()
    assert "Not saved: someone else changed this text" in page
    assert "Next: {{ home }} or {{ away }}?" in page
    assert next_goal.versions.count() == 2


def test_a_wording_previews_with_a_feed_fixtures_teams_and_minute(
    signed_in, next_goal, feed_fixture
):
    answer = preview(signed_in, next_goal, "{{ at }}: {{ home }} or {{ away }}?", feed_fixture.slug)
    assert answer.json()["prompt"] == "90+2': Manchester City or Queens Park Rangers?"
