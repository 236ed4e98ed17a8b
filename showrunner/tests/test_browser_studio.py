"""Two editors in two browsers on one whole site (issue 27): neither loses the other's work nor
their own, question templates render for fans as previewed, a wrong question is corrected and the
room heals, and every admin page an editor uses is clean for axe-core at 1280 and 768 px."""

import re
import time

import pytest
from playwright.sync_api import expect

from testsupport.axe import serious_violations
from testsupport.football import play
from testsupport.studio import make_editors, shot, sign_in
from testsupport.v3_payloads import fixture

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
LIVE_PROMPT = "/admin/showrunner/prompt/2/change/"
HERS = "Name the scorer first."
HIS = "Keep it warm."


@pytest.fixture(scope="module")
def studio_site(fake_site):
    make_editors(fake_site, "ben", "ella")
    return fake_site


@pytest.fixture
def editors(browser, studio_site):
    pages = [sign_in(browser, studio_site, name) for name in ("ben", "ella")]
    errors = []
    for page in pages:
        page.on("pageerror", lambda error: errors.append(str(error)))
    yield pages
    for page in pages:
        page.context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_prompt(page, site, path=LIVE_PROMPT):
    page.goto(f"{site.url}{path}")
    page.locator("[data-preview-output]").filter(has_text="Score:").or_(
        page.locator("[data-preview-output]").filter(has_text="?")
    ).first.wait_for()


def type_at_end(page, text):
    """As an editor types (a real key press, so the page counts as interacted with)."""
    box = page.locator("#id_text")
    box.press("Control+End")
    page.keyboard.type(text)


def message(page, text):
    page.locator(".messagelist").filter(has_text=text).wait_for()


def test_a_stale_save_and_a_stale_publish_are_refused_with_the_others_change_and_nothing_lost(
    studio_site, editors
):
    ben, ella = editors
    open_prompt(ben, studio_site)
    open_prompt(ella, studio_site)
    original = ben.input_value("#id_text")

    type_at_end(ella, "\n" + HERS)
    ella.fill("#id_note", "scorer first")
    ella.click("[data-save]")
    message(ella, "Saved as draft v2")

    type_at_end(ben, "\n" + HIS)  # Ben's page still shows v1
    ben.click("[data-save]")
    conflict = ben.locator("[data-conflict]")
    expect(conflict).to_contain_text("ella saved v2")
    expect(conflict.locator("[data-their-diff] ins")).to_have_text([HERS])
    expect(ben.locator("#id_text")).to_have_value(original + "\n" + HIS)  # nothing of his lost
    shot(ben, "01-stale-save-refused", at="[data-conflict]")

    ben.fill("#id_text", original + "\n" + HERS + "\n" + HIS)  # he merges on purpose
    ben.click("[data-save]")
    message(ben, "Saved as draft v3")

    ben.click("[data-publish-button]")  # no typed edits: the confirmation names draft v3
    expect(ben.locator("[data-publish-confirm]")).to_have_attribute("data-publish-confirm", "3")
    expect(ben.locator("[data-publish-diff] ins")).to_contain_text([HERS])
    shot(ben, "02-publish-confirmation")

    open_prompt(ella, studio_site)
    type_at_end(ella, " Short.")
    ella.click("[data-save]")
    message(ella, "Saved as draft v4")

    ben.fill("#publish-note", "scorer first, warm")
    ben.click("[data-confirm-publish]")
    expect(ben.locator("[data-conflict]")).to_contain_text("ella saved v4")
    expect(ben.locator(".errornote")).to_contain_text("Not published")
    expect(ben.locator("#publish-note")).to_have_value("scorer first, warm")
    shot(ben, "03-stale-publish-refused", at="[data-conflict]")
    open_prompt(ella, studio_site)
    expect(ella.locator("[data-production]")).to_contain_text("v1")  # production did not move


