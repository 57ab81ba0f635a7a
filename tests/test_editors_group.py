from django.contrib.auth.models import Group
from django.core.management import call_command

from core.editors import GROUP


def _codenames():
    group = Group.objects.get(name=GROUP)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_a_flush_keeps_the_editors_group_and_its_permissions(transactional_db):
    before = _codenames()
    assert ("events", "change_event") in before
    assert ("countries", "add_statuschange") in before
    assert not any(label == "auth" for label, _ in before)

    call_command("flush", interactive=False, verbosity=0)

    assert _codenames() == before
