"""A world map coloured by accords status, drawn server-side as inline SVG.

The geometry (countries/data/world-50m.json) is built once by
scripts/build_world_map.py from Natural Earth; nothing is fetched at run time.
Rendering touches no database: callers pass what each country is.

    render_world_map(
        {"AE": "signatory", "KZ": "announced", "IL": "party"},
        links={"KZ": "/countries/kazakhstan/"},
        title="Where the accords stand",
    )

Colours and patterns come from static/css/map.css; the markup has no style
attributes and no script, so a strict Content-Security-Policy holds.
"""

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

DATA_FILE = Path(__file__).resolve().parent / "data" / "world-50m.json"

# (key, CSS class, label in the legend, word in a country's accessible name)
KINDS = (
    ("signatory", "status-signatory", "Signatory", "signatory"),
    ("announced", "status-announced", "Announced", "announced"),
    ("candidate", "status-candidate", "Candidate (reported in talks)", "candidate"),
    ("party", "role-party", "Party (Israel)", "party to the accords"),
    ("broker", "role-broker", "Broker (United States)", "broker of the accords"),
)
CSS_CLASSES = {key: css for key, css, _label, _word in KINDS}
LABELS = {key: label for key, _css, label, _word in KINDS}
WORDS = {key: word for key, _css, _label, word in KINDS}

# Below this size (viewBox units, about half a pixel each on a page-wide map)
# a country with a status also gets a round marker, so Bahrain can be seen
# and clicked.
MARKER_BELOW = 14
MARKER_RADIUS = 9

PATTERNS = """<defs>\
<pattern id="world-map-pattern-announced" class="world-map-pattern" \
patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
<rect class="pattern-ground" width="6" height="6"/>\
<rect class="pattern-ink" width="3" height="6"/></pattern>\
<pattern id="world-map-pattern-candidate" class="world-map-pattern" \
patternUnits="userSpaceOnUse" width="6" height="6">\
<rect class="pattern-ground" width="6" height="6"/>\
<circle class="pattern-ink" cx="3" cy="3" r="1.6"/></pattern>\
<pattern id="world-map-pattern-broker" class="world-map-pattern" \
patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">\
<rect class="pattern-ground" width="6" height="6"/>\
<rect class="pattern-ink" width="1.5" height="6"/></pattern>\
</defs>"""


@dataclass(frozen=True)
class Shape:
    iso2: str
    name: str
    d: str
    center: tuple[float, float]
    size: float


@dataclass(frozen=True)
class World:
    view_box: str
    attribution: str
    shapes: tuple[Shape, ...]
    by_code: Mapping[str, Shape]


