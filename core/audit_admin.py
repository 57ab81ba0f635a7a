"""The audit log in admin: read-only for everyone, superusers included.

Imported by ``core/admin.py``; who may see it is the ``core.view_auditentry``
permission (Editors and Administrators, ``core/editors.py``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin whose records nobody adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    # The log is a record of what happened: nobody adds, changes or deletes.
    list_display = [
        "when",
        "action",
        "username",
        "object_repr",
        "record_type",
        "ip_address",
    ]
    list_filter = [
        "action",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "when"
    search_fields = ["object_repr", "username"]
    list_select_related = ["content_type"]
    fields = [
        "when",
        "action",
        "user",
        "username",
        "content_type",
        "object_id",
        "object_repr",
        "ip_address",
        "detail",
    ]
    readonly_fields = fields

    @admin.display(description=_("type"), ordering="content_type")
    def record_type(self, entry):
        return entry.content_type.name if entry.content_type else ""
