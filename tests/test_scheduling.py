"""Scheduled publication: a publish and an unpublish time on every publishable
record. Readers see a record as its times say before ``publish_scheduled``
runs; the command then makes the publication state agree, through the
workflow (sources required, audited)."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import SCHEDULE_ORDER, AuditEntry, PublicationStatus
from countries.models import Country
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, changelist_url, errors_of, save
from tests.conftest import clock_at, patch_event, results, token_client

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sourced(record):
    factories.cite(record)
    return record


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def seen_by_readers(client, event) -> dict[str, bool]:
    """Where an anonymous reader finds ``event``: page, list, API, feed, sitemap."""
    feed = ET.fromstring(client.get("/feeds/events/").content)
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        "page": client.get(event.get_absolute_url()).status_code == 200,
        "list": event.title in client.get("/events/").text,
        "api": client.get(f"/api/v1/events/{event.slug}/").status_code == 200,
        "api list": event.slug
        in [row["slug"] for row in results(client.get("/api/v1/events/"))],
        "feed": event.title
        in " ".join(e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")),
        "sitemap": event.get_absolute_url()
        in " ".join(u.findtext(f"{SITEMAP}loc") for u in sitemap.iter(f"{SITEMAP}url")),
    }


# What readers see, before the command runs ------------------------------------


def test_a_published_event_with_a_future_publish_time_is_hidden_everywhere_until_then(
    client,
):
    now = timezone.now()
    event = sourced(
        factories.EventFactory(title="Embargoed visit", publish_at=now + HOUR)
    )
    assert not any(seen_by_readers(client, event).values())
    with clock_at(now + 2 * HOUR):
        assert all(seen_by_readers(client, event).values())


def test_a_passed_unpublish_time_hides_the_event_before_the_command_runs(client):
    now = timezone.now()
    event = sourced(
        factories.EventFactory(title="Short-lived notice", unpublish_at=now + HOUR)
    )
    assert all(seen_by_readers(client, event).values())
    with clock_at(now + 2 * HOUR):
        assert not any(seen_by_readers(client, event).values())
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.PUBLISHED


def test_a_scheduled_country_is_hidden_from_readers_but_previewed_by_editors(
    client, editor, country
):
    Country.objects.filter(pk=country.pk).update(publish_at=timezone.now() + HOUR)
    assert client.get(country.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/countries/kazakhstan/").status_code == 404
    client.force_login(editor)
    assert client.get(country.get_absolute_url()).status_code == 200


def test_a_scheduled_country_is_left_out_of_an_events_countries_in_the_api(
    client, event, country
):
    Country.objects.filter(pk=country.pk).update(publish_at=timezone.now() + HOUR)
    body = client.get(f"/api/v1/events/{event.slug}/").json()
    assert "kazakhstan" not in str(body["countries"]).lower()


def test_published_at_is_when_readers_first_see_the_record():
    publish_at = timezone.now() + HOUR
    event = factories.EventFactory(published_at=None, publish_at=publish_at)
    assert event.published_at == publish_at


# The command --------------------------------------------------------------------


def test_the_command_publishes_a_sourced_draft_whose_time_has_come():
    event = sourced(
        factories.EventFactory(draft=True, publish_at=timezone.now() - HOUR)
    )
    out, err = run()
    event.refresh_from_db()
    assert event.is_published and event.is_public
    assert event.publish_at is None
    assert f"Published event “{event}”." in out
    assert err == ""
    entry = AuditEntry.objects.get(action="publish")
    assert (entry.object_id, entry.user) == (str(event.pk), None)


def test_the_command_leaves_a_draft_whose_time_has_not_come():
    event = sourced(
        factories.EventFactory(draft=True, publish_at=timezone.now() + HOUR)
    )
    run()
    event.refresh_from_db()
    assert not event.is_published
    assert event.publish_at is not None


def test_the_command_refuses_a_draft_without_a_source_and_says_so():
    publish_at = timezone.now() - HOUR
    event = factories.EventFactory(title="Unsourced", draft=True, publish_at=publish_at)
    out, err = run()
    event.refresh_from_db()
    assert not event.is_published
    assert event.publish_at == publish_at
    assert "Not published: event “Unsourced”" in err
    assert "Add at least one source" in err
    assert not AuditEntry.objects.exists()


def test_the_command_unpublishes_a_record_whose_time_has_passed(country):
    Country.objects.filter(pk=country.pk).update(
        publish_at=timezone.now() - 2 * HOUR, unpublish_at=timezone.now() - HOUR
    )
    out, _ = run()
    country.refresh_from_db()
    assert country.publication_status == PublicationStatus.DRAFT
    assert (country.publish_at, country.unpublish_at) == (None, None)
    assert "Unpublished country “Kazakhstan”." in out
    assert AuditEntry.objects.get().action == "unpublish"


def test_the_command_is_idempotent():
    now = timezone.now()
    published = sourced(factories.EventFactory(draft=True, publish_at=now - HOUR))
    withdrawn = factories.EventFactory(unpublish_at=now - HOUR)
    run()
    versions = {e.pk: e.version for e in Event.objects.all()}
    out, err = run()
    assert "Changed 0 scheduled records." in out
    assert {e.pk: e.version for e in Event.objects.all()} == versions
    assert AuditEntry.objects.count() == 2
    published.refresh_from_db()
    withdrawn.refresh_from_db()
    assert published.is_published and not withdrawn.is_published


def test_a_dry_run_changes_nothing():
    now = timezone.now()
    draft = sourced(factories.EventFactory(draft=True, publish_at=now - HOUR))
    factories.EventFactory(unpublish_at=now - HOUR)
    versions = {e.pk: e.version for e in Event.objects.all()}
    out, _ = run("--dry-run")
    assert f"Would publish event “{draft}”." in out
    assert "Would unpublish" in out
    assert {e.pk: e.version for e in Event.objects.all()} == versions
    assert not AuditEntry.objects.exists()


# The rule, in the database and for editors ---------------------------------------


def test_the_database_refuses_an_unpublish_time_before_the_publish_time():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EventFactory(publish_at=now, unpublish_at=now - HOUR)


def test_full_clean_says_to_set_the_unpublish_time_after_the_publish_time():
    now = timezone.now()
    event = factories.EventFactory.build(publish_at=now, unpublish_at=now)
    with pytest.raises(ValidationError) as raised:
        event.full_clean(exclude=["slug"])
    assert raised.value.message_dict["unpublish_at"] == [SCHEDULE_ORDER]


def schedule_in_admin(client, event, publish_on: str, unpublish_on: str):
    """Saves the (sourced) event's admin form with these days, both at 09:00."""
    sourced(event)
    return save(
        client,
        event,
        publish_at_0=publish_on,
        publish_at_1="09:00:00",
        unpublish_at_0=unpublish_on,
        unpublish_at_1="09:00:00",
    )


