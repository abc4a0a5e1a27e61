#!/usr/bin/env python3
"""Builds world.tsv, the gazetteer Dossier ships, and SOURCES.md, which says where each list
came from. Run by hand when the sources change (it downloads two pinned wheels from PyPI):

    python3 resources/gazetteer/build.py

Countries and territories with their Wikidata QIDs and other names: OpenSanctions' `rigour`
(MIT; its territory list is drawn from Wikidata, CC0). Demonyms and adjectives ("Iraqi"): the CIA
World Factbook (public domain) as packaged by `pyworldatlas` (MIT). Capitals and cities of a
million or more: GeoNames (CC BY 4.0) as packaged by `pyworldatlas`; they carry their GeoNames
id (`geonames:N`) because neither package gives their QID. Organisations and armed groups:
orgs.tsv in this folder, curated by hand. Coordinates: a country's is the point
`../geo/build.py` found inside its Natural Earth outline (run that first); a small state
missing from those outlines, a city and a territory named like a city (Berlin) take GeoNames'.

Output columns (the same a user's own list uses): name, type, qid, aliases ("|"-separated),
lat, lon (decimal degrees, blank when unknown).
"""

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WHEELS = {"rigour": "2.6.1", "pyworldatlas": "0.10.0"}
# Names news uses for a city or a government, not for the territory of that name that the
# territories list has: "Washington" is the US capital (Q61) and, as a government, the US; the
# state is "Washington State".
PREFERRED = {
    "Washington": ("Q61", ["Washington, D.C.", "Washington DC", "Washington D.C."]),
}
# rigour's QID is another item than the one its name names: Q40362 is the Sahrawi Republic, not
# the territory; Q25231 is Svalbard alone, not the ISO pair (country-coder, the reference the
# tests check against, has these).
QID_FIXES = {"eh": "Q6250", "sj": "Q842829"}
RENAMED_TERRITORIES = {"Q1223": ("Washington State", ["Washington state"])}

MIN_CITY = 1_000_000
# City names that are ordinary English words: matched case-sensitively they still start
# sentences ("Male voters…"), so they stay out.
NOT_PLACES = {"Male", "Nice", "Mobile", "Reading", "Split", "Bath", "Victoria", "Kingston"}
# Other names in rigour that are not how English news names the place.
LATIN = re.compile(r"^[A-Z][A-Za-z .'’\-&]*$")
# Short forms English news uses that the lists lack.
EXTRA = {"us": ["US", "USA"], "gb": ["Britain", "British"], "ru": ["Russia"], "kr": ["South Korea"],
         "kp": ["North Korea"], "ir": ["Iran"], "sy": ["Syria"]}


def fetch(tmp: Path) -> dict:
    paths = {}
    for name, version in WHEELS.items():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp),
             f"{name}=={version}"],
            check=True,
        )
        wheel = next(tmp.glob(f"{name}-{version}-*.whl"))
        out = tmp / name
        zipfile.ZipFile(wheel).extractall(out)
        paths[name] = (out, hashlib.sha256(wheel.read_bytes()).hexdigest(), wheel.name)
    return paths


def territories(rigour: Path) -> list:
    sys.path.insert(0, str(rigour))
    from rigour._core import territories_jsonl  # noqa: E402

    return [json.loads(l) for l in territories_jsonl().splitlines() if l.strip()]


def demonym_forms(noun: str, adjective: str) -> list:
    forms = []
    for part in re.split(r",|;| or |/", f"{noun or ''},{adjective or ''}"):
        part = part.strip()
        plural = part.endswith("(s)")
        part = re.sub(r"\(.*?\)", "", part).strip()
        if not part or not part[0].isupper() or part.startswith("NA"):
            continue
        forms.append(part)
        if plural:
            forms.append(part + "s")
    return forms


