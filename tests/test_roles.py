"""The three roles (core/editors.py): Contributors write drafts, Editors also
publish, unpublish and delete, Administrators also manage accounts. Publishing
is refused to a Contributor everywhere: admin buttons and forms, API, workflow."""

import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from core import workflow
from core.editors import ADMINISTRATORS, CONTRIBUTORS, EDITORS
from core.models import AuditEntry, PublicationStatus
from events.models import Event
from tests.admin_forms import (
    NEW_EVENT,
    add,
    change_url,
    changelist_url,
    errors_of,
    save,
)
from tests.conftest import patch_event, token_client
from tests.test_history import revert

pytestmark = pytest.mark.django_db

DOMAIN = {
    "countries": "country statuschange diplomaticrelation mission "
    "official othername office position",
    "events": "event participant publication citation photo",
}


def domain(*actions):
    return {
        (app, f"{action}_{model}")
        for app, models in DOMAIN.items()
        for model in models.split()
        for action in actions
    }


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


# The groups' exact permissions ---------------------------------------------------


def test_contributors_add_change_and_view_the_domain_records_and_nothing_else():
    assert permissions_of(CONTRIBUTORS) == domain("add", "change", "view")


def test_editors_also_delete_publish_and_read_the_audit_log():
    assert permissions_of(EDITORS) == domain("add", "change", "delete", "view") | {
        ("core", "publish_records"),
        ("core", "view_auditentry"),
        ("core", "view_sitepage"),
        ("core", "change_sitepage"),
        ("core", "view_correction"),
    }


def test_administrators_also_manage_users_and_groups():
    assert permissions_of(ADMINISTRATORS) == permissions_of(EDITORS) | {
        ("core", "delete_correction")
    } | {
        ("auth", f"{action}_{model}")
        for model in ("user", "group")
        for action in ("add", "change", "delete", "view")
    } | {("auth", "view_permission")}


def test_no_role_may_add_change_or_delete_audit_entries():
    for group_name in (CONTRIBUTORS, EDITORS, ADMINISTRATORS):
        codenames = {codename for _, codename in permissions_of(group_name)}
        assert not codenames & {
            "add_auditentry",
            "change_auditentry",
            "delete_auditentry",
        }


# Contributors in admin -----------------------------------------------------------


def test_a_contributor_saves_a_new_event_as_a_draft(contributor_client, country):
    response = add(contributor_client, Event, **NEW_EVENT)
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get(slug="kazakhstan-joins-the-abraham-accords")
    assert event.publication_status == PublicationStatus.DRAFT


def test_a_contributor_sees_no_publish_buttons_and_a_read_only_status(
    contributor_client, sourced_draft
):
    page = contributor_client.get(change_url(sourced_draft))
    assert page.status_code == 200
    assert 'name="CHANGE_FORM-action"' not in page.text
    assert "publication_status" not in page.context["adminform"].form.fields
    changelist = contributor_client.get(changelist_url(Event))
    assert "publish_selected" not in changelist.text


def test_a_contributor_cannot_publish_by_posting_the_action_or_the_field(
    contributor_client, sourced_draft
):
    contributor_client.post(
        changelist_url(Event),
        {"action": "publish_selected", "_selected_action": [sourced_draft.pk]},
    )
    response = save(
        contributor_client, sourced_draft, publication_status="published", summary="Hi"
    )
    assert response.status_code == 302, errors_of(response)
    sourced_draft.refresh_from_db()
    assert sourced_draft.summary == "Hi"
    assert sourced_draft.publication_status == PublicationStatus.DRAFT
    assert not AuditEntry.objects.filter(action="publish").exists()


