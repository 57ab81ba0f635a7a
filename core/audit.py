"""The audit log: who published, unpublished, reverted, deleted or merged which
record, and who logged in or failed to. Entries are written here only, and never
edited (the admin shows them read-only).

Publish and unpublish are recorded by ``core.workflow`` (every way of editing
goes through it), a revert where the admin finishes one
(``EditorialAdmin.response_change``), deletes of any publishable
record by a ``post_delete`` receiver (admin, API and scripts alike), logins by
Django's auth signals, merges of duplicate publications where they are made
(``events.publications.merge_publications``). Where no request is passed, the
current one comes from django-simple-history's ``HistoryRequestMiddleware``.
"""

import ipaddress

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from django.dispatch import receiver
from rest_framework.throttling import BaseThrottle
from simple_history.models import HistoricalRecords

from core.models import AuditAction, AuditEntry, Publishable

Action = AuditAction


def current_request():
    """The request being answered, if any (set by HistoryRequestMiddleware)."""
    return getattr(HistoricalRecords.context, "request", None)


def record(*, action, user=None, obj=None, request=None, detail: str = "", username=""):
    """Write one audit entry. ``user`` defaults to the request's user;
    ``username`` names someone who has no account (a failed login)."""
    request = request if request is not None else current_request()
    if action == Action.LOGIN_FAILED:
        user = None  # whoever was tried, it is not the session's user
    elif user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    entry = AuditEntry(
        action=action,
        user=user,
        username=user.get_username() if user is not None else username[:150],
        ip_address=client_ip(request),
        detail=detail,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(type(obj))
        entry.object_id = str(obj.pk)[:64]
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


def client_ip(request) -> str | None:
    """The client's address, behind the proxy too (as throttling and django-axes
    count it: REST_FRAMEWORK's NUM_PROXIES)."""
    if request is None or not hasattr(request, "META"):
        return None
    address = BaseThrottle().get_ident(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


@receiver(post_delete, dispatch_uid="audit:delete")
def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Publishable):
        record(action=Action.DELETE, obj=instance)


@receiver(user_logged_in, dispatch_uid="audit:login")
def _logged_in(sender, request, user, **kwargs):
    record(action=Action.LOGIN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit:login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed name is kept only when it is an account's: a name that is not
    # is sometimes a password typed in the wrong field.
    typed = str(credentials.get("username", ""))
    User = get_user_model()
    known = User._default_manager.filter(**{User.USERNAME_FIELD: typed}).exists()
    record(
        action=Action.LOGIN_FAILED,
        request=request,
        username=typed if known else "",
        detail="" if known else "No account has the username typed.",
    )
