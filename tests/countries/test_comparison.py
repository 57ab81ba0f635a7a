"""The comparison table of /countries/ and the chart of the accords over time."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from core.partial_dates import PartialDate
from countries import growth
from countries.models import AccordsStatus, Country, Region, Role
from tests import factories
from tests.conftest import query_counts
from tests.page_checks import get_public_page, text

D = datetime.date
C, A, S = AccordsStatus.CANDIDATE, AccordsStatus.ANNOUNCED, AccordsStatus.SIGNATORY
pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
TODAY = D(2026, 12, 1)


@pytest.fixture
def four():
    """Four countries whose steps sort differently by each column."""

    def make(name, region, *steps, role=Role.NONE):
        country = factories.CountryFactory(name=name, region=region, role=role)
        factories.status_timeline(country, *steps)
        return country

    return {
        "alpha": make("Alpha", Region.EUROPE, (C, "2021-03-01"), (A, "2021-03-10")),
        "bravo": make(
            "Bravo", Region.CENTRAL_ASIA, (C, "2020"), (A, "2021"), (S, "2022-05-01")
        ),
        "charlie": make("Charlie", Region.SUB_SAHARAN_AFRICA, (C, "2021-03")),
        "delta": make("Delta", Region.MIDDLE_EAST_NORTH_AFRICA, role=Role.PARTY),
    }


def names(response) -> list[str]:
    return [row.country.name for row in response.context["filters"].table_rows]


def table_page(client, **query):
    response = client.get("/countries/", {"view": "table", **query})
    assert response.status_code == 200
    return response


# The table ----------------------------------------------------------------------


def test_the_table_shows_each_country_with_its_region_status_steps_and_role(
    client, four
):
    page = text(get_public_page(client, "/countries/?view=table"))
    assert (
        "Alpha Europe Announced 1 March 2021 10 March 2021 — not reached — none"
    ) in page
    assert "Bravo Central Asia Signatory 2020 2021 1 May 2022 — none" in page
    assert "Charlie Sub-Saharan Africa Candidate March 2021 — not reached" in page
    assert (
        "Delta Middle East and North Africa None — not reached — not reached "
        "— not reached Party (Israel)"
    ) in page
    response = table_page(client)
    html = response.content.decode()
    assert f'<a href="{four["alpha"].get_absolute_url()}">Alpha</a>' in html
    assert '<time datetime="2021-03">March 2021</time>' in html
    assert '<time datetime="2020">2020</time>' in html


def test_the_cards_and_the_table_link_to_each_other_keeping_the_filters(client, four):
    html = client.get("/countries/", {"region": "europe"}).content.decode()
    assert 'href="?region=europe&amp;view=table">Table</a>' in html
    html = table_page(client, region="europe").content.decode()
    assert 'href="?region=europe" aria-current="page"' not in html
    assert 'href="?region=europe">Cards</a>' in html
    assert 'aria-current="page">Table</a>' in html


def test_the_filter_form_keeps_the_table_view(client, four):
    html = table_page(client, region="europe").content.decode()
    assert '<input type="hidden" name="view" value="table"' in html


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("name", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("-name", ["Delta", "Charlie", "Bravo", "Alpha"]),
        ("region", ["Bravo", "Alpha", "Delta", "Charlie"]),
        ("-region", ["Charlie", "Delta", "Alpha", "Bravo"]),
        # candidate < announced < signatory; no status last both ways.
        ("status", ["Charlie", "Alpha", "Bravo", "Delta"]),
        ("-status", ["Bravo", "Alpha", "Charlie", "Delta"]),
        # "2020", then 1 March 2021, then "March 2021" (after its dated days).
        ("candidate", ["Bravo", "Alpha", "Charlie", "Delta"]),
        ("-candidate", ["Charlie", "Alpha", "Bravo", "Delta"]),
        # 10 March 2021 before "2021", which sorts after every day of 2021;
        # ties (the undated) by name, reversed with the rest.
        ("announced", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("-announced", ["Bravo", "Alpha", "Delta", "Charlie"]),
        ("signatory", ["Bravo", "Alpha", "Charlie", "Delta"]),
        ("-signatory", ["Bravo", "Delta", "Charlie", "Alpha"]),
    ],
)
def test_the_table_sorts_by_each_column_both_ways_undated_last(
    client, four, ordering, expected
):
    assert names(table_page(client, ordering=ordering)) == expected


def test_the_sorted_column_says_so_and_its_link_reverses_it(client, four):
    response = table_page(client)
    columns = response.context["filters"].table_columns
    assert [(c.label, c.sort) for c in columns][:2] == [
        ("Country", "ascending"),
        ("Region", ""),
    ]
    html = response.content.decode()
    assert (
        '<th scope="col" aria-sort="ascending">'
        '<a href="?view=table&amp;ordering=-name">Country</a></th>'
    ) in html
    assert html.count("aria-sort=") == 1

    html = table_page(client, ordering="-announced", region="europe").content.decode()
    assert (
        '<th scope="col" aria-sort="descending"><a href="?view=table&amp;'
        'ordering=announced&amp;region=europe">Announced</a></th>'
    ) in html
    assert (
        '<th scope="col"><a href="?view=table&amp;ordering=signatory&amp;'
        'region=europe">Signatory</a></th>'
    ) in html
    assert "sorted by announced (descending)" in text(
        client.get("/countries/?view=table&ordering=-announced")
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ordering=population", "ordering: “population” is not a sort order"),
        ("ordering=announced&view=chart", "view: “chart” is not a view"),
        ("ordering=name&ordering=-name", "ordering: Give this parameter once."),
    ],
)
def test_a_bad_sort_or_view_is_a_400_naming_the_parameter(client, four, query, message):
    response = client.get(f"/countries/?view=table&{query}")
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Alpha" not in page
    assert response.context["countries"] == []


def test_filters_still_apply_to_the_table(client, four):
    assert names(table_page(client, status="candidate")) == ["Charlie"]
    assert names(table_page(client, region="europe")) == ["Alpha"]
    assert names(table_page(client, q="bra", ordering="-signatory")) == ["Bravo"]


def test_on_a_past_date_the_table_shows_only_the_steps_reached_by_then(client, four):
    response = table_page(client, as_of="2021-06-30", ordering="signatory")
    rows = {row.country.name: row for row in response.context["filters"].table_rows}
    assert rows["Bravo"].reached == [
        PartialDate.parse("2020"),
        PartialDate.parse("2021"),
        None,
    ]
    assert rows["Bravo"].country.status == A
    # Bravo's signature (May 2022) had not happened: it sorts with the undated.
    assert names(response) == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_the_downloads_of_the_table_keep_its_filters_and_order_but_not_the_view(
    client, api_client, four
):
    response = table_page(client, region="europe", ordering="-announced")
    csv_link = response.context["downloads"].csv
    assert "view=" not in csv_link
    assert "ordering=-announced" in csv_link


def test_the_api_sorts_countries_by_the_date_of_a_step(api_client, four):
    response = api_client.get("/api/v1/countries/", {"ordering": "-announced"})
    assert response.status_code == 200
    got = [row["name"] for row in response.json()["results"]]
    assert got == ["Bravo", "Alpha", "Delta", "Charlie"]
    response = api_client.get("/api/v1/countries/", {"view": "table"})
    assert response.status_code == 400


def make_countries(n: int) -> None:
    for i in range(n):
        country = factories.CountryFactory()
        factories.status_timeline(
            country, (C, f"{2000 + i % 20}-03"), (A, f"{2000 + i % 20}-04-01")
        )


@query_counts([3, 40], {"cards": 1, "table": 1, "sorted": 1, "chart": 1})
def test_the_table_and_the_chart_take_as_many_queries_whatever_their_rows(
    client, db, assert_queries, size, page, queries
):
    make_countries(size)
    path = {
        "cards": "/countries/",
        "table": "/countries/?view=table",
        "sorted": "/countries/?view=table&ordering=-announced",
        "chart": "/timeline/chart/",
    }[page]
    response = assert_queries(client, path, queries)
    if page != "chart":
        assert len(response.context["countries"]) == size


# The numbers over time ---------------------------------------------------------


@pytest.fixture
def history():
    """Five countries' steps, and changes that must not count."""
    x, y, z, w = factories.CountryFactory.create_batch(4)
    factories.status_timeline(x, (C, "2020-08"), (S, "2020-09-15"), (S, "2022-01-01"))
    factories.status_timeline(y, (A, "2020-09-15"), (S, "2020-12"))
    factories.status_timeline(z, (C, "2021"))
    factories.status_timeline(w, (C, "2020-10-01"))
    factories.StatusChangeFactory(country=w, status=S, date=D(2020, 11, 1), draft=True)
    hidden = factories.CountryFactory(draft=True)
    factories.StatusChangeFactory(country=hidden, status=S, date=D(2020, 9, 15))


