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

from django.db import models
from django.utils import timezone

from core import partial_dates


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        if user is not None and can_see_drafts(user, self.model):
            return self
        return self.published()


def can_see_drafts(user, model) -> bool:
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


@functools.cache
def partial_date_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Date columns stored with a ``<name>_precision`` sibling."""
    names = {field.name for field in model._meta.concrete_fields}
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if f"{field.name}_precision" in names
    )


def normalize_partial_dates(record: models.Model) -> None:
    partial_dates.normalize(record, *partial_date_fields(type(record)))


class Record(models.Model):
    """A stable identity and change tracking, for every editable record."""

    uuid = models.UUIDField(
        "UUID",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identifier used by the API; it never changes.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Optimistic locking: bumped on every save, compared on the next one.
    version = models.PositiveIntegerField(default=1)

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
        "publication",
        max_length=9,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Drafts are visible to editors only. Publish once every fact "
        "has a source.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set automatically the first time the record is published.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    def is_visible_to(self, user) -> bool:
        """Published, or a draft ``user`` may preview."""
        return self.is_published or can_see_drafts(user, type(self))

    def normalize(self) -> None:
        super().normalize()
        self.stamp_publication()

    def stamp_publication(self) -> None:
        """Set "published at" the first time the record is published."""
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()


class Ordered(models.Model):
    """Rows an editor puts in order by hand: by ``order``, then as added."""

    order = models.PositiveSmallIntegerField(default=0)

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
    ]


class AuditAction(models.TextChoices):
    PUBLISH = "publish", "Publish"
    UNPUBLISH = "unpublish", "Unpublish"
    REVERT = "revert", "Revert"
    DELETE = "delete", "Delete"
    LOGIN = "login", "Log in"
    LOGIN_FAILED = "login_failed", "Failed login"


class AuditEntry(models.Model):
    """One editorial or account event, written by ``core.audit.record`` only."""

    when = models.DateTimeField(default=timezone.now, db_index=True)
    # SET_NULL: the trail outlives the account; ``username`` keeps the name.
    user = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    username = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    # The record acted on; none for logins. SET_NULL: a deleted model's
    # entries stay, named by ``object_repr``.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    object_repr = models.CharField("record", max_length=200, blank=True, default="")
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    detail = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
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
