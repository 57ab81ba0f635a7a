"""The audit log (core/audit.py): publishing, unpublishing, deleting, logging in
and failing to each write one entry naming who and what; the admin shows it
read-only to everyone, superusers included."""

import pytest
from django.urls import reverse

from core import audit, workflow
from core.models import AuditAction, AuditEntry
from events.models import Event, Publication
from tests import factories
from tests.admin_forms import changelist_url, errors_of, form_data, save
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the conftest users' password


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def entries(*actions):
    """(action, username, record) of the entries with these actions, oldest first."""
    return [
        (entry.action, entry.username, entry.object_repr)
        for entry in AuditEntry.objects.filter(action__in=actions).order_by("pk")
    ]


# Publish and unpublish ---------------------------------------------------------------


def test_the_publish_action_in_admin_writes_one_entry(editor_client, sourced_draft):
    editor_client.post(
        changelist_url(Event),
        {"action": "publish_selected", "_selected_action": [sourced_draft.pk]},
    )
    assert entries("publish", "unpublish") == [("publish", "eve", "Witkoff speaks")]
    entry = AuditEntry.objects.get(action="publish")
    assert entry.user.username == "eve"
    assert entry.content_type.model == "event"
    assert entry.object_id == str(sourced_draft.pk)
    assert entry.ip_address == "127.0.0.1"


def test_unpublishing_in_admin_writes_one_entry(editor_client, event):
    editor_client.post(
        changelist_url(Event),
        {"action": "unpublish_selected", "_selected_action": [event.pk]},
    )
    assert entries("publish", "unpublish") == [
        ("unpublish", "eve", "Tokayev meets Rubio")
    ]


def test_saving_the_admin_form_as_published_writes_one_entry(
    editor_client, sourced_draft
):
    response = save(editor_client, sourced_draft, publication_status="published")
    assert response.status_code == 302, errors_of(response)
    assert entries("publish", "unpublish") == [("publish", "eve", "Witkoff speaks")]


def test_saving_without_changing_the_state_writes_no_entry(editor_client, event):
    factories.cite(event)
    response = save(editor_client, event, summary="Changed")
    assert response.status_code == 302, errors_of(response)
    assert entries("publish", "unpublish") == []


def test_publishing_an_already_published_record_writes_no_entry(editor, event):
    factories.cite(event)
    workflow.publish(record=event, user=editor)
    assert entries("publish") == []


def test_publishing_and_unpublishing_through_the_api_write_one_entry_each(
    editor, sourced_draft
):
    client = token_client(editor)
    url = f"/api/v1/events/{sourced_draft.slug}/"
    published = client.patch(
        url,
        {"publication_status": "published", "version": sourced_draft.version},
        format="json",
    )
    assert published.status_code == 200, published.content
    client.patch(
        url,
        {"publication_status": "draft", "version": published.json()["version"]},
        format="json",
    )
    assert entries("publish", "unpublish") == [
        ("publish", "eve", "Witkoff speaks"),
        ("unpublish", "eve", "Witkoff speaks"),
    ]


def test_a_script_publishing_is_logged_without_a_user(sourced_draft):
    workflow.publish(record=sourced_draft)
    entry = AuditEntry.objects.get(action="publish")
    assert (entry.user, entry.username, entry.ip_address) == (None, "", None)


# Delete ------------------------------------------------------------------------------


def test_deleting_in_admin_writes_one_entry(editor_client, sourced_draft):
    url = reverse("admin:events_event_delete", args=[sourced_draft.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert entries("delete") == [("delete", "eve", "Witkoff speaks")]
    assert AuditEntry.objects.get(action="delete").object_id == str(sourced_draft.pk)


def test_deleting_through_the_api_writes_one_entry(editor, sourced_draft):
    response = token_client(editor).delete(f"/api/v1/events/{sourced_draft.slug}/")
    assert response.status_code == 204
    assert entries("delete") == [("delete", "eve", "Witkoff speaks")]


def test_deleting_a_record_that_is_not_publishable_writes_no_entry(editor_client):
    publication = factories.PublicationFactory()
    response = editor_client.post(
        reverse("admin:events_publication_delete", args=[publication.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert not Publication.objects.exists()
    assert entries("delete") == []


# Login -------------------------------------------------------------------------------


def log_in(client, username, password=PASSWORD):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.1",
    )


def test_a_login_writes_one_entry(client, editor):
    assert log_in(client, "eve").status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.username) == ("login", editor, "eve")
    assert entry.ip_address == "10.0.0.1"


def test_a_failed_login_writes_one_entry_naming_the_account(client, editor):
    assert log_in(client, "eve", "wrong-password").status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.username) == ("login_failed", None, "eve")
    assert entry.ip_address == "10.0.0.1"


def test_a_failed_login_does_not_keep_a_name_that_is_no_account(client, db):
    # What is typed as a name is sometimes a password in the wrong field.
    log_in(client, "hunter2-secret", "wrong-password")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username) == ("login_failed", "")
    assert "hunter2" not in entry.detail


# Revert and the record function ------------------------------------------------


def test_a_revert_in_admin_writes_one_entry_naming_the_version(editor_client, event):
    factories.cite(event)
    response = save(editor_client, event, summary="Changed")
    assert response.status_code == 302, errors_of(response)
    first = event.history.order_by("history_date").first()
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    response = editor_client.post(url, {**form_data(page), "_save": "Revert"})
    assert response.status_code == 302
    assert entries("revert") == [("revert", "eve", "Tokayev meets Rubio")]
    assert AuditEntry.objects.get(action="revert").detail.startswith("Reverted to")


def test_record_writes_an_entry_for_a_revert(editor, event):
    audit.record(
        action=AuditAction.REVERT, user=editor, obj=event, detail="to version 1"
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.object_repr, entry.detail) == (
        "revert",
        "eve",
        "Tokayev meets Rubio",
        "to version 1",
    )
    assert str(entry) == "Revert “Tokayev meets Rubio” by eve"


# The admin: read-only, filterable -----------------------------------------------


@pytest.mark.parametrize("view", ["add", "change", "delete"])
def test_nobody_adds_changes_or_deletes_an_entry_not_even_a_superuser(
    client, superuser, editor, view
):
    entry = audit.record(action=AuditAction.LOGIN, user=editor)
    args = [] if view == "add" else [entry.pk]
    client.force_login(superuser)
    url = reverse(f"admin:core_auditentry_{view}", args=args)
    if view == "change":
        page = client.get(url)
        assert page.status_code == 200  # shown read-only
        assert page.context["has_change_permission"] is False
        client.post(url, {"action": "publish", "username": "mallory"})
    else:
        assert client.post(url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.username) == ("login", "eve")


def test_the_audit_log_has_no_bulk_delete(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:core_auditentry_changelist"))
    assert "delete_selected" not in page.text


def test_the_audit_log_filters_by_action_and_searches_records(
    editor_client, editor, event, sourced_draft
):
    audit.record(action=AuditAction.PUBLISH, user=editor, obj=event)
    audit.record(action=AuditAction.DELETE, user=editor, obj=sourced_draft)
    url = reverse("admin:core_auditentry_changelist")
    page = editor_client.get(url, {"action": "delete"})
    assert page.status_code == 200
    shown = [entry.object_repr for entry in page.context["cl"].result_list]
    assert shown == ["Witkoff speaks"]
    found = editor_client.get(url, {"q": "Tokayev"})
    assert [e.action for e in found.context["cl"].result_list] == ["publish"]
