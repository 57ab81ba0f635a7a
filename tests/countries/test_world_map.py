import datetime
import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from countries import world_map
from countries.models import AccordsStatus, Country, Role
from countries.world_map import map_arguments, render_world_map
from tests import factories

ACCORDS = {
    "AE": "signatory",
    "BH": "signatory",
    "MA": "signatory",
    "SD": "signatory",
    "KZ": "announced",
    "SA": "candidate",
    "IL": "party",
    "US": "broker",
}


def parse(html: str) -> ET.Element:
    """The map is well-formed XML; parsing it proves that as well."""
    return ET.fromstring(html)


def country_element(root: ET.Element, iso2: str) -> ET.Element:
    [element] = root.findall(f".//*[@data-iso='{iso2}']")
    return element


def absolute_points(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a path written as "M x y l dx dy … z"."""
    rings = []
    for ring in re.findall(r"M([^z]*)z", d):
        start, _, rest = ring.partition("l")
        x, y = (float(n) for n in start.split())
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", rest)]
        points = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def test_the_map_data_holds_the_accords_countries_and_stays_small():
    data = world_map.world()
    for iso2 in ("BH", "AE", "IL", "KZ", "MA", "SD", "US"):
        assert iso2 in data.by_code, iso2
    assert data.by_code["BH"].name == "Bahrain"
    assert data.by_code["KZ"].name == "Kazakhstan"
    assert world_map.DATA_FILE.stat().st_size < 300_000
    codes = [shape.iso2 for shape in data.shapes if shape.iso2]
    assert len(codes) == len(set(codes)) > 200


def test_the_map_data_names_its_sources():
    raw = json.loads(world_map.DATA_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["attribution"]
    assert "world-atlas" in raw["attribution"]
    assert (world_map.DATA_FILE.parent / "NOTICE").exists()


def test_no_country_streaks_across_the_antimeridian():
    data = world_map.world()
    width = float(data.view_box.split()[2])
    for iso2 in ("RU", "FJ", "US", "KI"):
        for ring in absolute_points(data.by_code[iso2].d):
            edges = zip(ring, ring[1:] + ring[:1], strict=True)
            assert all(abs(b[0] - a[0]) < width / 2 for a, b in edges), iso2


def test_bahrain_is_drawn_and_gets_a_marker_big_enough_to_see_and_click():
    root = parse(render_world_map(ACCORDS, title="Accords"))
    bahrain = country_element(root, "BH")
    assert bahrain.find("path").get("d").startswith("M")
    marker = bahrain.find("circle")
    assert marker.get("class") == "marker"
    width = float(root.find("svg").get("viewBox").split()[2])
    # At least 0.7% of the map's width across: 7 px on a 1000 px wide map.
    assert 2 * float(marker.get("r")) >= 0.007 * width


def test_large_countries_get_no_marker():
    root = parse(render_world_map(ACCORDS, title="Accords", view="world"))
    for iso2 in ("KZ", "SD", "US"):
        assert country_element(root, iso2).find("circle") is None


def test_each_status_and_role_has_its_css_class():
    root = parse(render_world_map(ACCORDS, title="Accords", view="world"))
    expected = {
        "AE": "status-signatory",
        "KZ": "status-announced",
        "SA": "status-candidate",
        "IL": "role-party",
        "US": "role-broker",
    }
    for iso2, css in expected.items():
        assert country_element(root, iso2).get("class").split() == ["country", css]


def test_countries_without_a_status_are_plain_unlabelled_land():
    root = parse(render_world_map({"KZ": "announced"}, title="Accords", view="world"))
    land = root.find(".//g[@class='world-map-land']")
    assert land.get("aria-hidden") == "true"
    disputed = [shape for shape in world_map.world().shapes if shape.disputed]
    assert len(land) == len(world_map.world().shapes) - 1 - len(disputed)
    assert root.findall(".//*[@data-iso='FR']") == []


def test_linked_countries_are_links_with_accessible_names():
    html = render_world_map(
        {"KZ": "announced", "IL": "party"},
        links={"KZ": "/countries/kazakhstan/", "IL": "/countries/israel/"},
        title="Accords",
    )
    root = parse(html)
    kazakhstan = country_element(root, "KZ")
    assert kazakhstan.tag == "a"
    assert kazakhstan.get("href") == "/countries/kazakhstan/"
    assert kazakhstan.get("aria-label") == "Kazakhstan: announced"
    assert kazakhstan.find("title").text == "Kazakhstan: announced"
    assert country_element(root, "IL").get("aria-label") == (
        "Israel: party to the accords"
    )
    # A graphics document with links, not an image: "img" would hide them.
    assert root.find("svg").get("role") is None


def test_a_country_with_a_status_but_no_link_is_named_not_linked():
    root = parse(render_world_map({"KZ": "announced"}, title="Accords"))
    kazakhstan = country_element(root, "KZ")
    assert kazakhstan.tag == "g"
    assert kazakhstan.get("role") == "img"
    assert kazakhstan.get("aria-label") == "Kazakhstan: announced"
    assert root.find("svg").get("role") == "img"


def test_the_map_is_titled_and_described_in_words():
    root = parse(render_world_map(ACCORDS, title="Where the accords stand"))
    svg = root.find("svg")
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert svg.find(f"title[@id='{title_id}']").text == "Where the accords stand"
    description = svg.find(f"desc[@id='{desc_id}']").text
    assert "Signatory: Bahrain, Morocco, Sudan, United Arab Emirates." in description
    assert "Announced: Kazakhstan." in description


def test_an_empty_map_says_no_country_has_a_status():
    root = parse(render_world_map({}, title="Accords on 1 January 2000"))
    assert "No country" in root.find("svg/desc").text


def test_the_legend_names_every_status_with_its_count():
    root = parse(render_world_map(ACCORDS, title="Accords"))
    legend = "".join(root.find("figcaption").itertext())
    assert "Signatory (4)" in legend
    assert "Announced (1)" in legend
    assert "Candidate (reported in talks) (1)" in legend
    assert "Party (Israel) (1)" in legend
    assert "Broker (United States) (1)" in legend
    assert (
        render_world_map(ACCORDS, title="Accords", legend=False).count("figcaption")
        == 0
    )


def test_names_title_and_links_are_escaped():
    nasty = '<script>alert("x")</script> & Co'
    html = render_world_map(
        {"KZ": "announced"},
        links={"KZ": '/countries/k"><script>alert(1)</script>/'},
        names={"KZ": nasty},
        title=nasty,
    )
    assert "<script" not in html
    root = parse(html)
    assert root.find("svg/title").text == nasty
    kazakhstan = country_element(root, "KZ")
    assert kazakhstan.get("aria-label") == f"{nasty}: announced"
    assert kazakhstan.get("href") == '/countries/k"><script>alert(1)</script>/'


def test_the_markup_has_no_inline_style_or_script():
    html = render_world_map(
        ACCORDS, links={code: f"/c/{code}/" for code in ACCORDS}, title="Accords"
    )
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html
    assert not re.search(r"\son\w+=", html)


def test_unknown_statuses_are_refused():
    with pytest.raises(ValueError, match="Unknown map status"):
        render_world_map({"KZ": "joined"}, title="Accords")


def test_codes_the_map_cannot_draw_are_still_described():
    html = render_world_map(
        {"kz": "announced", "ZZ": "candidate"}, names={"ZZ": "Atlantis"}, title="x"
    )
    root = parse(html)
    assert country_element(root, "KZ") is not None
    assert "Candidate (reported in talks): Atlantis." in root.find("svg/desc").text


@pytest.mark.django_db
def test_rendering_performs_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        render_world_map(ACCORDS, links={"KZ": "/k/"}, title="Accords")


def test_map_arguments_take_groups_and_roles_and_prefer_the_role():
    def country(iso2, name, role="none", status=None):
        return SimpleNamespace(
            iso2=iso2,
            name=name,
            role=role,
            status=status,
            get_absolute_url=lambda: f"/countries/{name.lower()}/",
        )

    groups = {
        "signatory": [country("BH", "Bahrain")],
        "announced": [country("KZ", "Kazakhstan")],
        "candidate": [],
    }
    others = [country("IL", "Israel", role="party"), country("FR", "France")]
    arguments = map_arguments(groups, others)
    assert arguments["statuses"] == {
        "BH": "signatory",
        "KZ": "announced",
        "IL": "party",
    }
    assert arguments["links"]["KZ"] == "/countries/kazakhstan/"
    assert arguments["names"]["IL"] == "Israel"


def test_the_template_tag_renders_the_map():
    kazakhstan = SimpleNamespace(
        iso2="KZ",
        name="Kazakhstan",
        role="none",
        get_absolute_url=lambda: "/countries/kazakhstan/",
    )
    template = Template(
        '{% load world_map %}{% world_map groups title="Where it stands" %}'
    )
    html = template.render(Context({"groups": {"announced": [kazakhstan]}}))
    root = parse(html)
    assert country_element(root, "KZ").get("href") == "/countries/kazakhstan/"
    assert root.find("svg/title").text == "Where it stands"


@pytest.mark.django_db
def test_countries_with_their_status_on_a_day_map_in_one_query(
    django_assert_num_queries,
):
    kazakhstan = factories.CountryFactory(
        iso2="KZ", iso3="KAZ", name="Kazakhstan", slug="kazakhstan"
    )
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2025, 11, 6),
    )
    factories.CountryFactory(
        iso2="IL", iso3="ISR", name="Israel", slug="israel", role=Role.PARTY
    )
    day = datetime.date(2025, 12, 1)
    with django_assert_num_queries(2):
        groups = Country.objects.grouped_by_status(day)
        parties = list(Country.objects.exclude(role=Role.NONE))
    with django_assert_num_queries(0):
        html = render_world_map(**map_arguments(groups, parties), title="Accords")
    root = parse(html)
    assert country_element(root, "KZ").get("href") == kazakhstan.get_absolute_url()
    assert country_element(root, "IL").get("class") == "country role-party"