def test_publish_with_typed_edits_publishes_exactly_what_is_on_screen(studio_site, editors):
    ben, _ = editors
    path = "/admin/showrunner/prompt/1/change/"
    open_prompt(ben, studio_site, path)
    type_at_end(ben, "\nwarmer, scorer first")
    typed = ben.input_value("#id_text")
    expect(ben.locator("[data-text-status]")).to_contain_text("unsaved changes")
    ben.click("[data-publish-button]")
    confirm = ben.locator("[data-publish-confirm]")
    confirm.wait_for()
    number = confirm.get_attribute("data-publish-confirm")
    expect(ben.locator("[data-publish-diff] ins")).to_contain_text(["warmer, scorer first"])
    ben.fill("#publish-note", "warmer, scorer first")
    ben.click("[data-confirm-publish]")
    message(ben, f"Published v{number}")
    expect(ben.locator("[data-production]")).to_contain_text(f"v{number}")
    expect(ben.locator("[data-no-draft]")).to_be_visible()
    expect(ben.locator("#id_text")).to_have_value(typed)
    shot(ben, "04-published-what-was-typed")


def test_leaving_with_unsaved_text_asks_first_and_a_text_over_the_limit_is_told_on_the_page(
    studio_site, editors
):
    ben, _ = editors
    open_prompt(ben, studio_site, "/admin/showrunner/prompt/3/change/")
    type_at_end(ben, " and one more thing")
    asked = []
    ben.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    ben.evaluate("location.href = '/admin/'")
    ben.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(ben.locator("#id_text")).to_have_value(re.compile("and one more thing$"))

    ben.evaluate("document.querySelector('#id_text').value += 'x'.repeat(12000)")
    ben.locator("#id_text").press("End")
    ben.keyboard.type("!")
    ben.click("[data-save]")
    status = ben.locator("[data-text-status]")
    expect(status).to_contain_text("over the limit")
    expect(ben.locator("[data-preview-errors]")).to_contain_text("over the limit")
    assert ben.url.endswith("/prompt/3/change/")  # not sent: no bare 400
    shot(ben, "05-over-the-limit")


def test_a_question_written_in_the_studio_reaches_fans_as_previewed_and_a_wrong_one_is_corrected(
    studio_site, editors, feed, open_match_page
):
    ben, _ = editors
    ben.goto(f"{studio_site.url}/admin/showrunner/questionprompt/")
    ben.click("text=QUESTION#next-goal")
    ben.fill("#id_text", "{{ home }} or {{ away }}: who gets the next one?")
    preview = ben.locator("[data-preview-output]")
    expect(preview).to_have_text("Manchester City or Queens Park Rangers: who gets the next one?")
    previewed = preview.inner_text()
    shot(ben, "06-question-template-preview", at="[data-preview-output]")
    ben.click("[data-publish-button]")
    ben.fill("#publish-note", "plainer")
    ben.click("[data-confirm-publish]")
    message(ben, "Published v2")

    slug = play(studio_site, feed, first_minutes(61))
    fan = open_match_page(studio_site, slug, {"width": 390, "height": 844})
    question = fan.locator('[data-tray] [data-prediction="next-goal-1"] .prediction-text')
    expect(question).to_have_text(previewed, timeout=30_000)
    shot(fan, "07-fan-sees-the-previewed-question", at='[data-prediction="next-goal-1"]')

    ben.goto(f"{studio_site.url}/admin/predictions/liveprediction/?q=next-goal-1")
    ben.locator("#result_list a").filter(has_text=previewed).first.click()
    corrected = "Manchester City or QPR: who scores next?"
    ben.fill("#id_question", corrected)
    ben.click("input[name=_save]")
    expect(question).to_have_text(corrected)  # the room healed without a reload
    shot(fan, "08-fan-sees-the-corrected-question", at='[data-prediction="next-goal-1"]')

    ben.goto(f"{studio_site.url}/admin/predictions/liveprediction/?q=next-goal-1")
    ben.locator("#result_list tbody input.action-select").first.check()
    ben.select_option("select[name=action]", "void_questions")
    ben.click("button[name=index]")
    message(ben, "Voided 1 question(s)")
    voided = fan.locator('[data-results] [data-prediction="next-goal-1"]')
    expect(voided).to_have_attribute("data-status", "void")
    expect(voided.locator(".result-answer")).to_have_text("Void: withdrawn by Rally's editors.")
    expect(voided.locator(".result-question")).to_have_text(corrected)
    shot(
        fan, "08b-fan-sees-the-question-voided", at='[data-results] [data-prediction="next-goal-1"]'
    )


