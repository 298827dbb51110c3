"""A map of Paris drawn from the arrondissements' polygons, as SVG paths (no tile server).

The projection is equirectangular around Paris's latitude: at this scale (a dozen kilometres) it
is indistinguishable from Lambert-93 to the eye, and needs no dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from directions.models import Arrondissement

PARIS_LATITUDE = 48.8566


@dataclass(frozen=True)
class MapShape:
    number: int
    label: str
    official_name: str
    path: str  # SVG path data
    label_x: float
    label_y: float


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


@lru_cache(maxsize=4)
def _cached_shapes(width: int, padding: int, signature: tuple) -> tuple[tuple[MapShape, ...], int]:
    rows = list(
        Arrondissement.objects.order_by("number").values(
            "number", "label", "official_name", "geometry"
        )
    )
    kx = math.cos(math.radians(PARIS_LATITUDE))
    points = [
        (lon * kx, lat) for row in rows for ring in _rings(row["geometry"]) for lon, lat in ring
    ]
    if not points:
        return (), 0
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    scale = (width - 2 * padding) / (max_x - min_x)
    height = round((max_y - min_y) * scale + 2 * padding)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return padding + (lon * kx - min_x) * scale, padding + (max_y - lat) * scale

    shapes = []
    for row in rows:
        parts = []
        xs: list[float] = []
        ys: list[float] = []
        for ring in _rings(row["geometry"]):
            coords = [project(lon, lat) for lon, lat in ring]
            xs += [c[0] for c in coords]
            ys += [c[1] for c in coords]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        if not parts:
            continue
        # The label goes at the mean of the vertices: good enough for these compact shapes.
        shapes.append(
            MapShape(
                number=row["number"],
                label=row["label"],
                official_name=row["official_name"],
                path="".join(parts),
                label_x=round(sum(xs) / len(xs), 1),
                label_y=round(sum(ys) / len(ys), 1),
            )
        )
    return tuple(shapes), height


def paris_map(width: int = 640, padding: int = 8) -> tuple[tuple[MapShape, ...], int]:
    """The arrondissements as SVG shapes fitted to `width`, and the map's height."""
    signature = tuple(Arrondissement.objects.order_by("number").values_list("number", flat=True))
    return _cached_shapes(width, padding, signature)
