"""The bases of every editable record: identity, versions and publication.

``Record.save()`` puts a record in its stored form (``normalize()``: partial
dates at the first day of their period, plus what a model adds) and moves its
version on; ``Publishable`` adds the publication state, stamping "published at"
the first time a record is saved as published.

Only published records are shown to readers and anonymous API clients. A user
who may view a model in admin (its ``view_<model>`` permission) also sees its
drafts on the site and in the API, as a preview.
"""

import functools
import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import partial_dates, rich_text, text


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def public_q(prefix: str = "", *, now=None) -> models.Q:
    """What makes a record visible to readers now: published, its publish time
    (if any) come and its unpublish time (if any) not yet passed.

    ``prefix`` reaches the record across a relation (``"event__"``); ``now``
    stands for the time (``core.nested.NOW`` in SQL made once, run later).
    """
    now = timezone.now() if now is None else now
    return models.Q(
        models.Q(**{f"{prefix}publish_at__isnull": True})
        | models.Q(**{f"{prefix}publish_at__lte": now}),
        models.Q(**{f"{prefix}unpublish_at__isnull": True})
        | models.Q(**{f"{prefix}unpublish_at__gt": now}),
        **{f"{prefix}publication_status": PublicationStatus.PUBLISHED},
    )


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers see now (scheduled times apply before the command runs)."""
        return self.filter(public_q())

    def visible_to(self, user):
        if user is not None and can_see_drafts(user, self.model):
            return self
        return self.published()


def can_see_drafts(user, model) -> bool:
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


@functools.cache
def with_citations(model, path: str = "citations") -> models.Prefetch:
    """Prefetch ``path`` (the citations of ``model`` records) with their
    publications, in one query whatever their number."""
    citation = model._meta.get_field("citations").related_model
    return models.Prefetch(
        path, queryset=citation._default_manager.select_related("publication")
    )


@functools.cache
def partial_date_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Date columns stored with a ``<name>_precision`` sibling."""
    names = {field.name for field in model._meta.concrete_fields}
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if f"{field.name}_precision" in names
    )


def translated_fields(model) -> tuple[str, ...]:
    """The names of ``model``'s translated fields (core.translation), or of
    the model whose history it is; none for other models. In the database,
    ``name`` keeps only the language last saved: ``name_en``, ``name_he``…
    hold the text."""
    from modeltranslation.translator import NotRegistered, translator

    model = getattr(model, "instance_type", model)
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def field_label(field) -> str:
    """A field's verbose name; a translated field's English column
    (``name_en``) is the field as editors know it ("name"), the others say
    their language ("name [he]")."""
    original = getattr(field, "translated_field", None)
    if original is not None and getattr(field, "language", None) == "en":
        return str(original.verbose_name)
    return str(field.verbose_name)


def normalize_partial_dates(record: models.Model) -> None:
    partial_dates.normalize(record, *partial_date_fields(type(record)))


