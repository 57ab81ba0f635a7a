"""The editor's desk: the admin index, the publish buttons, the grouped
data-quality report and the event list's sources column."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import unpublish
from events.models import Event
from tests import factories
from tests.admin_forms import form_data


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def desk_of(response) -> dict:
    return {section.key: section for section in response.context["desk"]}


def names(section) -> list[str]:
    return [str(item.record) for item in section.items]


@pytest.fixture
def other(django_user_model):
    """Another editor (in the Editors group: he publishes and unpublishes)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "omar", password="a-long-test-password", is_staff=True, first_name="Omar"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def draft_by(user, **fields) -> Event:
    event = factories.EventFactory(draft=True, **fields)
    event._history_user = user
    event.save()
    return event


# The dashboard --------------------------------------------------------------


def test_the_desk_shows_my_drafts_apart_from_drafts_by_others(
    editor_client, editor, other
):
    draft_by(editor, title="My draft")
    draft_by(other, title="Omar's draft")
    page = editor_client.get(reverse("admin:index"))
    desk = desk_of(page)
    assert names(desk["my-drafts"]) == ["My draft"]
    assert names(desk["others-drafts"]) == ["Omar's draft"]
    assert desk["others-drafts"].items[0].who == "Omar"
    assert "My drafts (1)" in page.text
    assert "Drafts by others (1)" in page.text
    mine = Event.objects.get(title="My draft")
    assert f'href="{change_url(mine)}">My draft</a>' in page.text


def test_a_draft_someone_else_saved_last_leaves_my_drafts(editor_client, editor, other):
    event = draft_by(editor, title="Shared draft")
    event._history_user = other
    event.save()
    desk = desk_of(editor_client.get(reverse("admin:index")))
    assert names(desk["my-drafts"]) == []
    assert names(desk["others-drafts"]) == ["Shared draft"]


def test_the_desk_lists_published_records_without_a_source(editor_client, event):
    desk = desk_of(editor_client.get(reverse("admin:index")))
    missing = desk["missing"]
    assert [(str(i.record), i.detail) for i in missing.items] == [
        (event.title, "No source")
    ]
    assert missing.link == reverse("admin:data_quality")


def test_the_desk_lists_recent_facts_whose_source_has_no_archive_copy(
    editor_client, db
):
    today = timezone.localdate()
    recent = factories.EventFactory(
        title="Recent", date=today - datetime.timedelta(days=30)
    )
    old = factories.EventFactory(title="Old", date=datetime.date(2020, 9, 15))
    archived = factories.EventFactory(
        title="Archived", date=today - datetime.timedelta(days=30)
    )
    # Two unarchived sources of one record: still one item.
    for event in (recent, recent, old):
        factories.cite(event, archive_url="")
    factories.cite(archived, archive_url="https://web.archive.org/x")
    desk = desk_of(editor_client.get(reverse("admin:index")))
    items = desk["missing"].items
    assert [(str(i.record), i.detail) for i in items] == [
        ("Recent", "A source has no archive copy")
    ]
    assert items[0].url == change_url(recent) + "#sources"


def test_the_desk_shows_what_others_did_lately_with_who_and_a_link(
    editor_client, editor, other, event
):
    draft_by(editor, title="Mine")
    unpublish(record=event, user=other)
    page = editor_client.get(reverse("admin:index"))
    recent = desk_of(page)["recent"]
    first = recent.items[0]
    assert (str(first.record), first.detail, first.who) == (
        event.title,
        "changed",
        "Omar",
    )
    assert first.url == change_url(event)
    assert "Eve" not in [item.who for item in recent.items]


def test_a_citation_in_recent_activity_links_to_the_record_it_supports(
    editor_client, other, event
):
    citation = factories.cite(event, title="The declaration")
    citation._history_user = other
    citation.quote = "Corrected."
    citation.save()
    recent = desk_of(editor_client.get(reverse("admin:index")))["recent"]
    first = recent.items[0]
    assert (str(first.record), first.detail, first.who) == (
        "Ynet: The declaration",
        "changed",
        "Omar",
    )
    assert first.url == change_url(event) + "#sources"


def test_an_empty_desk_says_so_in_each_section(admin_client, db):
    page = admin_client.get(reverse("admin:index"))
    assert "You have no drafts." in page.text
    assert "No drafts by anyone else." in page.text
    assert "Every published record has a source" in page.text
    assert "Nobody else has changed anything yet." in page.text
    # The list of models stays below the desk.
    assert 'class="app-events module' in page.text


def test_the_desk_shows_only_what_the_editor_may_view(client, staff_user, event):
    client.force_login(staff_user)
    page = client.get(reverse("admin:index"))
    assert all(section.count == 0 for section in page.context["desk"])


