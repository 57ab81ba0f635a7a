"""The editorial workflow on events: publishing, validation, slugs, history,
revert, concurrent edits, photos, the Editors group and the data-quality page."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse
from sorl.thumbnail import default as sorl_default
from sorl.thumbnail import get_thumbnail

from core.models import PublicationStatus
from core.partial_dates import Precision
from core.slugs import find_by_old_slug
from core.workflow import check_can_publish, publish, unpublish
from events.models import Event, Photo
from events.templatetags import photos
from tests import factories
from tests.admin_forms import (
    NEW_EVENT,
    add,
    change_url,
    changelist_url,
    errors_of,
    form_data,
    save,
)
from tests.conftest import grant

SOURCES = "citations"


@pytest.fixture
def draft(db, country):
    return factories.EventFactory(
        draft=True,
        title="Witkoff speaks in Florida",
        slug="witkoff-speaks-in-florida",
        countries=[country],
    )


@pytest.fixture
def source(db):
    """A publication to cite."""
    return factories.PublicationFactory(title="Kazakhstan to join the Abraham Accords")


def cited(record):
    return [citation.publication for citation in record.citations.all()]


# Publishing -----------------------------------------------------------------


def test_event_cannot_be_published_without_a_source(editor_client, draft):
    response = save(editor_client, draft, publication_status="published")
    assert response.status_code == 200
    assert "Add at least one source before publishing this event" in errors_of(response)
    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.DRAFT


def test_event_is_published_with_the_source_picked_in_the_same_save(
    editor_client, draft, source
):
    response = save(
        editor_client,
        draft,
        (SOURCES, {"publication": str(source.pk), "quote": "Kazakhstan will join."}),
        publication_status="published",
    )
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_at is not None
    assert cited(draft) == [source]


def test_the_last_source_of_a_published_event_cannot_be_removed(
    editor_client, event, source
):
    factories.cite(event, publication=source)
    response = save(editor_client, event, **{f"{SOURCES}-0-DELETE": "on"})
    assert "nothing is published without one" in errors_of(response)
    assert event.citations.count() == 1


def test_bulk_publish_publishes_sourced_events_and_names_the_others(
    editor_client, source
):
    sourced = factories.EventFactory(draft=True, title="Sourced")
    factories.cite(sourced, publication=source)
    unsourced = factories.EventFactory(draft=True, title="Unsourced")
    response = editor_client.post(
        changelist_url(Event),
        {"action": "publish_selected", "_selected_action": [sourced.pk, unsourced.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Published 1 event" in m and "Sourced" in m for m in messages)
    assert any(
        m.startswith("Not published: “Unsourced”: Add at least one source")
        for m in messages
    )
    sourced.refresh_from_db()
    unsourced.refresh_from_db()
    assert sourced.is_published
    assert not unsourced.is_published


def test_bulk_unpublish_returns_events_to_draft_keeping_first_publication(
    editor_client, event
):
    first_published = event.published_at
    editor_client.post(
        changelist_url(Event),
        {"action": "unpublish_selected", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.DRAFT
    assert event.published_at == first_published


def test_publish_action_on_the_change_form(editor_client, draft, source):
    factories.cite(draft, publication=source)
    page = editor_client.get(change_url(draft))
    assert 'name="CHANGE_FORM-action"' in page.text
    editor_client.post(
        change_url(draft),
        {"CHANGE_FORM-action": "publish_selected", "_selected_action": draft.pk},
    )
    draft.refresh_from_db()
    assert draft.is_published


def test_event_publish_function_refuses_an_unsourced_event(draft, editor):
    with pytest.raises(ValidationError) as refused:
        publish(record=draft, user=editor)
    assert "Add at least one source" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        check_can_publish(draft)


def test_event_publish_function_publishes_and_records_the_editor(draft, source, editor):
    factories.cite(draft, publication=source)
    publish(record=draft, user=editor)
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.history.first().history_user == editor
    unpublish(record=draft, user=editor)
    draft.refresh_from_db()
    assert not draft.is_published


def test_published_event_links_to_its_page_and_a_draft_to_a_preview(
    editor_client, event, draft
):
    published_page = editor_client.get(change_url(event))
    assert published_page.context["absolute_url"] == event.get_absolute_url()
    assert "View on site" in published_page.text
    draft_page = editor_client.get(change_url(draft))
    assert draft_page.context["absolute_url"] is None
    assert draft_page.context["preview_url"] == draft.get_absolute_url()
    assert "Preview draft" in draft_page.text


def test_a_draft_preview_is_for_editors_only(editor_client, client, draft):
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    editor_client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


# Validation -----------------------------------------------------------------


def test_end_before_start_is_refused_with_both_dates(editor_client, draft):
    response = save(editor_client, draft, date="2020-09-15", end_date="2020-09-14")
    assert "The end (14 September 2020) is before the start (15 September 2020)" in (
        errors_of(response)
    )


def test_a_month_precision_date_is_stored_and_shown_as_a_month(editor_client, draft):
    response = save(editor_client, draft, date="2020-12")
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (draft.date, draft.date_precision) == (
        datetime.date(2020, 12, 1),
        Precision.MONTH,
    )
    page = editor_client.get(change_url(draft))
    assert 'name="date" value="2020-12"' in page.text
    listing = editor_client.get(changelist_url(Event))
    assert "December 2020" in listing.text


def test_a_year_precision_end_in_the_same_year_is_not_before_a_precise_start(
    editor_client, draft
):
    response = save(editor_client, draft, date="1992-05-03", end_date="1992")
    assert response.status_code == 302, errors_of(response)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2020-13", "the month must be between 01 and 12"),
        ("15/09/2020", "is not a date"),
        ("2021-02-29", "February 2021 has days 01 to 28"),
    ],
)
def test_a_bad_date_says_what_to_type(editor_client, draft, typed, message):
    response = save(editor_client, draft, date=typed)
    assert message in errors_of(response)


def test_a_duplicate_slug_names_the_record_that_has_it(editor_client, event, draft):
    response = save(editor_client, draft, slug=event.slug, title="Another title")
    errors = errors_of(response)
    assert f"“{event}” already has this address" in errors
    assert f"{event.slug}-2" in errors


def test_an_empty_slug_is_made_from_the_title_and_kept_unique(editor_client, event):
    response = add(
        editor_client,
        Event,
        title=event.title,
        slug="",
        kind="meeting",
        date="2025-11-06",
        summary="They met again.",
    )
    assert response.status_code == 302, errors_of(response)
    assert Event.objects.get(title=event.title, pk__gt=event.pk).slug == (
        f"{event.slug}-2"
    )


def test_a_published_slug_changes_only_when_asked_and_the_old_one_still_leads_there(
    editor_client, event, source
):
    factories.cite(event, publication=source)
    old = event.slug
    refused = save(editor_client, event, slug="tokayev-and-rubio")
    assert "tick “Change the published address”" in errors_of(refused)
    event.refresh_from_db()
    assert event.slug == old

    accepted = save(
        editor_client, event, slug="tokayev-and-rubio", confirm_slug_change="on"
    )
    assert accepted.status_code == 302, errors_of(accepted)
    event.refresh_from_db()
    assert event.slug == "tokayev-and-rubio"
    assert find_by_old_slug(Event, old) == event
    assert find_by_old_slug(Event, "tokayev-and-rubio") is None


def test_an_old_slug_of_another_record_is_not_reused(
    editor_client, event, draft, source
):
    factories.cite(event, publication=source)
    save(editor_client, event, slug="renamed", confirm_slug_change="on")
    response = save(editor_client, draft, slug="tokayev-meets-rubio-x")
    assert response.status_code == 302
    response = save(editor_client, draft, slug=event.history.last().slug)
    assert "had this address before and it still redirects there" in errors_of(response)


def test_a_draft_slug_changes_freely(editor_client, draft):
    response = save(editor_client, draft, slug="tokayev-rubio-meeting")
    assert response.status_code == 302, errors_of(response)


# History and revert ---------------------------------------------------------


def test_text_typed_in_a_browser_is_stored_with_plain_line_breaks(editor_client, draft):
    draft.body = "First paragraph.\n\nSecond paragraph."
    draft.save()
    response = save(
        editor_client, draft, body="First paragraph.\r\n\r\nSecond paragraph."
    )
    assert response.status_code == 302, errors_of(response)
    latest, previous = draft.history.all()[:2]
    assert latest.body == previous.body
    assert "body" not in latest.diff_against(previous).changed_fields


def test_history_shows_who_changed_which_field(editor_client, draft):
    save(editor_client, draft, title="Witkoff speaks in Miami, Florida")
    page = editor_client.get(change_url(draft))
    history_url = reverse("admin:events_event_history", args=[draft.pk])
    assert history_url in page.text
    history = editor_client.get(history_url)
    text = re.sub(r"\s+", " ", history.text)
    assert "Eve" in text
    assert (
        "<strong>Title:</strong> Witkoff speaks in Florida → Witkoff speaks in "
        "Miami, Florida" in text
    )
    assert "<strong>Version:</strong>" not in text
    assert ' style="' not in history.text


def test_revert_restores_an_old_version_as_a_new_one(editor_client, draft):
    save(editor_client, draft, title="A wrong title")
    draft.refresh_from_db()
    assert draft.title == "A wrong title"
    original = draft.history.earliest()
    revert_url = reverse(
        "admin:events_event_simple_history", args=[draft.pk, original.pk]
    )
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    data = form_data(page)
    assert data["title"] == "Witkoff speaks in Florida"
    response = editor_client.post(revert_url, {**data, "_save": "Revert"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Witkoff speaks in Florida"
    assert draft.history.count() == 3
    assert draft.history.first().history_type == "~"
    assert draft.version == 3


def test_a_reader_without_change_permission_cannot_post_a_revert(
    client, staff_user, draft
):
    client.force_login(grant(staff_user, "view_event"))
    original = draft.history.earliest()
    url = reverse("admin:events_event_simple_history", args=[draft.pk, original.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Hijacked", "_save": "Revert"}).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Witkoff speaks in Florida"


# Two editors at once --------------------------------------------------------


def test_the_second_of_two_concurrent_saves_keeps_the_first_editors_changes(
    editor_client, second_editor_client, draft
):
    eve_form = form_data(editor_client.get(change_url(draft)))
    alice_form = form_data(second_editor_client.get(change_url(draft)))

    alice_form["title"] = "Alice's title"
    first = second_editor_client.post(
        change_url(draft), {**alice_form, "_save": "Save"}
    )
    assert first.status_code == 302

    # Eve's form still holds the old title: her save merges, it does not
    # overwrite Alice's (tests/test_merge.py has the conflicts).
    eve_form["summary"] = "Eve's summary."
    second = editor_client.post(change_url(draft), {**eve_form, "_save": "Save"})
    assert second.status_code == 302, errors_of(second)
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Alice's title", "Eve's summary.")


def test_a_stale_save_from_an_api_or_script_change_is_refused_too(editor_client, draft):
    form = form_data(editor_client.get(change_url(draft)))
    draft.summary = "Changed by a script."
    draft.save()
    response = editor_client.post(
        change_url(draft), {**form, "summary": "Mine", "_save": "Save"}
    )
    assert "Someone (a script or import) saved this event" in errors_of(response)


def test_every_save_moves_the_version_on(draft):
    version = draft.version
    draft.save()
    draft.save(update_fields=["title"])
    draft.refresh_from_db()
    assert draft.version == version + 2


# Photos ---------------------------------------------------------------------


def add_photo(client, event, image, **fields):
    return add(
        client,
        Photo,
        **{
            "event": str(event.pk),
            "caption": "Tokayev and Rubio shake hands.",
            "credit": "Kazakhstan Embassy in Israel",
            "alt_text": "Two men shaking hands in front of flags.",
            "order": "0",
            **fields,
            "image": image,
        },
    )


def test_a_valid_photo_is_kept_as_uploaded(editor_client, event):
    upload = factories.jpeg_file(size=(1200, 800))
    original = upload.read()
    upload.seek(0)
    response = add_photo(editor_client, event, upload)
    assert response.status_code == 302
    photo = Photo.objects.get()
    with photo.image.open("rb") as stored:
        assert stored.read() == original


def test_a_photo_gets_responsive_renditions(event):
    photo = factories.PhotoFactory(
        event=event, image=factories.jpeg_file(size=(1200, 800))
    )
    srcset = Template("{% load photos %}{% photo_srcset photo %}").render(
        Context({"photo": photo})
    )
    widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
    assert widths == [320, 640, 1024, 1200]
    assert photo.image.url + " 1200w" in srcset
    img = Template("{% load photos %}{% photo_img photo %}").render(
        Context({"photo": photo})
    )
    assert 'alt="Four men waving from a balcony."' in img
    assert 'width="640"' in img


def test_a_photo_whose_file_is_missing_is_left_out_and_logged_once(event, caplog):
    from events.templatetags.photos import report_missing

    report_missing.cache_clear()
    photo = factories.PhotoFactory(event=event)
    photo.image.storage.delete(photo.image.name)
    template = Template("{% load photos %}{% photo_img photo %}")
    with caplog.at_level("WARNING", logger="events.templatetags.photos"):
        pages = [template.render(Context({"photo": photo})) for _ in range(3)]
    assert pages == ["", "", ""]
    assert [r.getMessage() for r in caplog.records] == [
        f"Image file missing: {photo.image.name}"
    ]


def half_written_rendition(photo, width: int):
    """The state another process leaves while writing a new rendition: its
    file created, nothing in it yet, sorl's store without it. Returns the
    file's path and what the whole file holds."""
    thumbnail = get_thumbnail(photo.image, str(width), upscale=False, quality=85)
    storage = thumbnail.storage
    with storage.open(thumbnail.name, "rb") as whole:
        content = whole.read()
    storage.delete(thumbnail.name)
    storage.save(thumbnail.name, ContentFile(b""))
    sorl_default.kvstore.clear()
    return storage.path(thumbnail.name), content