def counted(series) -> list[tuple]:
    return [
        (p.date.isoformat(), p.signatories, p.announced, p.candidates) for p in series
    ]


def test_the_series_counts_each_country_at_its_latest_step_on_each_date(history):
    # By hand: (from, signatories, announced, candidates). The second
    # signature of X (2022) changes no count: no point.
    assert counted(growth.growth_series(TODAY)) == [
        ("2020-08", 0, 0, 1),
        ("2020-09-15", 1, 1, 0),
        ("2020-10-01", 1, 1, 1),
        ("2020-12", 2, 0, 1),
        ("2021", 2, 0, 2),
    ]


def test_a_change_dated_after_the_day_does_not_count_yet(history):
    assert counted(growth.growth_series(D(2020, 11, 30)))[-1] == (
        "2020-10-01",
        1,
        1,
        1,
    )


def test_a_month_precision_change_outlasts_a_dated_one_of_its_month_as_on_the_pages():
    country = factories.CountryFactory()
    factories.status_timeline(country, (S, "2020-12"), (A, "2020-12-10"))
    # "December 2020" sorts after 10 December: the country stays a signatory.
    assert counted(growth.growth_series(TODAY)) == [("2020-12", 1, 0, 0)]
    groups = Country.objects.grouped_by_status(D(2020, 12, 10))
    assert groups[S] == [country]


