import pytest

from testsupport.replay import CONNECTED


@pytest.fixture
def open_match_page(browser):
    """Opens a match page in a context of its own (a fan of their own): `open_(site, slug, viewport)`.
    Closes them all after the test, which fails on any JavaScript error they met."""
    contexts, errors = [], []

    def open_(site, slug, viewport, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{site.url}/matches/{slug}/")
        page.wait_for_selector("[data-live-page][data-ready=true]")
        page.wait_for_selector(CONNECTED)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