def test_a_rendition_another_process_is_writing_is_read_once_written(
    event, monkeypatch
):
    photo = factories.PhotoFactory(
        event=event, image=factories.jpeg_file(size=(1200, 800))
    )
    path, content = half_written_rendition(photo, 320)
    waits = []

    def other_process_finishes(seconds):
        waits.append(seconds)
        Path(path).write_bytes(content)

    monkeypatch.setattr(photos.time, "sleep", other_process_finishes)
    srcset = photos.srcset_for(photo.image)
    assert len(waits) == 1
    assert [int(w) for w in re.findall(r" (\d+)w", srcset)] == [320, 640, 1024, 1200]


def test_a_rendition_that_cannot_be_read_is_left_out_not_a_500(
    client, event, monkeypatch, caplog
):
    photo = factories.PhotoFactory(
        event=event, image=factories.jpeg_file(size=(1200, 800))
    )
    half_written_rendition(photo, 320)
    monkeypatch.setattr(photos.time, "sleep", lambda seconds: None)
    with caplog.at_level("WARNING", logger="events.templatetags.photos"):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    srcset = re.search(r'srcset="([^"]*)"', response.content.decode()).group(1)
    assert [int(w) for w in re.findall(r" (\d+)w", srcset)] == [640, 1024, 1200]
    assert "No 320px rendition" in caplog.text


