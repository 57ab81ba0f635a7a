"""An editor's day in admin, in headless Chromium: create an event with a
participant, a citation and a photo, publish it, and find it on the site and in
the API."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from events.models import Event
from tests import factories

PASSWORD = "a-long-test-password"


@pytest.fixture
def editor_account(django_user_model):
    user = django_user_model.objects.create_user(
        "dana", password=PASSWORD, is_staff=True, first_name="Dana"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def photo_path(tmp_path):
    path = tmp_path / "handshake.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 80, 140)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def pick_autocomplete(page, select_id: str, text: str) -> None:
    """Choose ``text`` in a Django admin autocomplete (select2) field."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_creates_and_publishes_an_event(
    watched_page, live_server, editor_account, photo_path
):
    kazakhstan = factories.CountryFactory(
        name="Kazakhstan", slug="kazakhstan", iso2="KZ", iso3="KAZ"
    )
    factories.OfficialFactory(
        name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev", country=kazakhstan
    )
    page = watched_page
    page.set_default_timeout(15_000)
    server_errors = []
    page.on(
        "response",
        lambda response: response.status >= 500 and server_errors.append(response.url),
    )

    page.goto(f"{live_server.url}/admin/")
    assert page.locator("h1").inner_text() == "Accords editorial admin"
    page.fill("#id_username", "dana")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.click("a[href='/admin/events/event/add/']")
    # The slug follows the title only once the admin's scripts are running.
    page.wait_for_load_state("networkidle")

    page.locator("#id_title").press_sequentially("Tokayev meets Rubio in Washington")
    page.press("#id_title", "Tab")
    expect(page.locator("#id_slug")).to_have_value("tokayev-meets-rubio-in-washington")
    page.select_option("#id_kind", "meeting")
    page.fill("#id_date", "2025-11-06")
    page.fill("#id_place_city", "Washington")
    page.fill("#id_summary", "Kazakhstan's president meets the US secretary of state.")

    page.click("#participants-group .add-row a")
    pick_autocomplete(page, "id_participants-0-official", "Tokayev")
    page.fill("#id_participants-0-role", "guest")

    # The publication is new: add it in the popup of the citation's "+", then
    # quote the passage in the citation itself.
    page.click("#citations-group .add-row a")
    with page.expect_popup() as popup_info:
        page.click("#add_id_citations-0-publication")
    popup = popup_info.value
    popup.fill("#id_publisher", "Ynet")
    popup.fill("#id_title", "Kazakhstan to join the Abraham Accords")
    popup.fill("#id_url", "https://www.ynetnews.com/article/kazakhstan-accords")
    popup.fill("#id_published_on", "2025-11-06")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    assert "Ynet: Kazakhstan to join" in page.inner_text(
        "#select2-id_citations-0-publication-container"
    )
    page.fill("#id_citations-0-quote", "Tokayev met Secretary of State Marco Rubio.")

    page.click("#photos-group .add-row a")
    page.set_input_files("#id_photos-0-image", photo_path)
    page.fill("#id_photos-0-caption", "Tokayev and Rubio shake hands.")
    page.fill("#id_photos-0-credit", "Kazakhstan Embassy in Israel")
    page.fill("#id_photos-0-alt_text", "Two men shaking hands in front of flags.")

    with page.expect_navigation(wait_until="load"):
        page.click("input[name=_continue]")
    assert "was added successfully" in page.inner_text(".messagelist")
    assert "Draft: only editors see this record" in page.inner_text(
        "#publication-state"
    )

    with page.expect_navigation(wait_until="load"):
        page.click("button[value=publish_selected]")
    assert "Published 1 event" in page.inner_text(".messagelist")
    event = Event.objects.get(slug="tokayev-meets-rubio-in-washington")
    assert event.is_published
    assert event.history.first().history_user == editor_account

    # A reader, not logged in, sees it on the site and in the API.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("events:detail", kwargs={"slug": event.slug}))
    assert page.locator("h1").inner_text() == "Tokayev meets Rubio in Washington"
    body = page.inner_text("main")
    assert "Kassym-Jomart Tokayev" in body
    assert "Kazakhstan to join the Abraham Accords" in body
    assert "Kazakhstan Embassy in Israel" in body
    image = page.locator("img[alt='Two men shaking hands in front of flags.']")
    assert image.count() == 1

    response = page.request.get(
        f"{live_server.url}/api/v1/events/{event.slug}/",
        headers={"Accept": "application/json"},
    )
    assert response.status == 200
    data = response.json()
    assert data["title"] == "Tokayev meets Rubio in Washington"
    assert data["publication_status"] == "published"

    assert server_errors == []
    assert page.console_errors == []
    assert page.foreign_requests == []
