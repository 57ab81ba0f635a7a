"""A map coloured by accords status, drawn server-side as inline SVG.

The geometry (countries/data/world-50m.json) is built once by
scripts/build_world_map.py from Natural Earth; nothing is fetched at run time.
Rendering touches no database: callers pass what each country is.

    render_world_map(
        {"AE": "signatory", "KZ": "announced", "IL": "party"},
        links={"KZ": "/countries/kazakhstan/"},
        title="Where the accords stand",
    )

Two views: the region where every signatory and candidate lies (the
default, with an enlarged inset for Israel and the Gulf) and the whole world.
Colours and patterns come from static/css/map.css; the markup has no style
attributes and no script, so a strict Content-Security-Policy holds.
"""

import functools
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.languages import list_separator

DATA_FILE = Path(__file__).resolve().parent / "data" / "world-50m.json"

# (key, CSS class, label in the legend, word in a country's accessible name)
KINDS = (
    (
        "signatory",
        "status-signatory",
        gettext_lazy("Signatory"),
        gettext_lazy("signatory"),
    ),
    (
        "announced",
        "status-announced",
        gettext_lazy("Announced"),
        gettext_lazy("announced"),
    ),
    (
        "candidate",
        "status-candidate",
        gettext_lazy("Candidate (reported in talks)"),
        gettext_lazy("candidate"),
    ),
    (
        "party",
        "role-party",
        gettext_lazy("Party (Israel)"),
        gettext_lazy("party to the accords"),
    ),
    (
        "broker",
        "role-broker",
        gettext_lazy("Broker (United States)"),
        gettext_lazy("broker of the accords"),
    ),
)
CSS_CLASSES = {key: css for key, css, _label, _word in KINDS}
LABELS = {key: label for key, _css, label, _word in KINDS}
WORDS = {key: word for key, _css, _label, word in KINDS}

# The rule that keeps small countries visible: a country with a status that is
# narrower than MIN_PX at the width its view is read at gets a round marker
# MIN_PX across (12 CSS px, about 3 mm), and, where there is room, a label.
MIN_PX = 12
# The regional view is read on phones: a 360-px screen less the page's 1rem
# margins. The world view is context, read on a desktop at about 1000 px; on
# a phone the regional view and its inset are what show the Gulf.
PHONE_MAP_WIDTH = 328
DESKTOP_MAP_WIDTH = 1000
LABEL_PX = 11

# Territories whose sovereignty is disputed, drawn hatched and assigned to no
# country, keyed by code or, for areas without one, by the data's name.
DISPUTED = {
    "EH": gettext_lazy("Western Sahara"),
    "PS": gettext_lazy("West Bank and Gaza (Palestinian territories)"),
    "N. Cyprus": gettext_lazy("Northern Cyprus"),
    "Somaliland": gettext_lazy("Somaliland"),
    "Siachen Glacier": gettext_lazy("Siachen Glacier"),
}
# Disputed too, but Natural Earth draws them inside the country that holds
# them and the shipped geometry has no line to cut them out: say so in words.
DRAWN_WITHIN = (
    (gettext_lazy("the Golan Heights"), "IL", gettext_lazy("Israel")),
    (gettext_lazy("Crimea"), "RU", gettext_lazy("Russia")),
)

# The default view frames these countries: from Western Sahara and Morocco to
# Kazakhstan and Kyrgyzstan, from Turkey to Sudan and Yemen, where every
# signatory, announced country and candidate lies.
REGION_FRAME = ("EH", "MA", "TR", "KZ", "KG", "TJ", "SD", "YE", "IL", "AE")
# The inset enlarges the smallest of them, Israel and the Gulf states.
INSET_FRAME = ("IL", "PS", "LB", "KW", "BH", "QA", "AE")
VIEW_MARGIN = 12  # viewBox units around a view's frame

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
<pattern id="world-map-pattern-disputed" class="world-map-pattern" \
patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">\
<rect class="pattern-ground" width="4" height="4"/>\
<rect class="pattern-ink" width="1" height="4"/></pattern>\
</defs>"""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @classmethod
    def around(cls, bounds: Iterable[tuple[float, float, float, float]], margin=0):
        left, top, right, bottom = zip(*bounds, strict=True)
        x, y = min(left) - margin, min(top) - margin
        return cls(x, y, max(right) + margin - x, max(bottom) + margin - y)

    @property
    def view_box(self) -> str:
        return " ".join(_number(n) for n in (self.x, self.y, self.width, self.height))

    def meets(self, bounds: tuple[float, float, float, float]) -> bool:
        left, top, right, bottom = bounds
        return (
            right >= self.x
            and left <= self.x + self.width
            and bottom >= self.y
            and top <= self.y + self.height
        )