def first_minutes(fixture_id):
    """Kicked off a minute and a half ago, goalless: the first "who scores next?" round is open."""
    kickoff = int(time.time() - 90)
    period = {"id": 11, "started": kickoff, "ended": None, "counts_from": 0, "ticking": True}
    return fixture(
        fixture_id, periods=[period | {"sort_order": 1}], events=[], scores=[], pressure=[]
    )


EDITOR_PAGES = [
    "/admin/",
    "/admin/showrunner/",
    "/admin/showrunner/prompt/",
    LIVE_PROMPT,
    "/admin/showrunner/prompt/2/history/",
    "/admin/showrunner/prompt/2/history/2/",
    "/admin/showrunner/prompt/2/history/1/restore/",
    "/admin/showrunner/prompt/2/history/2/publish/",
    "/admin/showrunner/questionprompt/",
    "/admin/showrunner/questionprompt/4/change/",
    "/admin/showrunner/questionprompt/4/history/",
    "/admin/showrunner/script/",
    "/admin/showrunner/scheduleitem/",
    "/admin/predictions/",
    "/admin/predictions/predictiontemplate/",
    "/admin/predictions/predictiontemplate/1/change/",
    "/admin/predictions/liveprediction/",
    "/admin/auth/user/",  # refused: the framed 403
]


@pytest.mark.parametrize("width", [1280, 768])
def test_every_admin_page_an_editor_uses_is_clean_for_axe(studio_site, browser, axe_source, width):
    page = sign_in(browser, studio_site, "ella", {"width": width, "height": 900})
    if page.goto(f"{studio_site.url}/admin/showrunner/prompt/2/history/2/").status == 404:
        open_prompt(page, studio_site)  # run alone: the pages of a draft need one
        type_at_end(page, " Short.")
        page.click("[data-save]")
        message(page, "Saved as draft v2")
    found = {}
    for path in EDITOR_PAGES + scripts_and_questions(page, studio_site):
        status = page.goto(f"{studio_site.url}{path}").status
        assert status == (403 if path == "/admin/auth/user/" else 200), path
        page.wait_for_load_state("load")
        violations = serious_violations(page, axe_source)
        if violations:
            found[path] = violations
    page.goto(f"{studio_site.url}/admin/auth/user/")
    shot(page, f"09-framed-403-{width}")
    page.goto(f"{studio_site.url}{LIVE_PROMPT}")
    shot(page, f"10-studio-{width}", at="#id_text")
    box = page.locator("#id_text").bounding_box()
    bar = page.locator("[data-actions]").bounding_box()
    assert box["width"] >= 400 and box["height"] >= 300, box  # a box to write in, on a tablet too
    # Scrolled to the text box, Save and Publish are in the same window, just under it.
    assert box["y"] + box["height"] <= bar["y"] and bar["y"] + bar["height"] <= 900, bar
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing off the side
    page.context.close()
    assert not found, "\n".join(f"{path}: {each}" for path, all in found.items() for each in all)


def scripts_and_questions(page, site):
    """A script's page and a live question's page, when the site has them by now."""
    paths = []
    for listing in ("/admin/showrunner/script/", "/admin/predictions/liveprediction/"):
        page.goto(f"{site.url}{listing}")
        link = page.locator("#result_list tbody a").first
        if link.count():
            paths.append(link.get_attribute("href"))
    return paths


def test_the_sign_in_lockout_is_framed_with_a_way_back_and_clean_for_axe(
    studio_site, browser, axe_source
):
    context = browser.new_context(viewport={"width": 768, "height": 900})
    page = context.new_page()
    page.goto(f"{studio_site.url}/admin/login/")
    assert serious_violations(page, axe_source) == []
    for _ in range(5):  # AXES_FAILURE_LIMIT
        page.fill("#id_username", "ben")
        page.fill("#id_password", "not his password")
        page.click("input[type=submit]")
    expect(page.locator("[data-refused='429']")).to_contain_text("Too many failed sign-ins")
    expect(page.locator(".refused-ways-back a").first).to_have_text("Back to the sign-in page")
    shot(page, "12-lockout-framed")
    assert serious_violations(page, axe_source) == []
    context.close()
