"""Build countries/data/world-50m.json from Natural Earth's 1:50m countries.

A one-off, run by hand when the map geometry should change; its output is
committed, so the site needs no network and no geo library at run time.

The source is npm `world-atlas@2.0.2` (countries-50m.json, TopoJSON); 110m is
not enough because it has no Bahrain. The script decodes the quantized arcs,
projects them with Equal Earth, simplifies each shared arc once (so borders of
neighbours stay identical), rounds to a 2000-unit-wide grid and writes one SVG
path per country, keyed by ISO 3166-1 alpha-2.

ISO numeric codes are mapped to alpha-2 with pycountry, needed at build time
only, so it lives in a throwaway virtualenv:

    python3 -m venv /tmp/map-venv
    /tmp/map-venv/bin/pip install pycountry==26.2.16
    /tmp/map-venv/bin/python scripts/build_world_map.py
    # or, with a tarball already unpacked: ... --topojson path/countries-50m.json
"""

import argparse
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

try:
    import pycountry
except ImportError:
    sys.exit(
        "pycountry is needed to build the map: install it in a throwaway "
        "virtualenv (see the top of this script)."
    )

PACKAGE = "world-atlas@2.0.2"
OUTPUT = Path(__file__).resolve().parent.parent / "countries/data/world-50m.json"
WIDTH = 2000  # viewBox units; coordinates are whole units
TOLERANCE = 0.5  # Douglas-Peucker tolerance in viewBox units
MIN_RING_AREA = 2.0  # islets smaller than this (units²) are dropped
# Countries smaller than this (units) are drawn from a finer grid, so that
# Bahrain or Malta keep their shape instead of collapsing to a point.
FINE_BELOW = 16
FINE_GRID = 10  # tenths of a unit
SOUTHERN_LIMIT = -60.0  # Antarctica is left out; everything else is north of it
ATTRIBUTION = (
    "Country shapes: Natural Earth 1:50m Admin 0 countries (public domain, "
    "naturalearthdata.com), via npm world-atlas 2.0.2 (ISC licence, "
    "Mike Bostock). Projected with Equal Earth and simplified by "
    "scripts/build_world_map.py."
)

# Natural Earth features without an ISO numeric code that still are countries.
NO_NUMERIC = {"Kosovo": "XK"}
# ISO's formal names read badly on a map and in link names.
NAMES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "KP": "North Korea",
    "KR": "South Korea",
    "MF": "Saint Martin",
    "PN": "Pitcairn Islands",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "XK": "Kosovo",
}