@dataclass(frozen=True)
class Shape:
    iso2: str
    name: str
    d: str
    center: tuple[float, float]
    size: float
    bounds: tuple[float, float, float, float]  # left, top, right, bottom
    disputed: str = ""  # its name as a disputed territory

    @property
    def narrowest(self) -> float:
        left, top, right, bottom = self.bounds
        return min(right - left, bottom - top)


@dataclass(frozen=True)
class World:
    view_box: str
    attribution: str
    shapes: tuple[Shape, ...]
    by_code: Mapping[str, Shape]


@dataclass(frozen=True)
class View:
    key: str
    box: Box
    width_px: int  # the width the view must stay legible at
    inset: Box | None = None
    # Names beside markers; the world view is too small a scale for them.
    labels: bool = True

    @property
    def units_per_px(self) -> float:
        return self.box.width / self.width_px


@functools.cache
def world() -> World:
    """The map data, read once per process on first use."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    shapes = [
        Shape(
            iso2=item["iso2"],
            name=item["name"],
            d=item["d"],
            center=tuple(item["center"]),
            size=item["size"],
            bounds=_bounds(_rings(item["d"])),
            disputed=DISPUTED.get(item["iso2"] or item["name"], ""),
        )
        for item in data["countries"]
    ]
    shapes = _separate_western_sahara(shapes)
    return World(
        view_box=" ".join(str(n) for n in data["viewBox"]),
        attribution=data["attribution"],
        shapes=tuple(shapes),
        by_code={shape.iso2: shape for shape in shapes if shape.iso2},
    )


def _separate_western_sahara(shapes: list[Shape]) -> list[Shape]:
    """Give Western Sahara back the part Natural Earth draws inside Morocco.

    Natural Earth draws lines of control: Morocco's shape runs down to
    Mauritania and "Western Sahara" is only the strip east of the berm. The
    territory's northern border is the parallel 27°40′ N, a straight line in
    this projection and the top edge of that strip, so everything of
    Morocco's shape south of it is Western Sahara.
    """
    index = {shape.iso2: i for i, shape in enumerate(shapes) if shape.iso2}
    if "MA" not in index or "EH" not in index:
        return shapes
    morocco, sahara = shapes[index["MA"]], shapes[index["EH"]]
    border = sahara.bounds[1]
    north, south = [], []
    for ring in _rings(morocco.d):
        north += _clip(ring, border, keep_north=True)
        south += _clip(ring, border, keep_north=False)
    sahara_rings = _rings(sahara.d) + south
    shapes[index["MA"]] = replace(morocco, d=_path(north), bounds=_bounds(north))
    bounds = _bounds(sahara_rings)
    shapes[index["EH"]] = replace(
        sahara,
        d=sahara.d + _path(south),
        bounds=bounds,
        center=((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2),
        size=max(bounds[2] - bounds[0], bounds[3] - bounds[1]),
    )
    return shapes


def _clip(ring: list, y: float, *, keep_north: bool) -> list[list]:
    """The part of a ring north (smaller y) or south of the line at ``y``."""

    def inside(point):
        return point[1] <= y if keep_north else point[1] >= y

    out = []
    for current, following in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            (x0, y0), (x1, y1) = current, following
            out.append((x0 + (y - y0) * (x1 - x0) / (y1 - y0), y))
    return [out] if len(out) >= 3 else []


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a path written as "M x y l dx dy … z", in absolute points."""
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


def _path(rings: list[list[tuple[float, float]]]) -> str:
    out = []
    for ring in rings:
        points = [(round(x, 1), round(y, 1)) for x, y in ring]
        (x, y), rest = points[0], points[1:]
        deltas = []
        for px, py in rest:
            deltas += [_number(px - x), _number(py - y)]
            x, y = px, py
        out.append(f"M{_number(points[0][0])} {_number(points[0][1])}l")
        out[-1] += " ".join(deltas) + "z"
    return "".join(out)


