#!/usr/bin/env python3
"""Builds first_names.txt: the first names of every locale of the Faker package (MIT licence,
https://pypi.org/project/Faker/), one per line, for the first pass's person finder.

    python3 -m pip download --no-deps Faker==40.63.0 -d /tmp/faker
    python3 resources/names/build.py /tmp/faker/faker-40.63.0-py3-none-any.whl

Nothing is fetched at run time: the list is bundled into the binary.
"""
import importlib
import os
import sys
import unicodedata
import zipfile
import tempfile

FIELDS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
          "first_romanized_names", "first_romanized_names_male", "first_romanized_names_female")


def names_of(provider):
    out = set()
    for field in FIELDS:
        value = getattr(provider, field, None)
        # Some providers compute a field from others (a property on the class): those others
        # are read on their own.
        if not value or isinstance(value, property):
            continue
        for n in (value.keys() if hasattr(value, "keys") else value):
            n = unicodedata.normalize("NFC", str(n)).strip()
            # One word of letters (a hyphen or apostrophe inside: Jean-Luc, D'Arcy).
            if n and " " not in n and all(c.isalpha() or c in "-'’" for c in n) and n[0].isalpha():
                if len(n) >= 2:
                    out.add(n)
    return out


# Cyrillic first names also in the Latin spelling news uses: Ukrainian by the national system
# (KMU 2010: Олександр → Oleksandr), Russian by BGN/PCGN without diacritics (Александр →
# Aleksandr).
UK = dict(zip("абвгґдезийіїклмнопрстуфхцчшщьюяє",
              ["a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o",
               "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "ie"]))
UK.update({"ж": "zh"})
RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
              ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
               "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu",
               "ya"]))


def romanized(name, table):
    out = "".join(table.get(c, table.get(c.lower(), None) if c.isupper() else None) or
                  (c if c.isascii() else "\0") for c in name.lower())
    if "\0" in out or not out:
        return None
    return out[0].upper() + out[1:]


def main(wheel):
    tmp = tempfile.mkdtemp()
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp)
    sys.path.insert(0, tmp)
    base = os.path.join(tmp, "faker", "providers", "person")
    names = set()
    locales = []
    for loc in sorted(os.listdir(base)):
        if not os.path.isdir(os.path.join(base, loc)) or loc.startswith("_"):
            continue
        mod = importlib.import_module(f"faker.providers.person.{loc}")
        found = names_of(mod.Provider)
        table = {"uk_UA": UK, "ru_RU": RU}.get(loc)
        if table:
            found |= {r for r in (romanized(n, table) for n in found) if r}
        if found:
            locales.append(loc)
            names |= found
    version = os.path.basename(wheel).split("-")[1]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "first_names.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# First names of Faker {version} (MIT licence), {len(locales)} locales: "
                f"{' '.join(locales)}\n")
        for n in sorted(names):
            f.write(n + "\n")
    print(f"{len(names)} names from {len(locales)} locales -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