def test_a_small_photo_is_not_blown_up(event):
    photo = factories.PhotoFactory(
        event=event, image=factories.jpeg_file(size=(500, 300))
    )
    srcset = Template("{% load photos %}{% photo_srcset photo %}").render(
        Context({"photo": photo})
    )
    assert [int(w) for w in re.findall(r" (\d+)w", srcset)] == [320, 500]


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: factories.SimpleUploadedFile("notes.jpg", b"not an image"),
            "Upload a valid image",
        ),
        (lambda: factories.png_file(size=(100, 80)), "it must be at least 320×200"),
        (lambda: gif_file(), "This is a GIF image; upload JPEG, PNG, WEBP"),
    ],
)
def test_an_unusable_upload_is_refused(editor_client, event, upload, message):
    response = add_photo(editor_client, event, upload())
    assert message in errors_of(response)
    assert not Photo.objects.exists()


def gif_file():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300)).save(buffer, format="GIF")
    return factories.SimpleUploadedFile("a.gif", buffer.getvalue(), "image/gif")


def test_an_oversized_upload_is_refused(editor_client, event, settings):
    settings.ACCORDS_IMAGE_UPLOADS = {
        **settings.ACCORDS_IMAGE_UPLOADS,
        "max_bytes": 1000,
        "max_size": (1000, 1000),
    }
    response = add_photo(editor_client, event, factories.jpeg_file(size=(800, 600)))
    assert "the limit is 1000" in errors_of(response)
    settings.ACCORDS_IMAGE_UPLOADS = {
        **settings.ACCORDS_IMAGE_UPLOADS,
        "max_bytes": 10**7,
    }
    response = add_photo(editor_client, event, factories.jpeg_file(size=(1200, 600)))
    assert "the largest accepted is 1000×1000" in errors_of(response)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"alt_text": ""}, "This field is required"),
        ({"alt_text": "photo"}, "Describe what the image shows"),
        ({"alt_text": "IMG_0042.JPG"}, "Describe what the image shows"),
        ({"credit": ""}, "This field is required"),
        ({"credit": "unknown"}, "Name who took or owns the photo"),
    ],
)
def test_a_photo_needs_real_alt_text_and_credit(editor_client, event, fields, message):
    response = add_photo(editor_client, event, factories.jpeg_file(), **fields)
    assert message in errors_of(response)


