"""Adapters from published research panels onto the check-in schema."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..validate import raise_for_problems, validate_checkins

#: StudentLife sleep rating (1 very good ... 4 very bad) onto sleep_quality (1-5, 5 = very restful)
STUDENTLIFE_SLEEP_RATE = {1: 5, 2: 4, 3: 2, 4: 1}


def studentlife(path: str | Path) -> pd.DataFrame:
    """The StudentLife daily panel (Wang et al. 2014; Adler et al. 2022) as cohort check-ins.

    Mapping (one row per person-day):

    - ``study_id`` -> ``participant``; ``day`` (a time-zone-aware string) -> its local ``date``
    - ``ema_Sleep_hour`` -> ``sleep_hours``
    - ``ema_Sleep_rate`` (1 very good .. 4 very bad; daily means) -> ``sleep_quality`` via
      1->5, 2->4, 3->2, 4->1, rounded to the nearest rating
    - ``ema_Mood_happy`` (1-4) -> ``mood``, spread linearly onto 1-10 (1->1, 4->10)
    - ``act_walking_ep_0`` (seconds of sensed walking in the day) -> ``movement_minutes``;
      sensed running is left out (it reaches 24 h on some days: misclassified vibration)
    - kept beside the schema: ``stress`` (``ema_Stress_level``, 1-5) and ``social_number``
      (``ema_Social_number``: the panel's people-talked-to category, 1-6)
    """
    raw = pd.read_csv(path)
    rate = raw["ema_Sleep_rate"].round().map(STUDENTLIFE_SLEEP_RATE)
    frame = pd.DataFrame(
        {
            s.PARTICIPANT: "S" + raw["study_id"].astype("int64").astype("str").str.zfill(2),
            s.DATE: raw["day"].astype("str").str[:10],
            s.SLEEP_HOURS: raw["ema_Sleep_hour"],
            s.SLEEP_QUALITY: rate,
            s.MOOD: 1 + (raw["ema_Mood_happy"] - 1) * 3,
            s.MOVEMENT_MINUTES: np.round(raw["act_walking_ep_0"] / 60, 1),
        }
    )
    typed, problems = validate_checkins(frame, lines=lambda: np.arange(len(frame)) + 2)
    raise_for_problems(problems, source=Path(path).name)
    typed["stress"] = raw["ema_Stress_level"].to_numpy()
    typed["social_number"] = raw["ema_Social_number"].to_numpy()
    return typed
