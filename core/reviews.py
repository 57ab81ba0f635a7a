"""The review queue: a draft submitted for an editor's review, and its comments.

- Anyone who may change a draft submits it (``submit_for_review``), with an
  optional comment; a record has at most one open request.
- An editor (``core.publish_records``) approves it, which publishes it through
  ``workflow.publish`` (nothing is published without a source: a refusal
  leaves the request open), or returns it to its author with a comment.
- Whoever submitted it may withdraw it; anyone who may change the record
  comments on an open request.

Each step is audited (``core.audit``); the admin's review panel
(``core/review_admin.py``) and the desk's "Awaiting review" call these.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import audit, text, workflow
from core.models import (
    AuditAction,
    Publishable,
    ReviewComment,
    ReviewRequest,
    ReviewStatus,
    can_see_drafts,
)

MAX_COMMENT = ReviewComment._meta.get_field("text").max_length


def reviewable_models(user) -> list[type[Publishable]]:
    """The kinds of publishable record whose reviews ``user`` may read."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and can_see_drafts(user, model)
    ]


def reviews_of(record):
    """Every request about ``record``, newest first, with its comments."""
    return ReviewRequest.objects.of(record).with_thread()


def may_change(user, record) -> bool:
    opts = record._meta
    return (
        user is not None
        and user.is_active
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def check_may_change(user, record) -> None:
    if not may_change(user, record):
        raise PermissionDenied(
            _(
                "You may not change this %(name)s, so you cannot take part in its "
                "review."
            )
            % {"name": record._meta.verbose_name}
        )


def clean_comment(value: str, *, required: bool) -> str:
    """The comment as stored, or a refusal that says what to fix."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        if required:
            raise ValidationError(
                _("Write a comment: say what the author should change."),
                code="required",
            )
        return ""
    if len(value) > MAX_COMMENT:
        raise ValidationError(
            ngettext(
                "Keep the comment to %(limit)s characters (it has %(count)s).",
                "Keep the comment to %(limit)s characters (it has %(count)s).",
                len(value),
            )
            % {"limit": MAX_COMMENT, "count": len(value)},
            code="max_length",
        )
    text.check_text(value, single_line=False, required=True)
    return value


# Why there is no open request to act on, per action (a sentence each, so
# that each reads naturally once translated).
_NOT_OPEN = {
    "return": gettext_lazy(
        "“%(record)s” is not awaiting review, so there is nothing to return."
    ),
    "approve": gettext_lazy(
        "“%(record)s” is not awaiting review, so there is nothing to approve."
    ),
    "withdraw": gettext_lazy(
        "“%(record)s” is not awaiting review, so there is nothing to withdraw."
    ),
    "comment on": gettext_lazy(
        "“%(record)s” is not awaiting review, so there is nothing to comment on."
    ),
}


def _open_request(record, *, action: str) -> ReviewRequest:
    review = ReviewRequest.objects.of(record).open().select_for_update().first()
    if review is None:
        raise ValidationError(
            _NOT_OPEN[action] % {"record": record},
            code="not_open",
        )
    return review


def _comment(review, user, comment: str) -> ReviewComment | None:
    if not comment:
        return None
    return ReviewComment.objects.create(review=review, author=user, text=comment)


# What each decision leaves a closed request as.
_CLOSED_AS = {
    AuditAction.RETURN: ReviewStatus.RETURNED,
    AuditAction.APPROVE: ReviewStatus.APPROVED,
    AuditAction.WITHDRAW: ReviewStatus.WITHDRAWN,
}


def _close(review, action: AuditAction, record, user, comment: str) -> ReviewRequest:
    """Close ``review`` after ``action``, keep the comment and log the action."""
    review.status = _CLOSED_AS[action]
    review.closed_by = user
    review.closed_at = timezone.now()
    review.save(update_fields=["status", "closed_by", "closed_at"])
    _comment(review, user, comment)
    audit.record(action=action, user=user, obj=record, detail=comment)
    return review


@transaction.atomic
def submit_for_review(*, record: Publishable, user, comment: str = "") -> ReviewRequest:
    """Ask an editor to review the draft ``record``."""
    check_may_change(user, record)
    if record.is_published:
        raise ValidationError(
            _("“%(record)s” is already published: only drafts go to review.")
            % {"record": record},
            code="published",
        )
    comment = clean_comment(comment, required=False)
    already = _(
        "“%(record)s” is already awaiting review: add a comment to its request instead."
    ) % {"record": record}
    if ReviewRequest.objects.of(record).open().exists():
        raise ValidationError(already, code="open")
    try:
        with transaction.atomic():
            review = ReviewRequest.objects.create(record=record, submitted_by=user)
    except IntegrityError:  # submitted at the same moment by someone else
        raise ValidationError(already, code="open") from None
    _comment(review, user, comment)
    audit.record(action=AuditAction.SUBMIT, user=user, obj=record, detail=comment)
    return review


@transaction.atomic
def return_for_changes(*, record: Publishable, user, comment: str) -> ReviewRequest:
    """Send the draft back to its author, saying what to change."""
    workflow.check_may_publish(user)
    check_may_change(user, record)
    comment = clean_comment(comment, required=True)
    review = _open_request(record, action="return")
    return _close(review, AuditAction.RETURN, record, user, comment)


@transaction.atomic
def approve(*, record: Publishable, user, comment: str = "") -> ReviewRequest:
    """Publish the draft and close its request; a refused publication (no
    source) changes nothing and its message says what to fix."""
    workflow.check_may_publish(user)
    check_may_change(user, record)
    comment = clean_comment(comment, required=False)
    review = _open_request(record, action="approve")
    workflow.publish(record=record, user=user)
    return _close(review, AuditAction.APPROVE, record, user, comment)


@transaction.atomic
def withdraw(*, record: Publishable, user, comment: str = "") -> ReviewRequest:
    """The submitter takes the draft back out of the queue."""
    comment = clean_comment(comment, required=False)
    review = _open_request(record, action="withdraw")
    if user is None or review.submitted_by_id != user.pk:
        raise PermissionDenied(
            _("Only whoever submitted a draft for review may withdraw it.")
        )
    return _close(review, AuditAction.WITHDRAW, record, user, comment)


@transaction.atomic
def add_comment(*, record: Publishable, user, comment: str) -> ReviewComment:
    """A comment on the record's open request."""
    check_may_change(user, record)
    comment = clean_comment(comment, required=True)
    review = _open_request(record, action="comment on")
    return _comment(review, user, comment)


@receiver(post_delete, dispatch_uid="reviews:delete")
def _deleted(sender, instance, **kwargs):
    # The audit log keeps the delete; a review of a record that is gone has
    # nothing left to decide.
    if isinstance(instance, Publishable):
        ReviewRequest.objects.of(instance).delete()