def test_the_photo_page_shows_where_it_is_used(editor_client, event, official):
    photo = factories.PhotoFactory(event=event, image=factories.jpeg_file())
    photo.officials.add(official)
    page = editor_client.get(change_url(photo))
    assert f'href="{change_url(event)}">{event}</a> (published)' in page.text
    assert f'href="{event.get_absolute_url()}">public page</a>' in page.text
    assert official.name in page.text
    assert "The original is kept as uploaded" in page.text


# The Editors group ----------------------------------------------------------


# Every model of the two apps but their history: (app, model names).
DOMAIN_MODELS = [
    ("countries", "country statuschange diplomaticrelation mission"),
    ("countries", "official othername office position"),
    ("events", "event participant publication citation photo"),
]


def test_the_editors_group_has_exactly_the_domain_permissions(db):
    group = Group.objects.get(name="Editors")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        (app, f"{action}_{model}")
        for app, models in DOMAIN_MODELS
        for model in models.split()
        for action in ("add", "change", "delete", "view")
    } | {
        ("core", "publish_records"),
        ("core", "view_auditentry"),
        ("core", "view_sitepage"),
        ("core", "change_sitepage"),
        ("core", "view_correction"),
    }
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_an_editor_adds_and_publishes_an_event(editor_client, source, official):
    response = add(
        editor_client,
        Event,
        (SOURCES, {"publication": str(source.pk), "quote": "Kazakhstan will join."}),
        (
            "participants",
            {"official": str(official.pk), "role": "leader", "order": "0"},
        ),
        **NEW_EVENT,
        publication_status="published",
    )
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get(slug="kazakhstan-joins-the-abraham-accords")
    assert event.is_published
    assert event.history.first().history_user.username == "eve"