def test_only_published_changes_of_published_countries_count(history):
    series = growth.growth_series(TODAY)
    assert max(point.signatories for point in series) == 2
    assert "2020-11-01" not in [point.date.isoformat() for point in series]


def test_the_series_takes_one_query(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        growth.growth_series(TODAY)


def test_the_series_agrees_with_the_status_on_each_of_its_dates(seeded):
    series = growth.growth_series(TODAY)
    assert series
    for point in series:
        groups = Country.objects.published().grouped_by_status(point.date.start)
        assert (point.signatories, point.announced, point.candidates) == (
            len(groups[S]),
            len(groups[A]),
            len(groups[C]),
        ), point


def test_on_6_january_2021_the_seed_has_four_signatories(seeded):
    # The UAE and Bahrain (15 September 2020), Morocco (22 December 2020),
    # then Sudan.
    points = {p.date.isoformat(): p for p in growth.growth_series(TODAY)}
    assert points["2021-01-06"].signatories == 4
    assert points["2021-01-06"].announced == 0
    assert points["2020-12-22"].signatories == 3
    assert points["2020-09-15"].signatories == 2


@pytest.mark.parametrize("typed", ["1992", "1992-04", "1992-04-15", "2020-12-31"])
def test_a_sort_number_gives_back_its_partial_date(typed):
    day = PartialDate.parse(typed)
    assert growth.from_sort_number(day.sort_number()) == day


# The chart ---------------------------------------------------------------------


def svg_of(response) -> ET.Element:
    match = re.search(
        r'<svg[^>]*aria-labelledby="growth-chart-title.*?</svg>',
        response.content.decode(),
        re.S,
    )
    return ET.fromstring(match.group(0))


def test_the_chart_is_an_svg_image_with_a_title_a_description_and_a_line_per_step(
    client, history
):
    response = get_public_page(client, "/timeline/chart/")
    svg = svg_of(response)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text.startswith("Countries at each step")
    desc = svg.find(f"{SVG}desc").text
    assert "2 signatories, 0 announced, 2 candidates" in desc
    paths = svg.findall(f"{SVG}path")
    assert len(paths) == 3
    # Told apart without colour: three dash patterns, and a label at each end.
    assert len({p.get("stroke-dasharray") for p in paths}) == 3
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"Signatories (2)", "Announced (0)", "Candidates (2)"} <= set(labels)
    assert {"2020", "2021"} <= set(labels)


def test_the_chart_table_holds_the_same_numbers_as_the_series(client, history):
    response = client.get("/timeline/chart/")
    rows = re.findall(
        r'<tr><th scope="row"><time datetime="([^"]+)">[^<]+</time></th>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td></tr>',
        response.content.decode(),
    )
    assert [(d, int(s), int(a), int(c)) for d, s, a, c in rows] == counted(
        growth.growth_series(TODAY)
    )
    assert "From Signatories Announced Candidates" in text(response)


def test_the_chart_says_so_when_nothing_is_published(client, db):
    response = get_public_page(client, "/timeline/chart/")
    assert "No accords status change has been published yet." in text(response)
    assert b"growth-chart-title" not in response.content


def test_the_countries_and_timeline_pages_link_to_the_chart(client, four):
    for path in ("/countries/", "/countries/?view=table", "/timeline/"):
        assert b'href="/timeline/chart/"' in client.get(path).content


def test_the_chart_can_be_embedded_by_any_site_without_cookies(client, history):
    response = client.get("/embed/chart/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert not response.cookies
    assert svg_of(response).get("role") == "img"
    assert b'<link rel="canonical" href="http://testserver/timeline/chart/">' in (
        response.content
    )


def test_the_chart_page_offers_its_embed_code_and_oembed(client, history):
    html = client.get("/timeline/chart/").content.decode()
    assert "http://testserver/embed/chart/" in html
    assert 'type="application/json+oembed"' in html
    oembed = client.get("/oembed/", {"url": "http://testserver/timeline/chart/"}).json()
    assert oembed["title"] == "The Abraham Accords over time"
    assert 'src="http://testserver/embed/chart/"' in oembed["html"]
