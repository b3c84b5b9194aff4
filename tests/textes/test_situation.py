"""tid/textes/situation.py: the banner names the day in words."""

from datetime import date

from tid.textes import situation as t


def test_bandeau():
    assert t.bandeau(date(2024, 6, 30)).startswith("**Situation au 30 juin 2024** — ")