def _bounds(rings: list[list[tuple[float, float]]]) -> tuple[float, ...]:
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


@functools.cache
def views() -> dict[str, View]:
    """The views a reader can choose, the default first."""
    data = world()

    def frame(codes):
        return [data.by_code[code].bounds for code in codes if code in data.by_code]

    left, top, width, height = (float(n) for n in data.view_box.split())
    return {
        "region": View(
            key="region",
            box=Box.around(frame(REGION_FRAME), VIEW_MARGIN),
            width_px=PHONE_MAP_WIDTH,
            inset=Box.around(frame(INSET_FRAME), 4),
        ),
        "world": View(
            key="world",
            box=Box(left, top, width, height),
            width_px=DESKTOP_MAP_WIDTH,
            labels=False,
        ),
    }


DEFAULT_VIEW = "region"


def view_named(name: str | None) -> str:
    """The view a ``?map=`` value asks for; anything unknown gets the default,
    since a mistyped view is no reason to withhold the page."""
    return name if name in views() else DEFAULT_VIEW


def render_world_map(
    statuses: Mapping[str, str],
    *,
    title: str,
    links: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    description: str | None = None,
    id_prefix: str = "world-map",
    legend: bool = True,
    view: str = DEFAULT_VIEW,
    listed: Collection[str] = (),
) -> SafeString:
    """A ``<figure>`` with the map and, unless ``legend=False``, its legend.

    ``statuses`` maps ISO alpha-2 codes to "signatory", "announced",
    "candidate", "party" or "broker". ``links`` maps codes to the address a
    country links to; ``names`` overrides the map's own country names in
    accessible names and the description. Countries with a status but no link
    are drawn and named, not linked. Codes the map does not know are left out
    of the drawing but still named in the description. ``view`` is "region"
    or "world". ``listed`` holds the codes whose links a list right after the
    map repeats: those map links stay clickable but leave the tab order, so
    keyboard users do not pass each country twice.
    """
    links = links or {}
    names = names or {}
    unknown = {value for value in statuses.values() if value not in CSS_CLASSES}
    if unknown:
        raise ValueError(
            f"Unknown map status {sorted(unknown)}: use one of {list(CSS_CLASSES)}."
        )
    data = world()
    chosen = views()[view_named(view)]
    codes = {code.upper(): value for code, value in statuses.items()}
    links = {code.upper(): url for code, url in links.items()}
    names = {code.upper(): name for code, name in names.items()}
    listed = {code.upper() for code in listed}

    def name_of(code: str) -> str:
        if code in names:
            return names[code]
        shape = data.by_code.get(code)
        return shape.name if shape else code

    in_view = [shape for shape in data.shapes if chosen.box.meets(shape.bounds)]
    # Largest first, so small countries and their markers are drawn on top.
    drawn = sorted(
        (shape for shape in in_view if shape.iso2 in codes),
        key=lambda shape: (-shape.size, shape.iso2),
    )
    disputed = [s for s in in_view if s.disputed and s.iso2 not in codes]
    outside = sorted(
        name_of(code)
        for code in codes
        if code in data.by_code and not chosen.box.meets(data.by_code[code].bounds)
    )

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if description is None:
        description = describe(codes, name_of, disputed=disputed, outside=outside)
    linked = any(shape.iso2 in links for shape in drawn)
    inset = chosen.inset
    parts = [
        format_html(
            # With links inside, the map keeps the svg's own role (a graphics
            # document, its links exposed); "img" would hide them, and HTML
            # allows no "group" on an svg.
            '<svg class="world-map-svg" viewBox="{}"{} '
            'aria-labelledby="{}" aria-describedby="{}" fill-rule="evenodd">'
            '<title id="{}">{}</title><desc id="{}">{}</desc>',
            chosen.box.view_box,
            "" if linked else mark_safe(' role="img"'),
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
        f'<path d="{shape.d}"/>'
        for shape in in_view
        if shape.iso2 not in codes and not shape.disputed
    ]
    parts.append("</g>")
    parts.append(_disputed(disputed))
    parts.append('<g class="world-map-countries">')
    for shape in drawn:
        code = shape.iso2
        parts.append(
            _country(
                shape,
                codes[code],
                links.get(code),
                name_of,
                view=chosen,
                out_of_tab_order=code in listed,
                # The inset labels what it enlarges.
                label=not (inset and inset.meets(shape.bounds)),
            )
        )
    parts.append("</g>")
    if inset:
        parts.append(
            format_html(
                '<rect class="world-map-inset-frame" x="{}" y="{}" width="{}" '
                'height="{}" aria-hidden="true"/>',
                *(_number(n) for n in (inset.x, inset.y, inset.width, inset.height)),
            )
        )
    parts.append("</svg>")
    figure = [f'<figure class="world-map world-map--{chosen.key}">', *parts]
    if inset:
        figure.append(_inset(inset, data.shapes, codes, name_of))
    if legend:
        figure.append(_legend(codes, disputed, outside, chosen))
    figure.append("</figure>")
    return mark_safe("".join(figure))


def _marker_radius(shape: Shape, units_per_px: float) -> float | None:
    """The rule: narrower than MIN_PX at the view's width gets a marker."""
    if shape.narrowest / units_per_px >= MIN_PX:
        return None
    return round(MIN_PX / 2 * units_per_px, 1)


def _label(shape: Shape, name: str, radius: float | None, units_per_px, box: Box):
    """A country's name beside it, on the side with more room in the box."""
    cx, cy = shape.center
    to_the_left = cx > box.x + box.width / 2
    reach = radius or (cx - shape.bounds[0] if to_the_left else shape.bounds[2] - cx)
    gap = reach + 3 * units_per_px
    return format_html(
        '<text class="world-map-label" x="{}" y="{}" font-size="{}" '
        'text-anchor="{}" dominant-baseline="central">{}</text>',
        _number(cx - gap if to_the_left else cx + gap),
        _number(cy),
        _number(LABEL_PX * units_per_px),
        "end" if to_the_left else "start",
        name,
    )


def _country(
    shape: Shape,
    status: str,
    url: str | None,
    name_of,
    *,
    view: View,
    out_of_tab_order: bool = False,
    label: bool = True,
) -> str:
    accessible_name = f"{name_of(shape.iso2)}: {WORDS[status]}"
    if shape.disputed:
        accessible_name += " " + _("(disputed territory)")
    radius = _marker_radius(shape, view.units_per_px)
    marker = ""
    if radius:
        marker = format_html(
            '<circle class="marker" cx="{}" cy="{}" r="{}"/>',
            _number(shape.center[0]),
            _number(shape.center[1]),
            _number(radius),
        )
        if label and view.labels:
            marker += _label(
                shape, name_of(shape.iso2), radius, view.units_per_px, view.box
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
            '<a href="{}" class="{}" aria-label="{}" data-iso="{}"{}>{}</a>',
            url,
            css,
            accessible_name,
            shape.iso2,
            mark_safe(' tabindex="-1"' if out_of_tab_order else ""),
            inner,
        )
    return format_html(
        '<g class="{}" role="img" aria-label="{}" data-iso="{}">{}</g>',
        css,
        accessible_name,
        shape.iso2,
        inner,
    )


def _disputed(shapes: list[Shape]) -> str:
    items = [
        format_html(
            '<g class="disputed" role="img" aria-label="{}" '
            'data-disputed="{}"><title>{}</title>'
            '<path d="{}"/></g>',
            _("%(name)s: disputed territory") % {"name": shape.disputed},
            shape.iso2 or shape.name,
            _("%(name)s: disputed territory") % {"name": shape.disputed},
            mark_safe(shape.d),
        )
        for shape in shapes
    ]
    return '<g class="world-map-disputed">' + "".join(items) + "</g>"


def _inset(box: Box, shapes: Iterable[Shape], codes, name_of) -> str:
    """Israel and the Gulf enlarged, for the eye only: the main map and its
    description already say all it shows, so it is hidden from assistive
    technology and holds no links."""
    view = View(key="inset", box=box, width_px=PHONE_MAP_WIDTH)
    parts = [
        format_html(
            '<div class="world-map-inset" aria-hidden="true">'
            '<p class="world-map-inset-title">{}</p>',
            _("Israel and the Gulf, enlarged"),
        ),
        format_html(
            '<svg class="world-map-svg" viewBox="{}" fill-rule="evenodd">'
            '<g class="world-map-land">',
            box.view_box,
        ),
    ]
    in_view = [shape for shape in shapes if box.meets(shape.bounds)]
    parts += [
        f'<path d="{shape.d}"/>'
        for shape in in_view
        if shape.iso2 not in codes and not shape.disputed
    ]
    parts.append('</g><g class="world-map-disputed">')
    parts += [
        f'<path class="disputed" d="{shape.d}"/>'
        for shape in in_view
        if shape.disputed and shape.iso2 not in codes
    ]
    parts.append('</g><g class="world-map-countries">')
    for shape in sorted(
        (shape for shape in in_view if shape.iso2 in codes),
        key=lambda shape: (-shape.size, shape.iso2),
    ):
        radius = _marker_radius(shape, view.units_per_px)
        marker = ""
        if radius:
            marker = format_html(
                '<circle class="marker" cx="{}" cy="{}" r="{}"/>',
                _number(shape.center[0]),
                _number(shape.center[1]),
                _number(radius),
            )
        parts.append(
            format_html(
                '<g class="country {}" data-inset-iso="{}"><path d="{}"/>{}{}</g>',
                CSS_CLASSES[codes[shape.iso2]],
                shape.iso2,
                mark_safe(shape.d),
                marker,
                _label(shape, name_of(shape.iso2), radius, view.units_per_px, box),
            )
        )
    parts.append("</g></svg></div>")
    return "".join(parts)


def _legend(codes: Mapping[str, str], disputed, outside, view: View) -> str:
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
    notes = []
    if disputed:
        items.append(
            '<li><svg class="world-map-key" viewBox="0 0 24 16" aria-hidden="true">'
            '<rect class="disputed" x="1" y="1" width="22" height="14"/></svg>'
            + str(_("Disputed territory"))
            + "</li>"
        )
        notes.append(
            _names_note(
                _(
                    "Disputed territories, hatched and assigned to no country: "
                    "%(names)s."
                ),
                sorted(str(shape.disputed) for shape in disputed),
            )
        )
    within = [
        _("%(territory)s (%(country)s)") % {"territory": territory, "country": country}
        for territory, code, country in DRAWN_WITHIN
        if code in world().by_code and view.box.meets(world().by_code[code].bounds)
    ]
    if within:
        notes.append(
            _names_note(
                _(
                    "Also disputed, and drawn inside the country that holds them as "
                    "the source map does: %(names)s."
                ),
                within,
            )
        )
    if view.inset:
        notes.append(_("The box marks the area shown enlarged."))
    if outside:
        notes.append(_names_note(_("Outside this view: %(names)s."), outside))
    caption = '<figcaption class="world-map-legend"><ul>' + "".join(items) + "</ul>"
    caption += "".join(
        format_html('<p class="world-map-note">{}</p>', note) for note in notes
    )
    return caption + "</figcaption>"


def _names_note(sentence: str, names: Iterable[str]) -> SafeString:
    """A translated sentence listing place names, each isolated in <bdi> so
    an English name keeps its punctuation in place on a right-to-left page."""
    listing = format_html_join(
        list_separator(), "<bdi>{}</bdi>", ((name,) for name in names)
    )
    return mark_safe(conditional_escape(sentence) % {"names": listing})


def describe(codes: Mapping[str, str], name_of, *, disputed=(), outside=()) -> str:
    """One sentence per status, countries by name: the map in words."""
    sentences = []
    for key, _css, label, _word in KINDS:
        members = sorted(name_of(code) for code, value in codes.items() if value == key)
        if members:
            sentences.append(f"{label}: {list_separator().join(members)}.")
    text = " ".join(sentences) or _("No country has an accords status on this date.")
    if disputed:
        names = list_separator().join(sorted(str(shape.disputed) for shape in disputed))
        text += " " + _(
            "Disputed territories, hatched and assigned to no country: %(names)s."
        ) % {"names": names}
    if outside:
        text += " " + _("Outside this view: %(names)s.") % {
            "names": list_separator().join(outside)
        }
    return text


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
