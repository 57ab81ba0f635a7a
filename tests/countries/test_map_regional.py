"""The map's regional view, its Gulf inset, disputed territories and its place
on the page: readable on a phone, honest about borders, quick to skip."""

import datetime
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from countries import world_map
from countries.models import AccordsStatus, Role
from countries.world_map import render_world_map
from tests import factories
from tests.countries.test_world_map import absolute_points

# The width the map has on a 360-px phone, less the page's margins.
PHONE_PX = 328
# "At least a few millimetres across": 12 CSS px is about 3 mm.
VISIBLE_PX = 12


def seed_statuses() -> dict[str, str]:
    """Every country the seed gives a status or a role, as the map takes them."""
    seed = tomllib.loads(
        (Path(settings.BASE_DIR) / "seed" / "accords.toml").read_text("utf-8")
    )
    statuses = {
        change["country"]: change["status"] for change in seed["status_changes"]
    }
    for country in seed["countries"]:
        if country.get("role") in ("party", "broker"):
            statuses[country["iso2"]] = country["role"]
    return statuses


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)


def view_box(svg: ET.Element) -> tuple[float, float, float, float]:
    x, y, width, height = (float(n) for n in svg.get("viewBox").split())
    return x, y, width, height


def path_bounds(d: str) -> tuple[float, float, float, float]:
    points = [point for ring in absolute_points(d) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def inside(point: tuple[float, float], d: str) -> bool:
    """Even-odd rule, as the map fills its paths."""
    x, y = point
    crossings = 0
    for ring in absolute_points(d):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def main_svg(root: ET.Element) -> ET.Element:
    return root.find("svg")


def element(root: ET.Element, iso2: str) -> ET.Element:
    [found] = main_svg(root).findall(f".//*[@data-iso='{iso2}']")
    return found


def rendered_px(svg: ET.Element, length: float) -> float:
    """How many CSS px ``length`` viewBox units take with the map phone-wide."""
    return length * PHONE_PX / view_box(svg)[2]


# The regional view ------------------------------------------------------------


def test_the_default_view_frames_every_country_the_seed_gives_a_status():
    statuses = seed_statuses()
    assert {"AE", "BH", "MA", "SD", "KZ", "IL"} <= statuses.keys()
    root = parse(render_world_map(statuses, title="Accords"))
    left, top, width, height = view_box(main_svg(root))
    for iso2, status in statuses.items():
        if status == "broker":
            continue  # the United States: named beside the map, drawn in "World"
        x0, y0, x1, y1 = path_bounds(element(root, iso2).find("path").get("d"))
        assert left <= x0 and x1 <= left + width, iso2
        assert top <= y0 and y1 <= top + height, iso2


def test_the_default_view_is_regional_not_the_world():
    root = parse(render_world_map({"AE": "signatory"}, title="Accords"))
    world_width = float(world_map.world().view_box.split()[2])
    assert view_box(main_svg(root))[2] < world_width / 3
    assert "world-map--region" in root.get("class")


def test_a_country_outside_the_view_is_named_beside_the_map():
    root = parse(render_world_map({"US": "broker", "AE": "signatory"}, title="x"))
    assert main_svg(root).findall(".//*[@data-iso='US']") == []
    assert "Outside this view: United States." in "".join(root.itertext())
    assert "Outside this view: United States." in main_svg(root).find("desc").text


@pytest.mark.parametrize("iso2", ["BH", "IL"])
def test_bahrain_and_israel_get_a_marker_a_few_millimetres_across_on_a_phone(iso2):
    root = parse(render_world_map(seed_statuses(), title="Accords"))
    svg = main_svg(root)
    country = element(root, iso2)
    x0, y0, x1, y1 = path_bounds(country.find("path").get("d"))
    # Too narrow to see or tap on its own...
    assert rendered_px(svg, min(x1 - x0, y1 - y0)) < VISIBLE_PX
    # ...so a marker stands in for it.
    marker = country.find("circle")
    assert marker.get("class") == "marker"
    assert rendered_px(svg, 2 * float(marker.get("r"))) >= VISIBLE_PX


def test_every_country_with_a_status_is_big_enough_to_see_on_a_phone():
    root = parse(render_world_map(seed_statuses(), title="Accords"))
    svg = main_svg(root)
    for country in svg.findall(".//*[@data-iso]"):
        x0, y0, x1, y1 = path_bounds(country.find("path").get("d"))
        marker = country.find("circle")
        across = 2 * float(marker.get("r")) if marker is not None else 0
        visible = max(min(x1 - x0, y1 - y0), across)
        assert rendered_px(svg, visible) >= VISIBLE_PX, country.get("data-iso")


def test_the_inset_enlarges_israel_and_the_gulf_with_names_and_no_links():
    root = parse(render_world_map(seed_statuses(), title="Accords"))
    inset = root.find("div[@class='world-map-inset']")
    assert inset.get("aria-hidden") == "true"
    assert inset.findall(".//{*}a") == [] and inset.findall(".//a") == []
    svg = inset.find("svg")
    left, top, width, height = view_box(svg)
    for iso2 in ("IL", "BH", "AE"):
        x0, y0, x1, y1 = path_bounds(
            svg.find(f".//*[@data-inset-iso='{iso2}']/path").get("d")
        )
        assert left <= x0 and x1 <= left + width, iso2
        assert top <= y0 and y1 <= top + height, iso2
    labels = {label.text for label in svg.iter("text")}
    assert {"Israel", "Bahrain", "United Arab Emirates"} <= labels
    # Enlarged: the inset is far narrower in map units than the regional view.
    assert width * 3 < view_box(main_svg(root))[2]
    # The regional map marks the enlarged area.
    assert main_svg(root).find("rect[@class='world-map-inset-frame']") is not None


def test_the_world_view_has_no_inset():
    html = render_world_map(seed_statuses(), title="Accords", view="world")
    assert "world-map-inset" not in html


# Disputed territories ---------------------------------------------------------


def disputed(root: ET.Element) -> dict[str, ET.Element]:
    return {
        item.get("data-disputed"): item
        for item in main_svg(root).findall(".//*[@class='disputed']")
    }


def test_disputed_territories_are_hatched_labelled_and_in_the_legend():
    root = parse(render_world_map({"MA": "signatory"}, title="Accords"))
    found = disputed(root)
    assert found["EH"].get("aria-label") == "Western Sahara: disputed territory"
    assert found["PS"].get("aria-label") == (
        "West Bank and Gaza (Palestinian territories): disputed territory"
    )
    assert found["EH"].find("title").text == "Western Sahara: disputed territory"
    legend = "".join(root.find("figcaption").itertext())
    assert "Disputed territory" in legend
    assert "Western Sahara" in legend
    assert root.find("figcaption").find(".//rect[@class='disputed']") is not None
    assert "Western Sahara" in main_svg(root).find("desc").text


def test_western_sahara_is_not_drawn_as_part_of_morocco():
    root = parse(render_world_map({"MA": "signatory"}, title="Accords"))
    morocco = path_bounds(element(root, "MA").find("path").get("d"))
    sahara = path_bounds(disputed(root)["EH"].find("path").get("d"))
    # Morocco ends at Western Sahara's northern border (27°40′ N)...
    assert morocco[3] <= sahara[1]
    # ...and the part Morocco holds west of the berm is drawn as disputed too:
    # 25° N 13° W, in this projection.
    coast = (931.0, -184.0)
    assert inside(coast, disputed(root)["EH"].find("path").get("d"))
    assert not inside(coast, element(root, "MA").find("path").get("d"))


def test_disputed_territories_are_never_land_of_a_country():
    root = parse(render_world_map({}, title="Accords", view="world"))
    land = {path.get("d") for path in root.find(".//g[@class='world-map-land']")}
    for shape in world_map.world().shapes:
        if shape.disputed:
            assert shape.d not in land, shape.disputed


def test_territories_drawn_inside_a_country_are_named_in_the_legend():
    root = parse(render_world_map({"IL": "party"}, title="Accords"))
    legend = "".join(root.find("figcaption").itertext())
    assert "the Golan Heights (Israel)" in legend


# On the page --------------------------------------------------------------------


@pytest.fixture
def accords(db):
    kazakhstan = factories.CountryFactory(
        iso2="KZ", name="Kazakhstan", slug="kazakhstan"
    )
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2025, 11, 6),
    )
    bahrain = factories.CountryFactory(iso2="BH", name="Bahrain", slug="bahrain")
    factories.StatusChangeFactory(country=bahrain, date=datetime.date(2020, 9, 15))
    factories.CountryFactory(iso2="IL", name="Israel", slug="israel", role=Role.PARTY)
    factories.CountryFactory(
        iso2="US", name="United States", slug="united-states", role=Role.BROKER
    )