@pytest.mark.parametrize("size", [1, 6])
def test_the_desk_costs_the_same_queries_whatever_the_number_of_records(
    admin_client, admin_user, other, size, django_assert_num_queries
):
    today = timezone.localdate()
    for n in range(size):
        draft_by(admin_user, title=f"Mine {n}")
        draft_by(other, title=f"Theirs {n}")
        factories.EventFactory(title=f"Unsourced {n}")
        factories.cite(
            factories.EventFactory(date=today, title=f"Unarchived {n}"),
            archive_url="",
        )
        factories.StatusChangeFactory(draft=True)
        factories.PositionFactory()
    # The session and the user; 1 for the open
    # review requests (none here: tests/test_reviews.py counts them); then one
    # query per kind of record: 7 for the drafts and 1 for their last editors,
    # 5 + 5 for the claims missing a source or an archive copy, 9 for the
    # activity (the records, publications and citations); and the admin's own
    # recent actions.
    with django_assert_num_queries(31):
        page = admin_client.get(reverse("admin:index"))
    desk = desk_of(page)
    assert desk["my-drafts"].count == size
    # Omar's drafts and the status changes an import made.
    assert desk["others-drafts"].count == 2 * size


# Publish and unpublish buttons ----------------------------------------------


def test_a_draft_has_a_publish_button_that_publishes_it(editor_client, editor):
    draft = draft_by(editor, title="To publish")
    factories.cite(draft)
    page = editor_client.get(change_url(draft))
    assert 'value="publish_selected"' in page.text
    assert 'value="unpublish_selected"' not in page.text
    # No dropdown of actions on the form: the buttons replace it.
    assert "<select" not in page.text.split('id="event_form"')[1].split("</div>")[0]
    editor_client.post(
        change_url(draft),
        {"CHANGE_FORM-action": "publish_selected", "_selected_action": draft.pk},
    )
    draft.refresh_from_db()
    assert draft.is_published


def test_a_published_record_has_an_unpublish_button(editor_client, event):
    page = editor_client.get(change_url(event))
    assert 'value="unpublish_selected"' in page.text
    assert 'value="publish_selected"' not in page.text
    editor_client.post(
        change_url(event),
        {"CHANGE_FORM-action": "unpublish_selected", "_selected_action": event.pk},
    )
    event.refresh_from_db()
    assert not event.is_published


def test_publishing_without_a_source_is_refused_at_the_top_with_a_link(
    editor_client, editor
):
    draft = draft_by(editor, title="Unsourced draft")
    page = editor_client.post(
        change_url(draft),
        {"CHANGE_FORM-action": "publish_selected", "_selected_action": draft.pk},
        follow=True,
    )
    draft.refresh_from_db()
    assert not draft.is_published
    [message] = [str(m) for m in page.context["messages"]]
    assert message.startswith("Not published: “Unsourced draft”: Add at least one")
    link = f'<a href="{change_url(draft)}#sources">'
    assert link in message
    # Shown above the form, and the link leads to the sources inline.
    text = page.text
    assert text.index(link) < text.index('id="event_form"')
    assert '<div id="sources">' in text


def test_saving_as_published_without_a_source_is_refused_at_the_top(
    editor_client, editor
):
    draft = draft_by(editor, title="Saved as published")
    data = form_data(editor_client.get(change_url(draft)))
    data["publication_status"] = "published"
    page = editor_client.post(change_url(draft), data)
    assert page.status_code == 200
    text = page.text
    refusal = text.index('id="publication-refused"')
    assert refusal < text.index('id="id_title"')
    assert "Add at least one source" in text[refusal : text.index("</div>", refusal)]
    assert '<a href="#sources">' in text[refusal:]


def test_a_reader_without_change_permission_gets_no_buttons(client, staff_user, event):
    from tests.conftest import grant

    grant(staff_user, "view_event")
    client.force_login(staff_user)
    page = client.get(change_url(event))
    assert page.status_code == 200
    assert "publish_selected" not in page.text


# Data quality ---------------------------------------------------------------


def test_data_quality_puts_serious_kinds_first_and_folds_missing_archives(
    editor_client, event, official
):
    for n in range(3):
        factories.PublicationFactory(title=f"Unarchived {n}", archive_url="")
    page = editor_client.get(reverse("admin:data_quality"))
    checks = page.context["checks"]
    assert [check.title for check in checks] == [
        "Published records without a source",
        "Status timelines with gaps or contradictions",
        "Facts supported only by secondary sources published more than a year "
        "after the fact",
        "Officials without a current position",
        "Participants not linked to an official",
        "Duplicate publications",
        "Citations of no record",
        "Publications without a URL",
        "Publications without an archive copy or an access date",
    ]
    assert [check.count for check in checks] == [1, 0, 0, 1, 0, 0, 0, 0, 3]
    title = "Publications without an archive copy or an access date"
    assert f"{title}</a>: 3" in page.text
    folded = page.text.split("<details>")[1].split("</details>")[0]
    assert f"{title} (3)" in folded
    assert "Unarchived 0" in folded
    assert "<details>" not in page.text.split("Officials without")[1].split(title)[0]


# The event list -------------------------------------------------------------


def test_the_event_list_shows_how_many_sources_each_event_has(
    editor_client, event, django_assert_max_num_queries
):
    for _ in range(2):
        factories.cite(event)
    factories.EventFactory(title="Unsourced")
    page = editor_client.get(changelist_url(Event))
    assert "events.Source.None" not in page.text
    assert '<td class="field-source_count_shown">2</td>' in page.text
    assert '<td class="field-source_count_shown">0</td>' in page.text