def test_a_contributor_cannot_delete_a_record_in_admin(contributor_client, event):
    url = reverse("admin:events_event_delete", args=[event.pk])
    assert contributor_client.post(url, {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_editor_publishes_with_the_action(editor_client, sourced_draft):
    editor_client.post(
        changelist_url(Event),
        {"action": "publish_selected", "_selected_action": [sourced_draft.pk]},
    )
    sourced_draft.refresh_from_db()
    assert sourced_draft.is_published


# The workflow and the API ----------------------------------------------------------


def test_the_workflow_refuses_a_contributor_and_says_who_may_publish(
    contributor, sourced_draft, event
):
    with pytest.raises(PermissionDenied, match="Only editors publish and unpublish"):
        workflow.publish(record=sourced_draft, user=contributor)
    with pytest.raises(PermissionDenied):
        workflow.unpublish(record=event, user=contributor)
    sourced_draft.refresh_from_db()
    event.refresh_from_db()
    assert not sourced_draft.is_published and event.is_published


def test_a_script_with_no_user_may_still_publish(sourced_draft):
    workflow.publish(record=sourced_draft)
    assert sourced_draft.is_published


def test_a_contributor_adds_a_draft_through_the_api(contributor, country):
    response = token_client(contributor).post(
        "/api/v1/events/",
        {
            "title": "Kazakhstan joins",
            "kind": "announcement",
            "date": "2025-11",
            "countries": ["KZ"],
            "summary": "Announced at the White House.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["publication_status"] == "draft"


def test_a_contributor_publishing_through_the_api_is_a_403(contributor, sourced_draft):
    response = patch_event(
        token_client(contributor), sourced_draft, publication_status="published"
    )
    assert response.status_code == 403
    assert "Only editors publish and unpublish" in response.json()["detail"]
    sourced_draft.refresh_from_db()
    assert not sourced_draft.is_published


def test_a_contributor_unpublishing_or_deleting_through_the_api_is_a_403(
    contributor, event
):
    client = token_client(contributor)
    response = client.patch(
        f"/api/v1/events/{event.slug}/",
        {"publication_status": "draft", "version": event.version},
        format="json",
    )
    assert response.status_code == 403
    assert client.delete(f"/api/v1/events/{event.slug}/").status_code == 403
    event.refresh_from_db()
    assert event.is_published


def test_a_contributor_may_send_the_unchanged_status_with_an_edit(contributor, event):
    response = token_client(contributor).patch(
        f"/api/v1/events/{event.slug}/",
        {"publication_status": "published", "summary": "New", "version": event.version},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_an_editor_publishes_through_the_api(editor, sourced_draft):
    response = token_client(editor).patch(
        f"/api/v1/events/{sourced_draft.slug}/",
        {"publication_status": "published", "version": sourced_draft.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    sourced_draft.refresh_from_db()
    assert sourced_draft.is_published


# Accounts and the audit log ---------------------------------------------------------


def test_only_administrators_manage_users(client, user_with_role, editor):
    admin_user = user_with_role("ada", ADMINISTRATORS)
    client.force_login(admin_user)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_the_audit_log_is_for_editors_and_administrators_not_contributors(
    client, contributor, editor
):
    url = reverse("admin:core_auditentry_changelist")
    client.force_login(contributor)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


# manage.py add_editor --role --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group_name"),
    [
        ("contributor", CONTRIBUTORS),
        ("editor", EDITORS),
        ("administrator", ADMINISTRATORS),
    ],
)
def test_add_editor_gives_the_role_asked_for(django_user_model, role, group_name):
    user = django_user_model.objects.create_user("sam", password="x-long-password")
    out = io.StringIO()
    call_command("add_editor", "sam", "--role", role, stdout=out)
    assert list(user.groups.values_list("name", flat=True)) == [group_name]
    assert f"is {'an' if role[0] in 'ae' else 'a'} {role}." in out.getvalue()


def test_add_editor_moves_a_user_from_one_role_to_another(django_user_model):
    user = django_user_model.objects.create_user("sam", password="x-long-password")
    call_command("add_editor", "sam", "--role", "editor", stdout=io.StringIO())
    call_command("add_editor", "sam", "--role", "contributor", stdout=io.StringIO())
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]


def test_add_editor_refuses_an_unknown_role(django_user_model):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="invalid choice"):
        call_command("add_editor", "sam", "--role", "owner", stdout=io.StringIO())


def position_fields(client, official) -> set[str]:
    page = client.get(change_url(official))
    assert page.status_code == 200
    positions = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model.__name__ == "Position"
    )
    return set(positions.empty_form.fields)


def test_a_contributor_cannot_publish_rows_of_an_inline_either(
    client, contributor, editor, official
):
    client.force_login(editor)
    assert "publication_status" in position_fields(client, official)
    client.force_login(contributor)
    assert "publication_status" not in position_fields(client, official)


@pytest.fixture
def edited_since(db):
    """Changes a record's summary, saving a version after its first."""

    def edit(record):
        record.summary = "Edited since."
        record.save()
        return record.history.get(version=record.version - 1)

    return edit


def test_a_contributor_cannot_revert_a_published_record(
    contributor_client, event, edited_since
):
    first = edited_since(event)

    response = revert(contributor_client, event, first)

    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Only editors revert a published record" in n for n in notes), notes
    event.refresh_from_db()
    assert (event.summary, event.is_published) == ("Edited since.", True)
    assert not AuditEntry.objects.filter(action="revert").exists()


def test_a_contributor_reverts_a_draft(contributor_client, sourced_draft, edited_since):
    first = edited_since(sourced_draft)
    summary = first.summary

    response = revert(contributor_client, sourced_draft, first)

    assert response.status_code == 302
    sourced_draft.refresh_from_db()
    assert (sourced_draft.summary, sourced_draft.is_published) == (summary, False)