def page_map(response) -> ET.Element:
    html = response.content.decode()
    [figure] = re.findall(r'<figure class="world-map.*?</figure>', html, re.S)
    return parse(figure)


def test_the_skip_link_lands_on_the_list_after_the_map(client, accords):
    html = client.get("/").content.decode()
    [target] = re.findall(r'class="map-skip" href="#([\w-]+)">Skip the map<', html)
    skip_at = html.index('class="map-skip"')
    [landing] = re.finditer(rf'<[^>]+\sid="{target}"[^>]*>', html)
    # Before the map, landing after it, on the list that repeats its links.
    assert skip_at < html.index("<figure") < html.index("</figure>") < landing.start()
    assert 'tabindex="-1"' in landing.group()
    assert 'href="/countries/bahrain/"' in html[landing.start() :]


def test_map_links_the_list_repeats_are_out_of_the_tab_order(client, accords):
    figure = page_map(client.get("/"))
    for iso2 in ("BH", "KZ"):
        link = element(figure, iso2)
        assert link.tag == "a"
        assert link.get("tabindex") == "-1", iso2
    # Israel is on the map but in no list: its link stays reachable.
    assert element(figure, "IL").get("tabindex") is None


def test_the_home_page_shows_the_regional_view_by_default(client, accords):
    response = client.get("/")
    figure = page_map(response)
    assert view_box(main_svg(figure))[2] < 1000
    assert 'href="?map=world"' in response.content.decode()
    assert main_svg(figure).findall(".//*[@data-iso='US']") == []


@pytest.mark.parametrize("path", ["/?map=world", "/as-of/2025-12-01/?map=world"])
def test_map_world_shows_the_whole_world(client, accords, path):
    response = client.get(path)
    assert response.status_code == 200
    figure = page_map(response)
    svg = main_svg(figure)
    assert " ".join(f"{n:g}" for n in view_box(svg)) == world_map.world().view_box
    assert element(figure, "US").get("aria-label") == (
        "United States: broker of the accords"
    )
    assert 'aria-current="page">World</a>' in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?map=", "?map=mars", "?map=%3Cscript%3E", "?map=WORLD", "?map=a&map=b"]
)
def test_an_unknown_map_view_falls_back_to_the_regional_view(client, accords, query):
    response = client.get("/" + query)
    assert response.status_code == 200
    assert "world-map--region" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_world_view_costs_no_extra_queries(
    client, accords, django_assert_num_queries
):
    client.get("/")  # settle per-process caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as regional:
        client.get("/")
    with django_assert_num_queries(len(regional)):
        client.get("/?map=world")