def test_an_editor_schedules_an_event_in_admin(editor_client, event):
    response = schedule_in_admin(editor_client, event, "2030-01-01", "2030-02-01")
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert event.publish_at.year == 2030
    assert event.unpublish_at.month == 2


def test_the_admin_form_explains_times_out_of_order(editor_client, event):
    response = schedule_in_admin(editor_client, event, "2030-02-01", "2030-01-01")
    assert response.status_code == 200
    assert SCHEDULE_ORDER in response.text


def test_the_changelist_filters_scheduled_records(editor_client, event):
    factories.EventFactory(title="Later", publish_at=timezone.now() + HOUR)
    response = editor_client.get(changelist_url(Event) + "?scheduled=publish")
    assert "Later" in response.text
    assert event.title not in response.text


# Contributors may not schedule ------------------------------------------------------


def test_a_contributor_sees_the_schedule_read_only_in_admin(client, contributor, event):
    sourced(event)
    client.force_login(contributor)
    page = client.get(change_url(event))
    fields = page.context["adminform"].form.fields
    assert "publish_at" not in fields and "unpublish_at" not in fields
    assert "Publish at" in page.text
    response = save(
        client, event, publish_at_0="2030-01-01", publish_at_1="09:00", summary="Hi"
    )
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert (event.summary, event.publish_at) == ("Hi", None)