class Record(models.Model):
    """A stable identity and change tracking, for every editable record."""

    uuid = models.UUIDField(
        _("UUID"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable identifier used by the API; it never changes."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), auto_now=True, db_index=True
    )
    # Optimistic locking: bumped on every save, compared on the next one.
    version = models.PositiveIntegerField(verbose_name=_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize()
        # Every save, from admin, API or a script, makes earlier copies stale.
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        """Put the fields in their stored form; run by every save.

        A model with more to derive (a sort key, rendered HTML) extends it.
        """
        normalize_partial_dates(self)


class Publishable(Record):
    publication_status = models.CharField(
        _("publication"),
        max_length=9,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=_(
            "Drafts are visible to editors only. Publish once every fact has a source."
        ),
    )
    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        null=True,
        blank=True,
        help_text=_("Set automatically the first time the record is published."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Publish automatically at this time (UTC, shown in your time "
            "zone). A published record stays hidden from readers until then; a "
            "draft is published then if it has a source."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_(
            "Take the record off the site at this time (UTC, shown in your "
            "time zone): readers stop seeing it then and it goes back to draft."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        """The publication state, whatever the scheduled times say."""
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        """Visible to readers now: what ``published()`` selects, for one record."""
        now = timezone.now()
        return (
            self.is_published
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def is_visible_to(self, user) -> bool:
        """Public now, or a draft (or scheduled record) ``user`` may preview."""
        return self.is_public or can_see_drafts(user, type(self))

    def clean_fields(self, exclude=None):
        # The schedule is checked here rather than in clean(), which each
        # model overrides with its own rules.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        if not {"publish_at", "unpublish_at"} & skipped:
            problem = schedule_problem(self.publish_at, self.unpublish_at)
            if problem:
                errors.setdefault("unpublish_at", []).append(problem)
        if errors:
            raise ValidationError(errors)

    def normalize(self) -> None:
        super().normalize()
        self.stamp_publication()

    def stamp_publication(self) -> None:
        """Set "published at" the first time the record is published: when
        readers first see it (its publish time, if that is still to come)."""
        if not self.is_published:
            return
        now = timezone.now()
        if self.published_at is None or self.published_at > now:
            # Not seen by readers yet: a changed schedule moves it too.
            self.published_at = max(now, self.publish_at or now)


SCHEDULE_FIELDS = ("publish_at", "unpublish_at")
SCHEDULE_ORDER = "Set the unpublish time after the publish time, or clear one of them."


def schedule_problem(publish_at, unpublish_at) -> str:
    """The editor's message when the scheduled times are out of order."""
    if publish_at and unpublish_at and unpublish_at <= publish_at:
        return SCHEDULE_ORDER
    return ""


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    DISPUTED = "disputed", _("Disputed")


CONFIDENCE_NOTE_REQUIRED = (
    "Say what is reported or disputed, and by whom, when the confidence is "
    "not “Confirmed”."
)


def confidence_problem(confidence: str, note: str) -> str:
    """The editor's message when a reported or disputed fact has no note."""
    if confidence and confidence != Confidence.CONFIRMED and not note.strip():
        return CONFIDENCE_NOTE_REQUIRED
    return ""


class Attested(models.Model):
    """How sure the sources are of a fact; readers see any doubt as a label."""

    confidence = models.CharField(
        verbose_name=_("confidence"),
        max_length=9,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
        db_index=True,
        help_text=_(
            "Confirmed: the sources establish it. Reported: a source "
            "says so but it is not confirmed. Disputed: sources or the parties "
            "disagree. Readers see “Reported” and “Disputed” as a label."
        ),
    )
    confidence_note = models.TextField(
        verbose_name=_("confidence note"),
        blank=True,
        default="",
        help_text=_(
            "What is reported or disputed, and by whom (for example: "
            "“Reported by Axios, citing unnamed U.S. officials”). Required unless "
            "the fact is confirmed; shown to readers beside the label."
        ),
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Checked here rather than in clean(), which each model overrides.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        if not {"confidence", "confidence_note"} & skipped:
            problem = confidence_problem(self.confidence, self.confidence_note)
            if problem:
                errors.setdefault("confidence_note", []).append(problem)
        if errors:
            raise ValidationError(errors)


class Ordered(models.Model):
    """Rows an editor puts in order by hand: by ``order``, then as added."""

    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


def publication_constraints(model_name: str) -> list[models.CheckConstraint]:
    """What the database checks of every publishable model's publication."""
    return [
        models.CheckConstraint(
            condition=models.Q(publication_status__in=PublicationStatus.values),
            name=f"{model_name}_publication_status_valid",
        ),
        models.CheckConstraint(
            condition=models.Q(publication_status=PublicationStatus.DRAFT)
            | models.Q(published_at__isnull=False),
            name=f"{model_name}_published_has_timestamp",
        ),
        models.CheckConstraint(
            condition=models.Q(publish_at__isnull=True)
            | models.Q(unpublish_at__isnull=True)
            | models.Q(unpublish_at__gt=models.F("publish_at")),
            name=f"{model_name}_unpublish_after_publish",
            violation_error_message=SCHEDULE_ORDER,
        ),
    ]


def account_link(*, verbose_name, related_name: str) -> models.ForeignKey:
    """A link to the account that did something. SET_NULL: the trail (audit
    log, review thread) outlives the account; an empty link reads as deleted."""
    return models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=verbose_name,
        related_name=related_name,
    )


class AuditAction(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    UNPUBLISH = "unpublish", _("Unpublish")
    REVERT = "revert", _("Revert")
    DELETE = "delete", _("Delete")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    SUBMIT = "submit", _("Submit for review")
    RETURN = "return", _("Return for changes")
    APPROVE = "approve", _("Approve and publish")
    WITHDRAW = "withdraw", _("Withdraw from review")
    MERGE = "merge", _("Merge duplicates")


class AuditEntry(models.Model):
    """One editorial or account event, written by ``core.audit.record`` only."""

    when = models.DateTimeField(
        verbose_name=_("when"), default=timezone.now, db_index=True
    )
    user = account_link(
        verbose_name=_("user"), related_name="audit_entries"
    )  # ``username`` keeps the name
    username = models.CharField(
        verbose_name=_("username"), max_length=150, blank=True, default=""
    )
    action = models.CharField(
        verbose_name=_("action"), max_length=12, choices=AuditAction.choices
    )
    # The record acted on; none for logins. SET_NULL: a deleted model's
    # entries stay, named by ``object_repr``.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    object_id = models.CharField(
        verbose_name=_("object id"), max_length=64, blank=True, default=""
    )
    object_repr = models.CharField(_("record"), max_length=200, blank=True, default="")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.TextField(verbose_name=_("detail"), blank=True, default="")

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        permissions = [("publish_records", "Can publish and unpublish records")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values),
                name="auditentry_action_valid",
            ),
        ]

    def __str__(self):
        subject = f" “{self.object_repr}”" if self.object_repr else ""
        return f"{self.get_action_display()}{subject} by {self.username or 'nobody'}"


# The review queue (the rules are in core/reviews.py) ---------------------------


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Awaiting review")
    APPROVED = "approved", _("Approved (published)")
    RETURNED = "returned", _("Returned to the author")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReviewStatus.OPEN)

    def of(self, record):
        """The requests about ``record``, any kind of publishable record."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
        )

    def of_models(self, models_: list):
        """The requests about records of these kinds (in one query, with no
        look-up of their content types)."""
        condition = models.Q(pk__in=[])
        for model in models_:
            opts = model._meta
            condition |= models.Q(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
            )
        return self.filter(condition)

    def with_thread(self):
        """With who submitted and closed it, and its comments with authors."""
        return self.select_related(
            "content_type", "submitted_by", "closed_by"
        ).prefetch_related(
            models.Prefetch("comments", ReviewComment.objects.select_related("author"))
        )


class ReviewRequest(models.Model):
    """A draft submitted for an editor's review: open until it is approved
    (published), returned to its author or withdrawn by them."""

    # The record under review: any publishable record. CASCADE: a request is
    # about the content type's records, it goes with the type.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="review_requests",
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    submitted_by = account_link(
        verbose_name=_("submitted by"), related_name="review_requests"
    )
    submitted_at = models.DateTimeField(
        verbose_name=_("submitted at"), default=timezone.now, db_index=True
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=9,
        choices=ReviewStatus.choices,
        default=ReviewStatus.OPEN,
        db_index=True,
    )
    closed_by = account_link(
        verbose_name=_("closed by"), related_name="closed_review_requests"
    )
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "review request"
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="reviewrequest_record_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="open"),
                name="reviewrequest_one_open_per_record",
                violation_error_message=_("This record is already awaiting review."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values),
                name="reviewrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_at__isnull=False)),
                name="reviewrequest_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"Review of “{self.record}”: {self.get_status_display().lower()}"

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.OPEN

    @property
    def last_comment(self) -> "ReviewComment | None":
        comments = list(self.comments.all())  # prefetched by with_thread()
        return comments[-1] if comments else None


class ReviewComment(models.Model):
    """One comment in a review's thread, by its author or an editor."""

    review = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = account_link(verbose_name=_("author"), related_name="review_comments")
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    text = models.TextField(
        verbose_name=_("text"),
        max_length=5000,
        help_text=_("What the author should change, or what the reviewer should know."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""), name="reviewcomment_text_required"
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        text.check_text(self.text, single_line=False, required=True)


# Trust pages and the corrections log (shown by core/views.py) ------------------


class SitePageSlug(models.TextChoices):
    ABOUT = "about", _("About")
    METHODOLOGY = "methodology", _("Methodology")
    CORRECTIONS = "corrections", _("Corrections")
    CONTACT = "contact", _("Contact")


class SitePage(Record):
    """One of the site's fixed pages on how it works, written by the editors.

    Always public: there is no draft of a page readers rely on to judge the
    rest, so only Editors and Administrators may change one.
    """

    slug = models.CharField(
        verbose_name=_("slug"),
        max_length=11,
        choices=SitePageSlug.choices,
        unique=True,
        help_text=_("Which page this is; its address is fixed."),
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    body = models.TextField(
        verbose_name=_("body"),
        blank=True,
        default="",
        help_text=_(
            "The page, in Markdown: a blank line between paragraphs, "
            "## before a heading, - before a list item, [text](https://…) for a "
            "link. Images and HTML are removed. Readers see it as soon as you save."
        ),
    )
    body_html = models.TextField(
        verbose_name=_("body html"), blank=True, default="", editable=False
    )
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_(
            "The day an editor last checked that the page is still true. "
            "Readers see it under the title; leave empty to show nothing."
        ),
    )

    # history: core/translation.py

    class Meta:
        ordering = ["slug"]
        verbose_name = "site page"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slug__in=SitePageSlug.values),
                name="sitepage_slug_valid",
            ),
        ]

    def __str__(self):
        return self.title or self.get_slug_display()

    def get_absolute_url(self):
        return reverse(self.slug)

    def normalize(self) -> None:
        super().normalize()
        rich_text.render_bodies(self)


class CorrectionQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("content_type").order_by("-when", "-pk")


class Correction(models.Model):
    """A published fact that an editor corrected: what was wrong, in one line.

    Written by ``core.admin`` when an editor saves a published record with a
    correction note; readers see them all on the corrections page.
    """

    when = models.DateTimeField(
        verbose_name=_("when"), default=timezone.now, db_index=True
    )
    # The record corrected. SET_NULL: a deleted model's corrections stay,
    # named by ``object_repr``.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    object_id = models.CharField(verbose_name=_("object id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    url = models.CharField(
        _("public address"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("The record's page when it was corrected."),
    )
    note = models.CharField(verbose_name=_("note"), max_length=300)
    editor = account_link(verbose_name=_("editor"), related_name="corrections")

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(note=""), name="correction_note_required"
            ),
        ]

    def __str__(self):
        return f"{self.object_repr}: {self.note}"


