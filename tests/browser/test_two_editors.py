"""Two editors on one event at once, each in their own headless Chromium
session: changes to different fields merge; the same field is a conflict the
second editor settles by choosing."""

import pytest
from django.contrib.auth.models import Group

from events.models import Event
from tests import factories

PASSWORD = "a-long-test-password"


@pytest.fixture
def editors(django_user_model):
    group = Group.objects.get(name="Editors")
    for name in ("dana", "omar"):
        user = django_user_model.objects.create_user(
            name, password=PASSWORD, is_staff=True, first_name=name.title()
        )
        user.groups.add(group)


def editor_page(browser, live_server, name):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    save(page, "input[type=submit]")
    return page


def save(page, button="input[name=_continue]"):
    """Submit and wait until the next page has loaded: the click alone returns
    before the response is parsed, and the other editor must not start early."""
    with page.expect_navigation(wait_until="load"):
        page.click(button)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_editors_merge_different_fields_and_settle_the_same_one(
    browser, live_server, editors
):
    event = factories.EventFactory(
        title="Witkoff speaks in Florida",
        summary="Witkoff spoke.",
        place_city="Miami",
        draft=True,
    )
    url = f"{live_server.url}/admin/events/event/{event.pk}/change/"
    dana = editor_page(browser, live_server, "dana")
    omar = editor_page(browser, live_server, "omar")
    dana.goto(url)
    omar.goto(url)

    dana.fill("#id_summary", "Witkoff spoke at a business forum.")
    save(dana)
    omar.fill("#id_place_city", "Doral")
    save(omar)
    assert "Dana" in omar.locator(".messagelist").inner_text()
    event.refresh_from_db()
    assert (event.summary, event.place_city) == (
        "Witkoff spoke at a business forum.",
        "Doral",
    )

    dana.goto(url)
    omar.goto(url)
    dana.fill("#id_summary", "Dana's summary.")
    save(dana)
    omar.fill("#id_summary", "Omar's summary.")
    save(omar)
    panel = omar.locator("#merge-conflicts")
    assert "Dana's summary." in panel.inner_text()
    assert "Omar's summary." in panel.inner_text()
    assert Event.objects.get(pk=event.pk).summary == "Dana's summary."

    omar.check("#merge-conflicts input[type=radio][value=yours]")
    save(omar)
    assert "you kept your summary" in omar.locator(".messagelist").inner_text()
    assert Event.objects.get(pk=event.pk).summary == "Omar's summary."