def main() -> None:
    rows, seen = [], {}
    # Organisations first: rigour lists some as territories (the United Nations, the EU);
    # the curated entry, typed Organization, wins.
    orgs = []
    for line in (HERE / "orgs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or line.startswith("name\t") or not line.strip():
            continue
        name, ty, qid, aliases = (line.split("\t") + [""] * 4)[:4]
        orgs.append((name, ty, qid, [a for a in aliases.split("|") if a], None))


    with tempfile.TemporaryDirectory() as t:
        paths = fetch(Path(t))
        atlas = sqlite3.connect(paths["pyworldatlas"][0] / "pyworldatlas/data/atlas.sqlite3")
        by_code = {}
        label = {}
        for line in (HERE.parent / "geo/label-points.tsv").read_text(encoding="utf-8").splitlines()[1:]:
            code, lat, lon, _ = line.split("\t")
            label[code.lower()] = (float(lat), float(lon))
        # Small states the 1:110m outlines leave out (Singapore, Malta) sit at their capital.
        for code, lat, lon in atlas.execute(
            "select lower(c.alpha2), k.latitude, k.longitude from capital k "
            "join country c on c.id = k.country_id where k.is_primary = 1"
        ):
            label.setdefault(code, (lat, lon))
        for ter in territories(paths["rigour"][0]):
            if not ter.get("qid") or ter.get("is_historical"):
                continue
            names = [ter["name"], ter.get("full_name", "")]
            names += [n for n in ter.get("names_strong", []) if LATIN.match(n)]
            names = [n for n in names if "(" not in n] + EXTRA.get(ter["code"], [])
            qid = QID_FIXES.get(ter["code"], ter["qid"])
            by_code[ter["code"]] = [ter["name"], "GPE", qid, names[1:], label.get(ter["code"])]
        pop = dict(atlas.execute("select lower(alpha2), population from country"))
        demonyms = {}
        for code, noun, adj in atlas.execute(
            "select lower(c.alpha2), d.noun, d.adjective from country_demonym d "
            "join country c on c.id = d.country_id where d.language_code = 'en'"
        ):
            for form in demonym_forms(noun, adj):
                # A form two countries share ("French": France, Saint Pierre) goes to the
                # more populous one.
                best = demonyms.get(form)
                if best is None or (pop.get(code) or 0) > (pop.get(best) or 0):
                    demonyms[form] = code
        for form, code in demonyms.items():
            if code in by_code:
                by_code[code][3].append(form)
        for name, ty, qid, aliases, point in by_code.values():
            rows.append((name, ty, qid, aliases, point))
        country_names = {v[0] for code, v in by_code.items() if len(code) == 2}
        capitals = ["name\tlat\tlon\tentry"]
        for name, lat, lon in atlas.execute(
            "select name, latitude, longitude from capital where is_primary = 1 order by name"
        ):
            entry = "country" if name in country_names else "city"
            capitals.append(f"{name}\t{lat}\t{lon}\t{entry}")
        # The reference the gazetteer's test measures capitals against (GeoNames' coordinates).
        (HERE.parent / "geo/capitals.tsv").write_text("\n".join(capitals) + "\n", encoding="utf-8")
        cities = {}
        # Two cities of one name (Fuzhou, Hyderabad): the larger is the one news means.
        for name, gid, people, lat, lon in atlas.execute(
            "select name, geonames_id, coalesce(population, 0), latitude, longitude from capital "
            "where is_primary = 1 union select name, geonames_id, population, latitude, longitude "
            f"from city where population >= {MIN_CITY} order by 3"
        ):
            cities[name] = (gid, (lat, lon))
        # A city named like a territory already listed (Berlin, Beijing, Abu Dhabi: the state,
        # municipality or emirate), or like another name of one where it is (Hong Kong, Vatican
        # City), is left to that entry, which has a QID.
        territory_names = {r[0] for r in rows}
        near = lambda a, b: a and b and abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) < 0.5
        for k, (name, ty, qid, aliases, point) in enumerate(rows):
            for a in aliases:
                if a not in cities or a in NOT_PLACES:
                    continue
                if near(point, cities[a][1]):
                    territory_names.add(a)
                else:
                    # "Chelyabinsk" is the city, not the oblast; "Tunis" is not Tunisia.
                    rows[k] = (name, ty, qid, [x for x in rows[k][3] if x != a], point)
        for k, (name, ty, qid, aliases, point) in enumerate(rows):
            # Not "Washington" the state: its city is another place.
            if point is None and name in cities and qid not in RENAMED_TERRITORIES:
                rows[k] = (name, ty, qid, aliases, cities[name][1])
        for name, (gid, point) in sorted(cities.items()):
            if name not in NOT_PLACES and name not in territory_names and gid:
                rows.append((name, "GPE", f"geonames:{gid}", [], point))
    for k, (name, ty, qid, aliases, point) in enumerate(rows):
        if qid in RENAMED_TERRITORIES:
            new, more = RENAMED_TERRITORIES[qid]
            rows[k] = (new, ty, qid, list(aliases) + more, point)
    for name, (qid, aliases) in PREFERRED.items():
        rows.append((name, "GPE", qid, aliases, cities[name][1]))
    org_qids = {o[2] for o in orgs if o[2]}
    rows = orgs + [r for r in rows if r[2] not in org_qids]
    out = ["name\ttype\tqid\taliases\tlat\tlon"]
    for name, ty, qid, aliases, point in rows:
        uniq = []
        for a in aliases:
            a = a.strip()
            if a and a != name and a not in uniq:
                uniq.append(a)
        key = (name, qid)
        if key in seen:
            continue
        seen[key] = True
        lat, lon = (f"{point[0]:.4f}", f"{point[1]:.4f}") if point else ("", "")
        out.append("\t".join([name, ty, qid, "|".join(uniq), lat, lon]))
    (HERE / "world.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    sources = [
        "# Where world.tsv comes from",
        "",
        "Built by `build.py` in this folder; nothing is fetched when Dossier runs.",
        "",
        "| list | source | licence | package (sha256) |",
        "| --- | --- | --- | --- |",
        f"| countries, territories, QIDs, other names | Wikidata via OpenSanctions rigour "
        f"territories | CC0 / MIT | {paths['rigour'][2]} ({paths['rigour'][1][:16]}…) |",
        f"| demonyms and adjectives | CIA World Factbook 2025 via pyworldatlas | public domain "
        f"/ MIT | {paths['pyworldatlas'][2]} ({paths['pyworldatlas'][1][:16]}…) |",
        f"| capitals, cities ≥ {MIN_CITY:,} people | GeoNames via pyworldatlas | CC BY 4.0 "
        "(attribution: GeoNames, geonames.org) | same |",
        "| organisations, armed groups | orgs.tsv, curated by hand from Wikidata items | CC0 | — |",
        "",
        f"{len(out) - 1} entries, {sum(1 for l in out[1:] if l.split(chr(9))[4])} with coordinates "
        "(countries: a point inside their Natural Earth outline, see ../geo/SOURCES.md; cities and "
        "small states: GeoNames). Cities carry `geonames:ID` rather than a QID: neither package "
        "gives one and wikidata.org could not be reached where this was built. In orgs.tsv a "
        "blank QID is an item not certain enough to type by hand.",
    ]
    (HERE / "SOURCES.md").write_text("\n".join(sources) + "\n", encoding="utf-8")
    print(f"{len(out) - 1} entries")


if __name__ == "__main__":
    main()