@functools.cache
def world() -> World:
    """The map data, read once per process on first use."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(
            iso2=item["iso2"],
            name=item["name"],
            d=item["d"],
            center=tuple(item["center"]),
            size=item["size"],
        )
        for item in data["countries"]
    )
    return World(
        view_box=" ".join(str(n) for n in data["viewBox"]),
        attribution=data["attribution"],
        shapes=shapes,
        by_code={shape.iso2: shape for shape in shapes if shape.iso2},
    )


def render_world_map(
    statuses: Mapping[str, str],
    *,
    title: str,
    links: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    description: str | None = None,
    id_prefix: str = "world-map",
    legend: bool = True,
) -> SafeString:
    """A ``<figure>`` with the map and, unless ``legend=False``, its legend.

    ``statuses`` maps ISO alpha-2 codes to "signatory", "announced",
    "candidate", "party" or "broker". ``links`` maps codes to the address a
    country links to; ``names`` overrides the map's own country names in
    accessible names and the description. Countries with a status but no link
    are drawn and named, not linked. Codes the map does not know are left out
    of the drawing but still named in the description.
    """
    links = links or {}
    names = names or {}
    unknown = {value for value in statuses.values() if value not in CSS_CLASSES}
    if unknown:
        raise ValueError(
            f"Unknown map status {sorted(unknown)}: use one of {list(CSS_CLASSES)}."
        )
    data = world()
    codes = {code.upper(): value for code, value in statuses.items()}
    links = {code.upper(): url for code, url in links.items()}
    names = {code.upper(): name for code, name in names.items()}

    def name_of(code: str) -> str:
        if code in names:
            return names[code]
        shape = data.by_code.get(code)
        return shape.name if shape else code

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if description is None:
        description = describe(codes, name_of)
    linked = any(code in links and code in data.by_code for code in codes)
    parts = [
        format_html(
            # With links inside, the map is a group of links; "img" would hide
            # them from assistive technology.
            '<svg class="world-map-svg" viewBox="{}" role="{}" '
            'aria-labelledby="{}" aria-describedby="{}" fill-rule="evenodd">'
            '<title id="{}">{}</title><desc id="{}">{}</desc>',
            data.view_box,
            "group" if linked else "img",
            title_id,
            desc_id,
            title_id,
            title,
            desc_id,
            description,
        ),
        PATTERNS,
        '<g class="world-map-land" aria-hidden="true">',
    ]
    # Path data is digits, spaces, "-", "." and command letters: safe as is.
    parts += [
        f'<path d="{shape.d}"/>' for shape in data.shapes if shape.iso2 not in codes
    ]
    parts.append('</g><g class="world-map-countries">')
    # Largest first, so small countries and their markers are drawn on top.
    drawn = sorted(
        (code for code in codes if code in data.by_code),
        key=lambda code: (-data.by_code[code].size, code),
    )
    for code in drawn:
        parts.append(
            _country(data.by_code[code], codes[code], links.get(code), name_of)
        )
    parts.append("</g></svg>")
    svg = "".join(parts)
    figure = [f'<figure class="world-map">{svg}']
    if legend:
        figure.append(_legend(codes))
    figure.append("</figure>")
    return mark_safe("".join(figure))


def _country(shape: Shape, status: str, url: str | None, name_of) -> str:
    accessible_name = f"{name_of(shape.iso2)}: {WORDS[status]}"
    marker = ""
    if shape.size < MARKER_BELOW:
        marker = (
            f'<circle class="marker" cx="{shape.center[0]}" cy="{shape.center[1]}" '
            f'r="{MARKER_RADIUS}"/>'
        )
    inner = format_html(
        '<title>{}</title><path d="{}"/>{}',
        accessible_name,
        mark_safe(shape.d),
        mark_safe(marker),
    )
    css = f"country {CSS_CLASSES[status]}"
    if url:
        return format_html(
            '<a href="{}" class="{}" aria-label="{}" data-iso="{}">{}</a>',
            url,
            css,
            accessible_name,
            shape.iso2,
            inner,
        )
    return format_html(
        '<g class="{}" role="img" aria-label="{}" data-iso="{}">{}</g>',
        css,
        accessible_name,
        shape.iso2,
        inner,
    )


def _legend(codes: Mapping[str, str]) -> str:
    counts = dict.fromkeys(CSS_CLASSES, 0)
    for value in codes.values():
        counts[value] += 1
    items = [
        format_html(
            '<li><svg class="world-map-key" viewBox="0 0 24 16" aria-hidden="true">'
            '<rect class="country {}" x="1" y="1" width="22" height="14"/></svg>'
            '{} <span class="world-map-count">({})</span></li>',
            css,
            label,
            counts[key],
        )
        for key, css, label, _word in KINDS
        if counts[key] or key in ("signatory", "announced", "candidate")
    ]
    return (
        '<figcaption class="world-map-legend"><ul>'
        + "".join(items)
        + "</ul></figcaption>"
    )


def describe(codes: Mapping[str, str], name_of) -> str:
    """One sentence per status, countries by name: the map in words."""
    sentences = []
    for key, _css, label, _word in KINDS:
        members = sorted(name_of(code) for code, value in codes.items() if value == key)
        if members:
            sentences.append(f"{label}: {', '.join(members)}.")
    return " ".join(sentences) or "No country has an accords status on this date."


def map_arguments(*sources: Iterable | Mapping) -> dict[str, dict[str, str]]:
    """``statuses``, ``links`` and ``names`` for ``render_world_map``.

    Each source is either a ``{status: [Country, …]}`` mapping, as from
    ``Country.objects.grouped_by_status(day)``, or Country objects, each with
    ``status`` annotated (``status_on(day)``) or none (the party and the
    broker). A role (party, broker) wins over a status. Nothing is queried
    beyond evaluating what is given.
    """
    statuses: dict[str, str] = {}
    links: dict[str, str] = {}
    names: dict[str, str] = {}
    for source in sources:
        if isinstance(source, Mapping):
            pairs = [
                (country, status)
                for status, members in source.items()
                for country in members
            ]
        else:
            pairs = [(country, getattr(country, "status", None)) for country in source]
        for country, status in pairs:
            role = getattr(country, "role", "")
            value = role if role in ("party", "broker") else status
            if not value:
                continue
            statuses[country.iso2] = value
            names[country.iso2] = country.name
            links[country.iso2] = country.get_absolute_url()
    return {"statuses": statuses, "links": links, "names": names}
