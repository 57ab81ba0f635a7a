import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.models import PublicationStatus
from countries.models import Country, Official, Position, StatusChange
from events.management.commands.generate_synthetic import PHOTO_NAME, PREFIX
from events.models import Event, Participant, Photo, Publication

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def test_generates_every_kind_of_record_marked_as_synthetic(event):
    generate("--events", "50")
    events = Event.objects.filter(slug__startswith=PREFIX)
    assert events.count() == 50
    assert Country.objects.filter(slug__startswith=PREFIX).count() > 10
    assert Official.objects.filter(slug__startswith=PREFIX).exists()
    assert Position.objects.filter(official__slug__startswith=PREFIX).exists()
    assert StatusChange.objects.filter(country__slug__startswith=PREFIX).exists()
    assert Participant.objects.filter(event__in=events).count() > 25
    assert Photo.objects.filter(event__in=events).exists()
    assert all(e.citations.exists() for e in events[:10])
    assert Publication.objects.filter(
        url__startswith="https://synthetic.invalid/"
    ).exists()
    # Synthetic countries use ISO's user-assigned codes, never a real one.
    codes = Country.objects.filter(slug__startswith=PREFIX).values_list(
        "iso2", flat=True
    )
    assert all(code[0] in "QX" and code != "XK" for code in codes)


def test_events_mix_precisions_and_publication_states():
    generate("--events", "300")
    events = Event.objects.filter(slug__startswith=PREFIX)
    assert set(events.values_list("date_precision", flat=True)) == {
        "day",
        "month",
        "year",
    }
    states = set(events.values_list("publication_status", flat=True))
    assert states == {PublicationStatus.PUBLISHED, PublicationStatus.DRAFT}
    for event in events.filter(date_precision="month")[:5]:
        assert event.date.day == 1
    for event in events.exclude(body="")[:3]:
        assert event.body_html.startswith("<")


def test_photos_share_one_small_image_file():
    generate("--events", "50")
    names = set(Photo.objects.values_list("image", flat=True))
    assert names == {PHOTO_NAME}
    assert (Path(settings.MEDIA_ROOT) / PHOTO_NAME).stat().st_size < 10_000


def test_running_again_replaces_the_synthetic_data():
    generate("--events", "40")
    generate("--events", "30")
    assert Event.objects.filter(slug__startswith=PREFIX).count() == 30


def test_delete_removes_only_synthetic_records_and_can_run_twice(event, country):
    generate("--events", "50")
    assert "Removed synthetic records" in generate("--delete")
    assert "No synthetic records" in generate("--delete")
    assert not Event.objects.filter(slug__startswith=PREFIX).exists()
    assert not Country.objects.filter(slug__startswith=PREFIX).exists()
    assert not Official.objects.filter(slug__startswith=PREFIX).exists()
    assert not Publication.objects.filter(
        url__startswith="https://synthetic.invalid/"
    ).exists()
    assert not Participant.objects.exclude(event=event).exists()
    # The real records and their links are still there.
    assert list(Event.objects.all()) == [event]
    assert list(event.countries.all()) == [country]
    assert event.participants.count() == 1


def test_some_synthetic_events_involve_real_countries(country):
    generate("--events", "200")
    assert country.events.filter(slug__startswith=PREFIX).exists()


def test_refuses_a_count_below_one():
    with pytest.raises(CommandError):
        generate("--events", "0")
