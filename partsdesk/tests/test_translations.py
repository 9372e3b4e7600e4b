from pathlib import Path

import polib
import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_russian_catalog_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "ru/LC_MESSAGES/django.po"))
    active = [e for e in po if not e.obsolete]
    assert active, "no texts extracted: run make messages"
    untranslated = [e.msgid for e in active if not e.translated()]
    assert untranslated == []
    assert [e.msgid for e in active if "fuzzy" in e.flags] == []

    mo = polib.mofile(str(LOCALE / "ru/LC_MESSAGES/django.mo"))
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in mo}
    stale = [e.msgid for e in active if e.msgid not in compiled]
    assert stale == [], "django.mo is older than django.po: run make messages"


@pytest.mark.django_db
def test_pages_speak_russian_by_default_and_english_on_request(settings):
    settings.LANGUAGE_CODE = "ru"
    assert "Найдите деталь по артикулу" in Client().get("/").content.decode()
    english = Client(headers={"accept-language": "en"}).get("/").content.decode()
    assert "Find a part by its article number" in english
