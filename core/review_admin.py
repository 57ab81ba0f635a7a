"""The review queue in admin: the "Review" panel below each publishable
record's form (admin/accords/review.html), the view its buttons post to, and
the read-only list of review requests.

Imported by ``core/admin.py``, whose ``EditorialAdmin`` routes
``<record>/review/`` here and puts ``panel()`` in the change form's context.
The rules are ``core/reviews.py``'s.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import reviews, workflow
from core.audit_admin import ReadOnlyAdmin
from core.models import ReviewComment, ReviewRequest


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def review_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[record.pk])


def panel(request, record) -> dict:
    """What the panel shows ``request.user`` of ``record``'s review."""
    requests = list(reviews.reviews_of(record))
    current = next((review for review in requests if review.is_open), None)
    user = request.user
    may_change = reviews.may_change(user, record)
    return {
        "url": review_url(record),
        "current": current,
        "latest": requests[0] if requests else None,
        "requests": requests,
        "max_comment": reviews.MAX_COMMENT,
        "may_submit": may_change and current is None and not record.is_published,
        "may_decide": current is not None and may_change and workflow.may_publish(user),
        "may_withdraw": current is not None and current.submitted_by_id == user.pk,
        "may_comment": current is not None and may_change,
    }


# What each button does, and what the message says when it is done.
STEPS = {
    "submit": (
        reviews.submit_for_review,
        _(
            "“{record}” is submitted for review: an editor will publish it or "
            "return it to you with a comment."
        ),
    ),
    "approve": (
        reviews.approve,
        _("Approved and published “{record}”: readers see it."),
    ),
    "return": (
        reviews.return_for_changes,
        _("“{record}” is returned to its author with your comment."),
    ),
    "withdraw": (
        reviews.withdraw,
        _("You withdrew “{record}” from review: it stays a draft."),
    ),
    "comment": (reviews.add_comment, _("Your comment on “{record}” is added.")),
}


def review_view(model_admin, request, object_id):
    """One step of a record's review, posted by a button of the panel."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = model_admin.get_object(request, unquote(object_id))
    if record is None:
        raise Http404("No such record.")
    if not model_admin.has_view_permission(request, record):
        raise PermissionDenied
    step = STEPS.get(request.POST.get("review_action", ""))
    if step is None:
        return HttpResponseBadRequest(
            "Unknown review step: submit, approve, return, withdraw or comment."
        )
    act, done = step
    try:
        act(record=record, user=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as error:
        refusal = " ".join(error.messages)
        if act is reviews.approve and workflow.publication_problems(record):
            # The fix is on the record's page: its sources (change_form.html).
            refusal = format_html(
                _('{refusal} <a href="{url}#sources">Add a source to “{record}”</a>.'),
                refusal=refusal,
                url=change_url(record),
                record=record,
            )
        messages.error(request, refusal)
    else:
        messages.success(request, done.format(record=record))
    return redirect(change_url(record) + "#review")


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin):
    """Every review request, read-only: each is acted on from its record's page."""

    fields = [
        "record_shown",
        "record_type",
        "status",
        "submitted_by",
        "submitted_at",
        "closed_by",
        "closed_at",
    ]
    readonly_fields = fields
    list_display = [*fields, "last_comment_shown"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    inlines = [ReviewCommentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .of_models(reviews.reviewable_models(request.user))
            .with_thread()
            .prefetch_related("record")
        )

    @admin.display(description=_("record"))
    def record_shown(self, review):
        if review.record is None:
            return _("(deleted)")
        return format_html(
            '<a href="{}#review">{}</a>', change_url(review.record), review.record
        )

    @admin.display(description=_("type"), ordering="content_type")
    def record_type(self, review):
        return review.content_type.name

    @admin.display(description=_("last comment"))
    def last_comment_shown(self, review):
        comment = review.last_comment
        if comment is None:
            return ""
        text = comment.text if len(comment.text) <= 80 else comment.text[:79] + "…"
        return f"{workflow.editor_name(comment.author)}: {text}"

    # Whoever may preview some kind of record reads the reviews of that kind
    # (get_queryset); requests change only through the review panel.
    def has_view_permission(self, request, obj=None):
        return bool(reviews.reviewable_models(request.user))

    def has_module_permission(self, request):
        return self.has_view_permission(request)
