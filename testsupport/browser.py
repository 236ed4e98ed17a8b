"""What a fan does in the browser, written once for every app's browser tests."""

from playwright.sync_api import expect

DESK, PHONE = {"width": 1200, "height": 900}, {"width": 390, "height": 844}


def join(page, name):
    page.fill("[data-join-name]", name)
    page.press("[data-join-name]", "Enter")
    return page.locator("[data-join-status]")


def pick(page, prediction, option, timeout=40_000):
    card = page.locator(f'[data-prediction="{prediction}"][data-status="open"]')
    card.wait_for(timeout=timeout)  # it may open only after the tip-off
    unfold(card)
    button = card.locator(f'[data-option="{option}"]')
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def unfold(card):
    """Tap the card's question, as a fan does before answering: a folded card opens, and either
    stays whole while it is open, even when a newer question opens meanwhile."""
    toggle = card.locator(".prediction-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
