#!/usr/bin/env python3
"""Builds the world map's data from two pinned npm packages (run by hand; nothing is fetched
when Dossier runs):

    python3 resources/geo/build.py          # then resources/gazetteer/build.py

- countries.tsv: country outlines, Natural Earth 1:110m (public domain) as packaged by
  `world-atlas` (ISC). One polygon a line: ISO 3166 numeric code, name, then its rings (the
  outer one first, holes after), each "lon,lat lon,lat …" in degrees to 0.01.
- label-points.tsv: a point well inside each country's largest polygon (its pole of
  inaccessibility, found on a grid), where the map puts a country's marker; the gazetteer's
  countries take their coordinates from it. Keyed by ISO alpha-2 through country-coder.
- reference-qids.tsv: ISO alpha-2, Wikidata QID and English name of every country and
  territory in `@rapideditor/country-coder` (ISC; its QIDs are Wikidata's, CC0): the
  reference a test checks the gazetteer's QIDs against.
"""

import hashlib
import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = {"world-atlas": "2.0.2", "@rapideditor/country-coder": "5.6.1"}


def fetch(tmp: Path) -> dict:
    out = {}
    for name, version in PACKAGES.items():
        subprocess.run(["npm", "pack", "-q", f"{name}@{version}"], cwd=tmp, check=True,
                       capture_output=True)
        tgz = next(tmp.glob(name.replace("@", "").replace("/", "-") + f"-{version}.tgz"))
        dest = tmp / tgz.stem
        with tarfile.open(tgz) as t:
            t.extractall(dest, filter="data")
        out[name] = (dest / "package", hashlib.sha256(tgz.read_bytes()).hexdigest(), tgz.name)
    return out


def decode_arcs(topo: dict) -> list:
    """TopoJSON's quantised, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indices: list) -> list:
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        # Consecutive arcs share their end point.
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(r: list) -> list:
    """A ring that crosses the antimeridian, made drawable on a flat map: the pole's ring
    (Antarctica) closes along the map's bottom edge; another (Russia's Chukotka, Fiji) carries on
    past 180° rather than jumping back to −180°."""
    jumps = [k for k, (a, b) in enumerate(zip(r, r[1:])) if abs(a[0] - b[0]) > 180]
    if not jumps:
        return r
    if min(y for _, y in r) < -80:
        k = jumps[0]
        a, b = r[k], r[k + 1]
        return r[: k + 1] + [(a[0], -90.0), (b[0], -90.0)] + r[k + 1:]
    return [(x + 360 if x < 0 else x, y) for x, y in r]


def area(r: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]))) / 2


def inside(p, r) -> bool:
    x, y = p
    hit = False
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            hit = not hit
    return hit


def edge_distance(p, r) -> float:
    best = math.inf
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        dx, dy = x1 - x0, y1 - y0
        t = 0 if dx == dy == 0 else max(0, min(1, ((p[0] - x0) * dx + (p[1] - y0) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(p[0] - x0 - t * dx, p[1] - y0 - t * dy))
    return best


def label_point(r: list) -> tuple:
    """The point of `r` farthest from its edges, on a grid refined three times."""
    xs, ys = [p[0] for p in r], [p[1] for p in r]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    best, score = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    for _ in range(3):
        n = 24
        for i in range(n + 1):
            for j in range(n + 1):
                p = (x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * j / n)
                if inside(p, r):
                    d = edge_distance(p, r)
                    if d > score:
                        best, score = p, d
        w, h = (x1 - x0) / 6, (y1 - y0) / 6
        x0, x1, y0, y1 = best[0] - w, best[0] + w, best[1] - h, best[1] + h
    return best


def fmt(points: list) -> str:
    return " ".join(f"{x:.2f},{y:.2f}".replace("-0.00", "0.00") for x, y in points)


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        pkgs = fetch(Path(t))
        atlas_dir, atlas_sha, atlas_file = pkgs["world-atlas"]
        coder_dir, coder_sha, coder_file = pkgs["@rapideditor/country-coder"]
        topo = json.loads((atlas_dir / "countries-110m.json").read_text())
        borders = json.loads((coder_dir / "src/data/borders.json").read_text())
    arcs = decode_arcs(topo)
    by_numeric = {}
    refs = []
    for f in borders["features"]:
        p = f["properties"]
        if p.get("iso1A2") and p.get("wikidata"):
            refs.append((p["iso1A2"], p["wikidata"], p.get("nameEn", "")))
            if p.get("iso1N3"):
                by_numeric[p["iso1N3"]] = p["iso1A2"]
    lines = ["# id\tname\trings (outer first): lon,lat …  — Natural Earth 1:110m via world-atlas"]
    points = ["code\tlat\tlon\tname"]
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        name = g["properties"]["name"]
        rings_of = [[unwrap(ring(arcs, r)) for r in poly] for poly in polys]
        for rings in rings_of:
            lines.append("\t".join([g.get("id", ""), name] + [fmt(r) for r in rings]))
        code = by_numeric.get(g.get("id", ""))
        if code and rings_of:
            largest = max(rings_of, key=lambda rs: area(rs[0]))[0]
            lon, lat = label_point(largest)
            lon = lon - 360 if lon > 180 else lon
            points.append(f"{code}\t{lat:.3f}\t{lon:.3f}\t{name}")
    (HERE / "countries.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "label-points.tsv").write_text("\n".join(points) + "\n", encoding="utf-8")
    refs.sort()
    (HERE / "reference-qids.tsv").write_text(
        "code\tqid\tname\n" + "".join(f"{c}\t{q}\t{n}\n" for c, q, n in refs), encoding="utf-8")
    (HERE / "SOURCES.md").write_text(
        "# Where the world map's data comes from\n\n"
        "Built by `build.py` in this folder; nothing is fetched when Dossier runs.\n\n"
        "| file | source | licence | package (sha256) |\n| --- | --- | --- | --- |\n"
        f"| countries.tsv, label-points.tsv | Natural Earth 1:110m admin 0 countries via world-atlas "
        f"| public domain (Natural Earth) / ISC (world-atlas) | {atlas_file} ({atlas_sha[:16]}…) |\n"
        f"| reference-qids.tsv | Wikidata ids via country-coder | CC0 (Wikidata) / ISC | "
        f"{coder_file} ({coder_sha[:16]}…) |\n\n"
        f"{len(lines) - 1} polygons, {sum(l.count(',') for l in lines[1:])} points; "
        f"{len(points) - 1} label points; {len(refs)} reference ids.\n"
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.\n",
        encoding="utf-8")
    print(f"{len(lines) - 1} polygons, {len(points) - 1} label points, {len(refs)} QIDs")


if __name__ == "__main__":
    main()
