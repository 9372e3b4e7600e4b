"""Fill a gettext catalog from a Python dict of translations (a maintainer's tool).

    .venv/bin/python scripts/translate.py locale/ru/LC_MESSAGES/django.po TRANSLATIONS.py

TRANSLATIONS.py defines RU = {msgid: msgstr} and RU_PLURAL = {msgid: [forms...]}. Entries
already translated are kept; the untranslated ones left are listed, and the exit code is 1.
Needs `polib` (pip install polib); not a runtime dependency.
"""

import runpy
import sys

import polib


def main(po_path: str, table_path: str) -> int:
    table = runpy.run_path(table_path)
    singular, plural = table.get("RU", {}), table.get("RU_PLURAL", {})
    catalog = polib.pofile(po_path)
    missing = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = plural.get(entry.msgid)
            if forms:
                entry.msgstr_plural = dict(enumerate(forms))
            if not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        else:
            if entry.msgid in singular:
                entry.msgstr = singular[entry.msgid]
            if not entry.msgstr:
                missing.append(entry.msgid)
        if "fuzzy" in entry.flags and entry.msgid in singular | plural:
            entry.flags.remove("fuzzy")
    catalog.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