def test_a_contributor_scheduling_through_the_api_is_a_403(contributor, event):
    response = patch_event(
        token_client(contributor), event, publish_at="2030-01-01T09:00:00Z"
    )
    assert response.status_code == 403
    assert (
        "Only editors set the publish and unpublish times"
        in (response.json()["detail"])
    )
    event.refresh_from_db()
    assert event.publish_at is None


def test_an_editor_schedules_through_the_api_in_iso_8601(editor, event):
    response = patch_event(
        token_client(editor),
        event,
        publish_at="2030-01-01T09:00:00Z",
        unpublish_at="2030-02-01T09:00:00+02:00",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["publish_at"] == "2030-01-01T09:00:00Z"
    assert body["unpublish_at"] == "2030-02-01T07:00:00Z"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"publish_at": "next tuesday"}, "publish_at"),
        (
            {
                "publish_at": "2030-02-01T09:00:00Z",
                "unpublish_at": "2030-01-01T09:00:00Z",
            },
            "unpublish_at",
        ),
    ],
)
def test_a_bad_schedule_through_the_api_is_a_400(editor, event, changes, field):
    response = token_client(editor).patch(
        f"/api/v1/events/{event.slug}/",
        {**changes, "version": event.version},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_anonymous_readers_are_not_told_the_schedule(client, event, editor):
    assert "publish_at" not in client.get(f"/api/v1/events/{event.slug}/").json()
    staff = token_client(editor).get(f"/api/v1/events/{event.slug}/").json()
    assert staff["publish_at"] is None and staff["unpublish_at"] is None


def test_an_event_page_does_not_name_a_country_still_to_be_published(client, event):
    factories.cite(event)
    hidden = factories.CountryFactory(
        name="Embargoland", publish_at=timezone.now() + HOUR
    )
    event.countries.add(hidden)
    assert "Embargoland" not in client.get(event.get_absolute_url()).text


def test_an_officials_page_leaves_out_events_still_to_be_published(
    client, event, official
):
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() + HOUR)
    assert event.title not in client.get(official.get_absolute_url()).text


def test_the_admin_form_says_readers_do_not_see_a_scheduled_record_yet(
    editor_client, event
):
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() + HOUR)
    page = editor_client.get(change_url(event)).text
    assert "readers do not see it now" in page
    assert "readers see this record" not in page

    Event.objects.filter(pk=event.pk).update(publish_at=None)
    assert "readers see this record" in editor_client.get(change_url(event)).text


def unpublish_in_admin(client, record) -> None:
    client.post(
        change_url(record),
        {"CHANGE_FORM-action": "unpublish_selected", "_selected_action": record.pk},
    )


def test_unpublishing_after_the_publish_time_before_the_command_ran_stays_unpublished(
    editor_client, event
):
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - HOUR)
    sourced(event)

    unpublish_in_admin(editor_client, event)
    run()

    event.refresh_from_db()
    assert (event.publication_status, event.publish_at) == (
        PublicationStatus.DRAFT,
        None,
    )


def test_unpublishing_a_record_scheduled_to_appear_cancels_its_publication(
    editor_client, event
):
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() + HOUR)
    sourced(event)

    unpublish_in_admin(editor_client, event)
    with clock_at(timezone.now() + 2 * HOUR):
        run()

    event.refresh_from_db()
    assert (event.publication_status, event.publish_at) == (
        PublicationStatus.DRAFT,
        None,
    )