# Equal Earth (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def fetch_topojson(workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extract("package/countries-50m.json", workdir, filter="data")
    return workdir / "package/countries-50m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list:
    """Douglas-Peucker, iterative; keeps both ends so shared borders still meet."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring: list[tuple[float, float]]) -> float:
    return (
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        )
        / 2
    )


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = ring_area(ring)
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return "0" if text in ("", "-0", "-") else text


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """Absolute move, then relative lines, separators only where needed."""
    out = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        text, previous = f"M{number(x)} {number(y)}l", ""
        for px, py in rest:
            for delta in (px - x, py - y):
                token = number(delta)
                # "-" always starts a new number; "." does after a decimal.
                joined = (
                    not previous
                    or token.startswith("-")
                    or (token.startswith(".") and "." in previous)
                )
                text += token if joined else " " + token
                previous = token
            x, y = px, py
        out.append(text + "z")
    return "".join(out)


def country_code(feature: dict) -> str | None:
    numeric = feature.get("id")
    if numeric is None:
        return NO_NUMERIC.get(feature["properties"]["name"])
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def country_name(code: str, feature: dict) -> str:
    if code in NAMES:
        return NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return feature["properties"]["name"]
    return getattr(country, "common_name", None) or country.name


def cut_at_antimeridian(arc: list[tuple[float, float]]) -> list:
    """Add the points where an arc crosses ±180°, on both sides.

    Natural Earth joins the pieces of Russia and Fiji across the antimeridian;
    drawn flat, the edge from 179.9° to -179.9° would streak across the map.
    With the crossing points in place, rings can be split there later.
    """
    out = [arc[0]]
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(arc):
        if abs(lon1 - lon0) > 180:
            side = 180.0 if lon0 > 0 else -180.0
            unwrapped = lon1 + 2 * side
            span = unwrapped - lon0
            t = (side - lon0) / span if span else 0.0
            lat = lat0 + t * (lat1 - lat0)
            if lon0 != side:
                out.append((side, lat))
            if lon1 != -side:
                out.append((-side, lat))
        out.append((lon1, lat1))
    return out


def is_jump(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(q[0] - p[0]) > WIDTH / 2


def split_ring(ring: list) -> list[list]:
    """Cut a ring that crosses the antimeridian into one piece per side.

    Each piece then closes along the map's edge instead of across the map.
    """
    jumps = [i for i in range(len(ring)) if is_jump(ring[i], ring[(i + 1) % len(ring)])]
    if not jumps:
        return [ring]
    if len(jumps) != 2:
        raise ValueError(f"a ring crosses the antimeridian {len(jumps)} times")
    first, second = jumps
    rotated = ring[first + 1 :] + ring[: first + 1]
    cut = second - first
    return [rotated[:cut], rotated[cut:]]


def grid_arcs(arcs: list[list], tolerance: float, grid: int) -> list[list]:
    """Simplify then snap every arc to a grid of 1/grid units."""
    snapped = []
    for arc in arcs:
        # Simplify each side of a jump apart, so the crossing points stay.
        pieces, start = [], 0
        for i in range(1, len(arc)):
            if is_jump(arc[i - 1], arc[i]):
                pieces.append(arc[start:i])
                start = i
        pieces.append(arc[start:])
        simplified = [p for piece in pieces for p in simplify(piece, tolerance)]
        points = [
            (round(x * grid) / grid, round(y * grid) / grid) for x, y in simplified
        ]
        snapped.append(points if grid != 1 else [(int(x), int(y)) for x, y in points])
    return snapped


def assemble_ring(arcs: list[list], arc_indexes: list[int]) -> list:
    """A closed ring from TopoJSON arc references (~i is arc i reversed)."""
    points: list = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    ring = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def drawable(arcs: list[list], rings: list[list[int]], min_area: float) -> list:
    """The rings that survive the grid, largest first; islets below min_area
    are dropped unless the largest ring is all there is."""
    pieces = [
        piece
        for ring in rings
        for piece in split_ring(assemble_ring(arcs, ring))
        if len(set(piece)) >= 3 and ring_area(piece)
    ]
    pieces.sort(key=lambda r: -abs(ring_area(r)))
    return pieces[:1] + [r for r in pieces[1:] if abs(ring_area(r)) >= min_area]


def build(topology: dict) -> dict:
    raw_arcs = decode_arcs(topology)
    # Scale so the full ±180° span is WIDTH wide; y grows downwards in SVG.
    x_max = equal_earth(180, 0)[0]
    scale = WIDTH / (2 * x_max)
    projected = []
    for arc in raw_arcs:
        points = [equal_earth(lon, lat) for lon, lat in cut_at_antimeridian(arc)]
        projected.append([((x + x_max) * scale, -y * scale) for x, y in points])
    coarse = grid_arcs(projected, TOLERANCE, 1)
    fine = grid_arcs(projected, 1 / FINE_GRID, FINE_GRID)
    northernmost = [max(lat for _lon, lat in arc) for arc in raw_arcs]

    by_code: dict[str, dict] = {}
    unnamed = 0
    for feature in topology["objects"]["countries"]["geometries"]:
        if feature["type"] == "Polygon":
            polygons = [feature["arcs"]]
        elif feature["type"] == "MultiPolygon":
            polygons = feature["arcs"]
        else:
            continue
        rings = [
            ring
            for polygon in polygons
            for ring in polygon
            if any(northernmost[i if i >= 0 else ~i] > SOUTHERN_LIMIT for i in ring)
        ]
        if not rings:
            continue  # Antarctica
        code = country_code(feature)
        if code is None:
            # Disputed or unrecognised areas: drawn as land, never linked.
            unnamed += 1
            key, name = f"_{unnamed}", feature["properties"]["name"]
        else:
            key, name = code, country_name(code, feature)
        # Some codes come in several features (Ashmore and Cartier is Australia).
        by_code.setdefault(key, {"name": name, "rings": []})["rings"].extend(rings)

    countries = []
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    for key, entry in sorted(by_code.items()):
        # How big the country looks: its largest piece, not the spread of its
        # islands (Kiribati spans the Pacific yet is a few dots).
        exact = max(
            (
                piece
                for ring in entry["rings"]
                for piece in split_ring(assemble_ring(projected, ring))
            ),
            key=lambda r: abs(ring_area(r)),
        )
        size = max(
            max(x for x, _ in exact) - min(x for x, _ in exact),
            max(y for _, y in exact) - min(y for _, y in exact),
        )
        # Atolls spread over an ocean (Kiribati) are wide yet vanish on the
        # coarse grid: fall back to the fine one rather than lose the country.
        grids = [(coarse, MIN_RING_AREA), (fine, 0.0)]
        if size < FINE_BELOW:
            grids = grids[1:]
        kept = next(
            (
                rings
                for arcs, min_area in grids
                if (rings := drawable(arcs, entry["rings"], min_area))
            ),
            None,
        )
        if not kept:
            print(f"skipped {entry['name']}: too small to draw", file=sys.stderr)
            continue
        largest = kept[0]
        xs = [x for ring in kept for x, _ in ring]
        ys = [y for ring in kept for _, y in ring]
        bounds = [
            min(bounds[0], *xs),
            min(bounds[1], *ys),
            max(bounds[2], *xs),
            max(bounds[3], *ys),
        ]
        cx, cy = ring_centroid(largest)
        countries.append(
            {
                "iso2": "" if key.startswith("_") else key,
                "name": entry["name"],
                # Where a marker goes when the shape is too small to see.
                "center": [round(cx, 1), round(cy, 1)],
                "size": round(size, 1),
                "d": path_data(kept),
            }
        )
    margin = 4
    left, top = math.floor(bounds[0] - margin), math.floor(bounds[1] - margin)
    width = math.ceil(bounds[2] + margin) - left
    height = math.ceil(bounds[3] + margin) - top
    return {
        "attribution": ATTRIBUTION,
        "projection": "Equal Earth",
        "viewBox": [left, top, width, height],
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-50m.json to use")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        source = args.topojson or fetch_topojson(Path(workdir))
        topology = json.loads(source.read_text(encoding="utf-8"))
    data = build(topology)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    size = args.output.stat().st_size
    print(f"{len(data['countries'])} countries, {size:,} bytes -> {args.output}")


if __name__ == "__main__":
    main()