def mark_public(corrections: list[Correction]) -> list[Correction]:
    """Set ``record_is_public`` on each: whether readers can still open the
    corrected record. One query per kind of record, whatever the number."""
    ids_by_model: dict[type[models.Model], set[str]] = {}
    for correction in corrections:
        model = correction.content_type and correction.content_type.model_class()
        if model is not None and issubclass(model, Publishable):
            ids_by_model.setdefault(model, set()).add(correction.object_id)
    public = {
        (model, str(pk))
        for model, ids in ids_by_model.items()
        for pk in model._default_manager.filter(
            public_q(), pk__in=[i for i in ids if i.isdigit()]
        ).values_list("pk", flat=True)
    }
    for correction in corrections:
        model = correction.content_type and correction.content_type.model_class()
        correction.record_is_public = bool(correction.url) and (
            (model, correction.object_id) in public
        )
    return corrections


def record_correction(*, record: Publishable, note: str, user) -> Correction:
    """Log that ``record``, published, was corrected: ``note`` says what was wrong."""
    try:
        url = record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = ""  # a kind of record without a page of its own
    return Correction.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=str(record.pk),
        object_repr=str(record)[:200],
        url=url,
        note=note.strip(),
        editor=user,
    )


class SearchEntry(models.Model):
    """What search finds a record by, as keys (see ``core.search``): one row
    per country, official and event, rebuilt whenever the record changes."""

    kind = models.CharField(
        verbose_name=_("kind"), max_length=50, help_text=_("The record's model label.")
    )
    record_id = models.PositiveBigIntegerField(verbose_name=_("record id"))
    name = models.TextField(verbose_name=_("name"), blank=True, default="")
    # Each other name between bars, "|uae|emirates|", so a whole one matches.
    aliases = models.TextField(verbose_name=_("aliases"), blank=True, default="")
    text = models.TextField(verbose_name=_("text"), blank=True, default="")

    class Meta:
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id"], name="searchentry_one_per_record"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}: {self.name}"
