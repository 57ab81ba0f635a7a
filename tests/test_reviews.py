"""The review queue (core/reviews.py): a Contributor submits a draft, an Editor
finds it on the desk, returns it with a comment or approves it (which
publishes it); every step is on the record's page, in its "Review" panel."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import reviews
from core.models import AuditEntry, ReviewComment, ReviewRequest, ReviewStatus
from countries.models import StatusChange
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(country):
    return factories.EventFactory(
        draft=True, title="Witkoff speaks", slug="witkoff-speaks", countries=[country]
    )


@pytest.fixture
def sourced_draft(draft):
    factories.cite(draft)
    return draft


def review_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[record.pk])


def step(client, record, action: str, comment: str = ""):
    """Press one of the panel's buttons; the page it comes back to."""
    return client.post(
        review_url(record), {"review_action": action, "comment": comment}, follow=True
    )


def messages_of(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def queue(client) -> list:
    page = client.get(reverse("admin:index"))
    [section] = [s for s in page.context["desk"] if s.key == "review"]
    return section.items


def panel_of(page) -> str:
    text = page.content.decode()
    return text[text.index('id="review"') :]


# The whole round ----------------------------------------------------------------


def test_a_draft_goes_from_contributor_to_editor_and_back_until_it_is_published(
    client, contributor, editor, sourced_draft
):
    client.force_login(contributor)
    page = step(client, sourced_draft, "submit", "Ready, I think.")
    assert messages_of(page) == [
        "“Witkoff speaks” is submitted for review: an editor will publish it or "
        "return it to you with a comment."
    ]
    assert page.redirect_chain[-1][0] == change_url(sourced_draft) + "#review"
    assert "Awaiting review since" in panel_of(page)
    # Said at the top of the page too, linking down to the panel.
    top = page.text.split('id="publication-state"')[1].split("</p>")[0]
    assert '<a href="#review">Awaiting review</a> since' in top

    # The editor finds it on the desk: who sent it, when, what they said.
    client.force_login(editor)
    [item] = queue(client)
    assert (str(item.record), item.who, item.comment) == (
        "Witkoff speaks",
        "Carol",
        "Carol: Ready, I think.",
    )
    assert item.url == change_url(sourced_draft) + "#review"
    page = client.get(change_url(sourced_draft))
    assert 'id="review-approve-form"' in page.text
    assert 'id="review-return-form"' in page.text

    page = step(client, sourced_draft, "return", "Add the date of the speech.")
    assert messages_of(page) == [
        "“Witkoff speaks” is returned to its author with your comment."
    ]
    assert queue(client) == []

    # The contributor reads why, and submits it again.
    client.force_login(contributor)
    page = client.get(change_url(sourced_draft))
    panel = panel_of(page)
    assert "Returned to the author by Eve" in panel
    assert "Add the date of the speech." in panel
    assert 'id="review-submit-form"' in panel
    step(client, sourced_draft, "submit", "Date added.")

    client.force_login(editor)
    assert [item.comment for item in queue(client)] == ["Carol: Date added."]
    page = step(client, sourced_draft, "approve", "Thanks.")
    assert messages_of(page) == [
        "Approved and published “Witkoff speaks”: readers see it."
    ]
    sourced_draft.refresh_from_db()
    assert sourced_draft.is_published
    assert queue(client) == []
    latest, first = ReviewRequest.objects.of(sourced_draft)
    assert (latest.status, latest.closed_by, first.status) == (
        ReviewStatus.APPROVED,
        editor,
        ReviewStatus.RETURNED,
    )
    assert latest.closed_at is not None
    assert [c.text for c in latest.comments.all()] == ["Date added.", "Thanks."]
    log = AuditEntry.objects.filter(object_id=str(sourced_draft.pk)).order_by("pk")
    assert [(e.action, e.username) for e in log] == [
        ("submit", "carol"),
        ("return", "eve"),
        ("submit", "carol"),
        ("publish", "eve"),
        ("approve", "eve"),
    ]
    assert log[1].detail == "Add the date of the speech."


# Refusals -----------------------------------------------------------------------


def test_approving_a_draft_without_a_source_is_refused_and_stays_in_the_queue(
    editor_client, contributor, draft
):
    reviews.submit_for_review(record=draft, user=contributor)
    page = step(editor_client, draft, "approve", "Fine.")
    [message] = messages_of(page)
    assert message.startswith(
        "Add at least one source before publishing this event: nothing is "
        "published without one."
    )
    assert f'<a href="{change_url(draft)}#sources">' in message
    draft.refresh_from_db()
    assert not draft.is_published
    [review] = ReviewRequest.objects.of(draft)
    assert review.is_open
    assert not review.comments.exists()
    assert [str(item.record) for item in queue(editor_client)] == ["Witkoff speaks"]


def test_a_contributor_cannot_approve_nor_return_a_draft(
    contributor_client, contributor, sourced_draft
):
    reviews.submit_for_review(record=sourced_draft, user=contributor)
    page = contributor_client.get(change_url(sourced_draft))
    panel = panel_of(page)
    assert "review-approve-form" not in panel
    assert "review-return-form" not in panel
    assert 'id="review-comment-form"' in panel
    assert 'id="review-withdraw-form"' in panel
    for action in ("approve", "return"):
        response = contributor_client.post(
            review_url(sourced_draft), {"review_action": action, "comment": "Me."}
        )
        assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        reviews.approve(record=sourced_draft, user=contributor)
    sourced_draft.refresh_from_db()
    assert not sourced_draft.is_published
    assert ReviewRequest.objects.of(sourced_draft).get().is_open


def test_a_record_has_at_most_one_open_review_request(editor, contributor, draft):
    reviews.submit_for_review(record=draft, user=contributor)
    with pytest.raises(ValidationError, match="already awaiting review"):
        reviews.submit_for_review(record=draft, user=editor)
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.create(record=draft, submitted_by=editor)
    # Once closed, the record may be submitted again.
    reviews.return_for_changes(record=draft, user=editor, comment="Not yet.")
    reviews.submit_for_review(record=draft, user=contributor)
    assert list(ReviewRequest.objects.of(draft).values_list("status", flat=True)) == [
        "open",
        "returned",
    ]


def test_submitting_twice_in_admin_says_it_is_already_awaiting_review(
    contributor_client, contributor, draft
):
    step(contributor_client, draft, "submit")
    page = step(contributor_client, draft, "submit")
    assert messages_of(page) == [
        "“Witkoff speaks” is already awaiting review: add a comment to its "
        "request instead."
    ]
    assert ReviewRequest.objects.of(draft).count() == 1


def test_a_published_record_is_not_submitted_for_review(contributor, event):
    with pytest.raises(ValidationError, match="already published"):
        reviews.submit_for_review(record=event, user=contributor)


def test_returning_a_draft_needs_a_comment(editor_client, contributor, draft):
    reviews.submit_for_review(record=draft, user=contributor)
    page = step(editor_client, draft, "return", "   ")
    assert messages_of(page) == ["Write a comment: say what the author should change."]
    assert ReviewRequest.objects.of(draft).get().is_open


def test_a_comment_with_a_control_character_is_refused_with_what_to_fix(
    contributor_client, contributor, draft
):
    reviews.submit_for_review(record=draft, user=contributor)
    page = step(contributor_client, draft, "comment", "Pasted\x0btext")
    [message] = messages_of(page)
    assert message.startswith("Contains an invisible control character (U+000B")
    assert not ReviewComment.objects.exists()
    comment = ReviewComment(
        review=ReviewRequest.objects.get(), author=contributor, text="\u200b "
    )
    with pytest.raises(ValidationError, match="only spaces and invisible"):
        comment.full_clean()


def test_an_empty_comment_is_refused_by_the_database_too(contributor, draft):
    review = reviews.submit_for_review(record=draft, user=contributor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewComment.objects.create(review=review, author=contributor, text="")


def test_a_comment_longer_than_the_limit_is_refused(contributor, draft):
    reviews.submit_for_review(record=draft, user=contributor)
    with pytest.raises(ValidationError, match="Keep the comment to 5000 characters"):
        reviews.add_comment(record=draft, user=contributor, comment="x" * 5001)


def test_a_comment_needs_an_open_request(contributor_client, draft):
    page = step(contributor_client, draft, "comment", "Hello?")
    assert messages_of(page) == [
        "“Witkoff speaks” is not awaiting review, so there is nothing to comment on."
    ]


def test_only_the_submitter_withdraws_a_request(
    editor_client, editor, contributor, draft
):
    reviews.submit_for_review(record=draft, user=contributor)
    assert "review-withdraw-form" not in panel_of(editor_client.get(change_url(draft)))
    with pytest.raises(PermissionDenied):
        reviews.withdraw(record=draft, user=editor)
    reviews.withdraw(record=draft, user=contributor)
    review = ReviewRequest.objects.of(draft).get()
    assert (review.status, review.closed_by) == (ReviewStatus.WITHDRAWN, contributor)
    assert queue(editor_client) == []


def test_someone_who_may_not_change_the_record_cannot_submit_it(
    client, staff_user, draft
):
    from tests.conftest import grant

    grant(staff_user, "view_event")
    client.force_login(staff_user)
    page = client.get(change_url(draft))
    assert "review-submit-form" not in panel_of(page)
    response = client.post(review_url(draft), {"review_action": "submit"})
    assert response.status_code == 403
    assert not ReviewRequest.objects.exists()


def test_an_unknown_step_is_a_400_and_a_get_a_405(editor_client, draft):
    response = editor_client.post(review_url(draft), {"review_action": "delete"})
    assert response.status_code == 400
    assert editor_client.get(review_url(draft)).status_code == 405
    missing = reverse("admin:events_event_review", args=[draft.pk + 1000])
    assert editor_client.post(missing, {"review_action": "submit"}).status_code == 404


# Showing comments ---------------------------------------------------------------


def test_comments_are_escaped_on_the_record_page_and_on_the_desk(
    editor_client, contributor, draft
):
    reviews.submit_for_review(
        record=draft, user=contributor, comment='<script>alert("x")</script>\nLine 2'
    )
    panel = panel_of(editor_client.get(change_url(draft)))
    assert "<script>alert" not in panel
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Line 2" in panel
    desk = editor_client.get(reverse("admin:index")).content.decode()
    assert "<script>alert" not in desk
    assert "Carol: &lt;script&gt;alert" in desk


# The desk and the list of requests ----------------------------------------------


def test_the_desk_says_when_nothing_is_awaiting_review(editor_client):
    page = editor_client.get(reverse("admin:index"))
    assert "Awaiting review (0)" in page.text
    assert "Nothing is awaiting review." in page.text


def test_the_desk_lists_the_longest_waiting_first_with_submitter_and_comment(
    editor_client, contributor, editor, draft
):
    change = factories.StatusChangeFactory(draft=True)
    reviews.submit_for_review(record=draft, user=contributor)
    reviews.submit_for_review(record=change, user=editor, comment="Check the date.")
    page = editor_client.get(reverse("admin:index"))
    items = queue(editor_client)
    assert [(str(i.record), i.kind, i.who, i.comment) for i in items] == [
        ("Witkoff speaks", "Event", "Carol", ""),
        (str(change), "Status change", "Eve", "Eve: Check the date."),
    ]
    assert "Awaiting review (2)" in page.text
    assert "No comment" in page.text


def test_the_desk_shows_only_reviews_of_records_the_user_may_view(
    client, staff_user, contributor, draft
):
    reviews.submit_for_review(record=draft, user=contributor)
    client.force_login(staff_user)
    assert queue(client) == []


@pytest.mark.parametrize("size", [1, 5])
def test_the_review_queue_costs_the_same_queries_whatever_its_length(
    admin_client, contributor, editor, size, django_assert_num_queries
):
    for model in (Event, StatusChange):
        ContentType.objects.get_for_model(model)  # cached, as in a running site
    for n in range(size):
        event = factories.EventFactory(draft=True, title=f"Draft {n}")
        reviews.submit_for_review(record=event, user=contributor, comment=f"{n}")
        reviews.add_comment(record=event, user=editor, comment="Seen.")
        change = factories.StatusChangeFactory(draft=True)
        reviews.submit_for_review(record=change, user=contributor)
    # The desk as tests/test_desk.py counts it (31), less the last editors of
    # the drafts (an import saved these), plus the requests' comments and one
    # query per kind of record under review.
    with django_assert_num_queries(33):
        page = admin_client.get(reverse("admin:index"))
    [section] = [s for s in page.context["desk"] if s.key == "review"]
    assert section.count == 2 * size


def test_the_list_of_review_requests_filters_by_status_and_is_read_only(
    editor_client, contributor, editor, draft
):
    other = factories.EventFactory(draft=True, title="Other draft")
    reviews.submit_for_review(record=draft, user=contributor)
    reviews.submit_for_review(record=other, user=contributor)
    reviews.return_for_changes(record=other, user=editor, comment="No.")
    url = changelist_url(ReviewRequest)
    page = editor_client.get(url + "?status__exact=open")
    assert page.status_code == 200
    assert [str(r.record) for r in page.context["cl"].result_list] == ["Witkoff speaks"]
    page = editor_client.get(url)
    assert f'<a href="{change_url(draft)}#review">Witkoff speaks</a>' in page.text
    assert "Eve: No." in page.text
    review = ReviewRequest.objects.of(draft).get()
    assert not page.context["has_add_permission"]
    detail = editor_client.get(change_url(review))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text


def test_deleting_a_record_deletes_its_review_requests(editor, contributor, draft):
    reviews.submit_for_review(record=draft, user=contributor, comment="Hi.")
    draft.delete()
    assert not ReviewRequest.objects.exists()
    assert not ReviewComment.objects.exists()
