"""Record addresses reversed once per pattern give what reverse() gives."""

import uuid

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix
from django.utils import translation

from core.reversing import reverse_slug

VIEWS = [
    ("events:detail", "slug"),
    ("countries:detail", "slug"),
    ("countries:official-detail", "slug"),
    ("api:event-detail", "slug"),
    # Two letters only: the stand-in is refused, reverse() does it all.
    ("api:country-detail", "iso2"),
]


@pytest.mark.parametrize("language", ["en", "he", "ar", "ru"])
@pytest.mark.parametrize(("view", "key"), VIEWS)
def test_the_same_address_as_reverse_in_every_language(view, key, language):
    with translation.override(language):
        for slug in ["KZ", "kazakhstan", "abraham-accords-signing-2020", "a_b-9"]:
            try:
                expected = reverse(view, kwargs={key: slug})
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    reverse_slug(view, slug, key)
            else:
                assert reverse_slug(view, slug, key) == expected


def test_a_slug_the_pattern_refuses_is_refused_as_reverse_refuses_it():
    for slug in ["קזחסטן", "a b", "a/b", ""]:
        with pytest.raises(NoReverseMatch):
            reverse_slug("events:detail", slug)


def test_a_pattern_stricter_than_a_slug_goes_through_reverse():
    value = str(uuid.uuid4())
    assert reverse_slug("permalink", value, "uuid") == reverse(
        "permalink", kwargs={"uuid": value}
    )


def test_the_script_prefix_of_the_request_is_kept():
    try:
        set_script_prefix("/accords/")
        assert reverse_slug("events:detail", "x-1") == "/accords/events/x-1/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("events:detail", "x-1") == "/events/x-1/"


def test_a_value_the_pattern_refuses_still_raises():
    with pytest.raises(NoReverseMatch):
        reverse_slug("permalink", "not-a-uuid", "uuid")


# This module as another site's URLconf.
urlpatterns = [
    path(
        "elsewhere/",
        include(
            (
                [path("<slug:slug>/", lambda request, slug: None, name="detail")],
                "events",
            )
        ),
    )
]


def test_another_urlconf_is_reversed_afresh():
    assert reverse_slug("events:detail", "x-1") == "/events/x-1/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse_slug("events:detail", "x-1") == "/elsewhere/x-1/"
    assert reverse_slug("events:detail", "x-1") == "/events/x-1/"
