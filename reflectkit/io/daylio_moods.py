"""Daylio's five default moods, by language, placed on reflectkit's 1-10 mood scale.

Daylio names its default moods in the language the phone uses, and a CSV export holds the
name as shown (``mood`` column). Each step of the five sits where Daylio's English default
of the same rank sits: rad 10, good 7.75, meh 5.5, bad 3.25, awful 1 (Daylio's five steps
spread evenly over 1-10). Only labels seen in a public Daylio export or in code that reads
one are listed; a label that is missing is asked for (``mood_scale``), never guessed.

Sources (public GitHub code and pages, read 2026-11):

- English: Daylio's defaults, as every Daylio reader uses them, e.g.
  Lego4m/daylio-viewer @ src/utils/getPredefinedName.js (rad, good, meh, bad, awful).
- German: NiklasvonM/Daylio @ data.R maps a German export's ``Super`` 5, ``Gut`` 4, ``Ok`` 3,
  ``Schlecht`` 2, ``Lausig`` 1 (its data/mockdata.csv has the same labels); a second,
  independent Daylio dashboard on GitHub maps the same five words the same way.
- Russian: a public Electron diary app's Daylio CSV reader (class ``daylioCSV``, code index
  id 37911628820): ``супер`` 5, ``хорошо`` 4, ``так себе`` 3, ``плохо`` 2, ``ужасно`` 1.
- Polish: a public R analysis of ``daylio-export-H2.csv`` (code index id 22257364747):
  ``wspaniale`` 5, ``dobrze`` 4, ``tak sobie`` 3, ``źle`` 2, ``okropnie`` 1.
- Italian: the Android app com.pietrobellodi.dayliotools, MainActivity.kt, which charts an
  Italian Daylio export: ``ottimo``, ``buono``, ``così così``, ``male``, ``terribile``.
- Portuguese: only the two ends are documented ("desde o 'incrível' ao 'horrível'",
  avidadelyne.blogspot.com, 2017-02-27, a review of Daylio in Portuguese); the middle three
  are asked for.
- Spanish: ``genial``, ``bien``, ``normal``, ``mal``, ``fatal`` as listed in reflectkit's
  import issue (#2); not yet seen in a public Spanish export.

French is not listed: no public French export or reader was found.
"""

from __future__ import annotations

#: The place of each of Daylio's five steps on reflectkit's 1-10 scale, top step first.
STEPS = (10.0, 7.75, 5.5, 3.25, 1.0)

#: Default mood names by language, top step first; None where no source names the step.
DEFAULT_MOODS: dict[str, tuple[str | None, ...]] = {
    "en": ("rad", "good", "meh", "bad", "awful"),
    "de": ("super", "gut", "ok", "schlecht", "lausig"),
    "es": ("genial", "bien", "normal", "mal", "fatal"),
    "it": ("ottimo", "buono", "così così", "male", "terribile"),
    "pl": ("wspaniale", "dobrze", "tak sobie", "źle", "okropnie"),
    "pt": ("incrível", None, None, None, "horrível"),
    "ru": ("супер", "хорошо", "так себе", "плохо", "ужасно"),
}


def mood_key(label: str) -> str:
    """How a mood label is matched: case and surrounding or repeated spaces ignored."""
    return " ".join(label.split()).casefold()


def default_scale() -> dict[str, float]:
    """Every known default mood name (matched by :func:`mood_key`) -> its place on 1-10."""
    scale: dict[str, float] = {}
    for names in DEFAULT_MOODS.values():
        for name, step in zip(names, STEPS, strict=True):
            if name is not None:
                scale[mood_key(name)] = step
    return scale
