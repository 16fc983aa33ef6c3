"""Adapters from published research panels onto the check-in schema."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import PROBLEM_COLUMNS, raise_for_problems, validate_checkins

# Columns the StudentLife adapter keeps beside the schema (named here, used nowhere else).
#: Minutes of phone-sensed walking, averaged over the sensed days among ``date`` and the two
#: days before it (what ``act_walking_ep_0`` holds); not that day's walking.
WALKING_MINUTES_3DAY_MEAN = "walking_minutes_3day_mean"
#: How many days (1-3) that mean covers: 1 means the value is ``date``'s own walking.
WALKING_DAYS_IN_MEAN = "walking_days_in_mean"
#: The day's mean of the Stress answer codes, as in the panel. The codes are not in order of
#: stress (1 a little stressed, 2 definitely stressed, 3 stressed out, 4 feeling good,
#: 5 feeling great), so this is not a stress level; see :func:`studentlife`.
STRESS_CODE_MEAN = "stress_code_mean"
#: The day's mean of the Social "number" category (1 = 0-4 people ... 6 = over 100) about
#: the people the student had contact with *the day before* ``date``.
SOCIAL_NUMBER = "social_number"

#: The Sleep "hour" answer codes: [1] <3, [2] 3.5, [3] 4, ... [18] 11.5, [19] 12 hours,
#: i.e. ``hours = 2.5 + 0.5 * code`` (code 1, "under 3 hours", counts as 3 h).
SLEEP_HOUR_CODES = (1, 19)
#: StudentLife sleep rating (1 very good, 2 fairly good, 3 fairly bad, 4 very bad) onto
#: sleep_quality (1-5, 5 = very restful); the 4-option question has no middle, so 3 is
#: reached only by a day whose answers are mixed (e.g. one fairly good, one fairly bad).
STUDENTLIFE_SLEEP_RATE = {1: 5, 2: 4, 3: 2, 4: 1}

_CODE = "a day's mean StudentLife answer code"
#: The panel's numeric columns this adapter reads, and what each may hold.
_RANGES = {
    "ema_Sleep_hour": (0.0, 19.0, _CODE),  # 0 is not in the codebook but occurs: read as missing
    "ema_Sleep_rate": (1.0, 4.0, _CODE),
    "ema_Mood_happy": (1.0, 4.0, _CODE),
    "ema_Stress_level": (1.0, 5.0, _CODE),
    "ema_Social_number": (1.0, 6.0, _CODE),
    "act_walking_ep_0": (0.0, 86_400.0, "seconds of walking in a day"),
    "missing_days": (0.0, 2.0, "a count of unsensed days among 3"),
}
_COLUMNS = ("study_id", "day", *_RANGES)
_PANEL = (
    "studentlife_daily_data_cleaned_w_sameday_08282021.csv from "
    "CornellPACLab/data_heterogeneity (data/)"
)
_HINT = f"studentlife() reads the panel as published: pass {_PANEL}, unedited."


def studentlife(path: str | Path) -> pd.DataFrame:
    """The StudentLife daily panel (Wang et al. 2014; Adler et al. 2022) as cohort check-ins.

    Reads ``studentlife_daily_data_cleaned_w_sameday_08282021.csv``, one row per
    person-day. Its ``ema_*`` columns are the day's *mean of the answer codes* of each
    StudentLife EMA item (not hours or ratings), and its sensed columns (``act_*``, ``audio_*``,
    ...) are means over the day and the two days before it. The mapping:

    - ``study_id`` -> ``participant`` (``S`` + two digits); ``day`` (local midnight with its
      UTC offset) -> its local ``date``.
    - ``ema_Sleep_hour`` ("How many hours did you sleep last night?": [1] <3, [2] 3.5, [3] 4,
      ... [19] 12) -> ``sleep_hours = 2.5 + 0.5 * code``. The map is linear, so a day's mean
      code gives exactly the mean of that day's answers in hours. Code 1 ("under 3 hours")
      counts as 3 h, as the panel's own ``sleep_map`` does; 12 h is the top answer. A mean
      below 1 holds a code 0, which the codebook does not define (10 days in the panel, all
      with every answer 0): ``sleep_hours`` is left empty there.
    - ``ema_Sleep_rate`` (1 very good, 2 fairly good, 3 fairly bad, 4 very bad) ->
      ``sleep_quality`` via 1->5, 2->4, 3->2, 4->1; a mean between two codes is placed
      proportionally between their ratings (2.5 -> 3) and halves round up, towards the more
      restful rating (1.5 -> 4.5 -> 5; 3.5 -> 1.5 -> 2).
    - ``ema_Mood_happy`` (1 a little bit, 2 somewhat, 3 very much, 4 extremely) -> ``mood``
      spread linearly onto 1-10 (``1 + 3 * (code - 1)``). It measures happiness only (the
      Mood EMA's sadness item is not used), and it is asked only after "Do you feel AT ALL
      happy right now?" = yes; yet the panel holds 1 on the 30 days whose every answer was
      "no", so ``mood`` 1 means "not happy at all" or "a little bit happy".
    - ``movement_minutes`` is left empty. ``act_walking_ep_0`` (epoch 0 = the whole day) is
      phone-sensed walking only, in seconds, averaged over the sensed days among ``day`` and
      the two days before it; the days averaged are not all rows of the panel, so in general
      the single day cannot be recovered. It is kept as ``walking_minutes_3day_mean``
      (seconds / 60), with ``walking_days_in_mean`` = 3 - ``missing_days`` (1 = that day's own
      walking).
    - Kept beside the schema as the panel holds them: ``stress_code_mean``
      (``ema_Stress_level``; its codes are *not ordered*: 1 a little stressed, 2 definitely
      stressed, 3 stressed out, 4 feeling good, 5 feeling great, so a mean of them is no stress
      level; Adler et al. recode single answers 4, 5 -> 0 and 1, 2, 3 -> 1, 2, 3) and
      ``social_number`` (``ema_Social_number``: contacts *the day before*, 1 = 0-4 people,
      2 = 5-9, 3 = 10-19, 4 = 20-49, 5 = 50-99, 6 = over 100).

    Parameters
    ----------
    path
        The panel's CSV file.

    Returns
    -------
    pandas.DataFrame
        Typed check-ins with every schema column, then ``walking_minutes_3day_mean``,
        ``walking_days_in_mean``, ``stress_code_mean`` and ``social_number``.

    Raises
    ------
    ImportFormatError
        When a column this adapter reads is missing.
    CheckinValidationError
        Naming every value outside its codebook range and every value the schema refuses.

    Notes
    -----
    Sources (read for this mapping):

    - The StudentLife codebook ``dataset/EMA/EMA_definition.json``
      (https://studentlife.cs.dartmouth.edu/dataset/), read in the copy at
      frycast/studentlife @ tests/testthat/testdata/SL_testdata/dataset/EMA/EMA_definition.json:
      the options of Sleep ``hour``, ``rate``, Mood ``happyornot``/``happy``, Stress ``level``
      and Social ``number`` quoted above.
    - The panel's producing code, CornellPACLab/data_heterogeneity:
      code/cleaning_util.py (``prep_studentlife_df``, ``prep_ema_data``: each EMA item is the
      ``mean`` of the day's raw answer codes; ``sleep_map`` = {1: 3, 2: 3.5, ... 19: 12},
      applied only in ``correct_sleep`` to calibrate sensed sleep, never to the panel's
      ``ema_Sleep_hour``; ``clean_studentlife_activity``: per-day sums of seconds by inferred
      activity, epoch 0 the whole day, 1-4 the quarters from midnight);
      notebooks/data_cleaning.ipynb (last cells: every non-EMA column of the row for day d
      is the mean over the rows of days d-2..d, ``missing_days`` = 3 - their number; the
      first EMA day of each student is dropped); README.md ("taking the average across the
      3-days up to and including the day the EMA was taken"); code/run_cv.py (its stress
      recode and ``4 - ema_Sleep_rate.round()``, which rounds halves to even).
    - In the real file, ``act_walking_ep_0 * (3 - missing_days)`` is a whole number of
      seconds on every row, as a mean of 1-3 daily sums of whole seconds must be.

    References
    ----------
    Wang R. et al. StudentLife: assessing mental health, academic performance and behavioral
    trends of college students using smartphones. UbiComp 2014. doi:10.1145/2632048.2632054

    Adler D.A., Wang F., Mohr D.C., Choudhury T. Machine learning for passive mental health
    symptom prediction: generalization across different longitudinal mobile sensing
    studies. PLOS ONE 17(4): e0266516, 2022. doi:10.1371/journal.pone.0266516
    """
    name = Path(path).name
    raw = pd.read_csv(path)
    missing = [c for c in _COLUMNS if c not in raw.columns]
    if missing:
        raise ImportFormatError(
            f"{name} is not the StudentLife daily panel: column(s) {missing} are missing. "
            f"Expected {_PANEL}."
        )
    raw = raw.reset_index(drop=True)
    code_problems = _out_of_range(raw)
    raw[list(_RANGES)] = raw[list(_RANGES)].apply(pd.to_numeric, errors="coerce")

    sleep_code = raw["ema_Sleep_hour"]
    frame = pd.DataFrame(
        {
            s.PARTICIPANT: "S" + raw["study_id"].astype("int64").astype("str").str.zfill(2),
            s.DATE: raw["day"].astype("str").str[:10],
            s.SLEEP_HOURS: (2.5 + 0.5 * sleep_code).where(sleep_code >= SLEEP_HOUR_CODES[0]),
            s.SLEEP_QUALITY: _sleep_quality(raw["ema_Sleep_rate"]),
            s.MOOD: 1 + (raw["ema_Mood_happy"] - 1) * 3,
            s.MOVEMENT_MINUTES: np.nan,
            WALKING_MINUTES_3DAY_MEAN: raw["act_walking_ep_0"] / 60,
            WALKING_DAYS_IN_MEAN: 3 - raw["missing_days"],
            STRESS_CODE_MEAN: raw["ema_Stress_level"],
            SOCIAL_NUMBER: raw["ema_Social_number"],
        }
    )
    typed, problems = validate_checkins(frame, lines=lambda: np.arange(len(frame)) + 2)
    if len(code_problems):
        problems = pd.concat([code_problems, problems], ignore_index=True)
    raise_for_problems(problems, source=name, hint=_HINT)
    return typed


def _sleep_quality(rate: pd.Series) -> pd.Series:
    """Daily mean sleep-rate codes (1-4) as whole ``sleep_quality`` ratings, halves up."""
    codes = list(STUDENTLIFE_SLEEP_RATE)
    ratings = np.interp(rate, codes, [STUDENTLIFE_SLEEP_RATE[c] for c in codes])
    return pd.Series(np.floor(ratings + 0.5), index=rate.index)  # NaN stays NaN


def _out_of_range(raw: pd.DataFrame) -> pd.DataFrame:
    """One problem per value outside what its column may hold (line = the file's line)."""
    found = []
    for column, (low, high, what) in _RANGES.items():
        values = pd.to_numeric(raw[column], errors="coerce")
        bad = (values.isna() & raw[column].notna()) | (values.notna() & ~values.between(low, high))
        problem = f"must be {what} from {low:g} to {high:g} (is this the StudentLife daily panel?)"
        for i in np.flatnonzero(bad.to_numpy()):
            found.append((int(i) + 2, column, raw[column].iloc[i], problem))
    return pd.DataFrame(found, columns=PROBLEM_COLUMNS)