def test_an_editor_cannot_manage_users_or_groups(editor_client, editor):
    for name in ("auth_user_changelist", "auth_group_changelist", "auth_user_add"):
        assert editor_client.get(reverse(f"admin:{name}")).status_code == 403
    assert not editor.has_perm("auth.change_user")
    assert not Permission.objects.filter(
        group__name="Editors", codename__contains="user"
    )


# Data quality ---------------------------------------------------------------


def test_the_data_quality_page_lists_a_published_event_without_a_source(
    editor_client, event
):
    index = editor_client.get(reverse("admin:index"))
    assert reverse("admin:data_quality") in index.text
    page = editor_client.get(reverse("admin:data_quality"))
    assert page.status_code == 200
    unsourced = page.context["checks"][0]
    assert unsourced.title == "Published records without a source"
    assert [f.record for f in unsourced.findings] == [event]
    assert f'href="{change_url(event)}">{event}</a>' in page.text


def test_the_data_quality_page_lists_publications_participants_and_officials(
    editor_client, event, official
):
    factories.cite(event, title="Unarchived", archive_url="")
    factories.ParticipantFactory(event=event, official=None, name="A spokesperson")
    page = editor_client.get(reverse("admin:data_quality"))
    checks = {check.title: check.findings for check in page.context["checks"]}
    assert checks["Published records without a source"] == []
    assert [
        f.detail
        for f in checks["Publications without an archive copy or an access date"]
    ] == ["No archive URL"]
    assert [
        f.record.name for f in checks["Participants not linked to an official"]
    ] == ["A spokesperson"]
    assert official in [
        f.record for f in checks["Officials without a current position"]
    ]


def test_the_data_quality_page_needs_view_permission(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin:data_quality")).status_code == 403


def test_the_data_quality_page_costs_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    for n in range(3):
        event = factories.EventFactory()
        factories.ParticipantFactory(event=event, official=None, name=f"P{n}")
    with django_assert_max_num_queries(20):
        editor_client.get(reverse("admin:data_quality"))


# Admin chrome ---------------------------------------------------------------


def test_the_login_page_has_a_heading_and_the_site_name(client, db):
    page = client.get(reverse("admin:login"))
    assert re.search(
        r"<h1 id=\"site-name\"><a [^>]+>Accords editorial admin</a></h1>", page.text
    )
    assert "Content-Security-Policy" in page.headers


def test_other_admin_pages_keep_a_single_heading(editor_client):
    page = editor_client.get(reverse("admin:index"))
    assert page.text.count("<h1") == 1
    assert '<div id="site-name">' in page.text
