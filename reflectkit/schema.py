"""The check-in data model, version 1: column names, types, units and allowed values.

Every other module names columns through the constants here, and
``docs/data-dictionary.md`` describes the same fields (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = 1

DATE = "date"
TIME = "time"
PARTICIPANT = "participant"
BEDTIME = "bedtime"
WAKE_TIME = "wake_time"
SLEEP_HOURS = "sleep_hours"
SLEEP_QUALITY = "sleep_quality"
MEALS = "meals"
MOVEMENT_MINUTES = "movement_minutes"
OUTDOORS_MINUTES = "outdoors_minutes"
ACTIVITIES = "activities"
MOOD = "mood"
ENERGY = "energy"
FEELING_ACCESS = "feeling_access"
MOMENTS = "moments"
SOCIAL_CONTACT = "social_contact"
CURIOSITY = "curiosity"
NOTE = "note"
RECORDED_AT = "recorded_at"

Kind = Literal["date", "clock", "number", "tags", "category", "text", "timestamp", "id"]


@dataclass(frozen=True)
class Field:
    """One column of the check-in table."""

    name: str
    kind: Kind
    meaning: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] = ()
    required: bool = False
    whole: bool = False  # whole numbers only (counts and rating steps)

    def allowed_text(self) -> str:
        """What is allowed, in plain words (used in error messages and the dictionary)."""
        if self.kind == "number":
            what = "a whole number" if self.whole else "a number"
            return f"{what} from {self.minimum:g} to {self.maximum:g}"
        if self.kind == "category":
            return "one of " + ", ".join(repr(a) for a in self.allowed) + " (or empty)"
        if self.kind == "date":
            return (
                f"a date written YYYY-MM-DD from {EARLIEST_DATE} to {LATEST_DATE}, e.g. 2024-03-02"
            )
        if self.kind == "clock":
            return "a clock time HH:MM from 00:00 to 23:59, e.g. 23:30"
        if self.kind == "timestamp":
            return (
                f"a date and time from {EARLIEST_DATE} to {LATEST_DATE}, "
                "e.g. 2024-03-02T21:15:00+00:00"
            )
        if self.kind == "tags":
            return (
                f"short labels separated by '{TAG_SEPARATOR.strip()}' "
                f"(at most {MAX_TEXT_LENGTH:,} characters in all)"
            )
        return f"any text of at most {MAX_TEXT_LENGTH:,} characters"


#: Dates (and save times) the kit accepts: wide enough for any diary, and inside the range
#: pandas can hold, so no date is silently turned into something else.
EARLIEST_DATE = "1900-01-01"
LATEST_DATE = "2199-12-31"
#: The longest text a field may hold (a note, a prompt's answer, a day's tags): about ten
#: printed pages. Longer text is refused with a message, at saving and at loading alike.
MAX_TEXT_LENGTH = 20_000

#: Tags (``activities``, ``moments``) are kept as one string, labels joined by this.
TAG_SEPARATOR = "; "

SOCIAL_CONTACT_LEVELS = ("none", "message", "conversation", "time together")

SUGGESTED_ACTIVITIES = ("walk", "warm shower", "time outdoors", "stretching", "regular meal")
SUGGESTED_MOMENTS = ("mild interest", "brief sadness", "laughter", "calm", "warmth", "irritation")

FIELDS: tuple[Field, ...] = (
    Field(DATE, "date", "The day the check-in is about.", required=True),
    Field(TIME, "clock", "Time of day, when a day has several check-ins (e.g. imported apps)."),
    Field(PARTICIPANT, "id", "Participant code in research data; empty for a personal store."),
    Field(BEDTIME, "clock", "When you went to bed the night before."),
    Field(WAKE_TIME, "clock", "When you woke up."),
    Field(
        SLEEP_HOURS,
        "number",
        "Hours slept; derived from bedtime and wake time when empty.",
        "hours",
        0,
        24,
    ),
    Field(
        SLEEP_QUALITY,
        "number",
        "How restful the sleep felt (1 = not at all, 5 = very).",
        "rating",
        1,
        5,
        whole=True,
    ),
    Field(MEALS, "number", "Meals eaten.", "count", 0, 10, whole=True),
    Field(MOVEMENT_MINUTES, "number", "Minutes of movement of any kind.", "minutes", 0, 1440),
    Field(OUTDOORS_MINUTES, "number", "Minutes spent outdoors.", "minutes", 0, 1440),
    Field(
        ACTIVITIES,
        "tags",
        "Small care actions: walk, warm shower, time outdoors, stretching, "
        "regular meal, or your own words.",
    ),
    Field(MOOD, "number", "Overall mood (1 = very low, 10 = very good).", "rating", 1, 10),
    Field(ENERGY, "number", "Energy (1 = very little, 5 = plenty).", "rating", 1, 5),
    Field(
        FEELING_ACCESS,
        "number",
        "How reachable feelings felt (0 = hard to reach, 10 = easy).",
        "rating",
        0,
        10,
    ),
    Field(
        MOMENTS,
        "tags",
        "Small emotional responses noticed: mild interest, brief sadness, "
        "laughter, calm, or your own words. Any feeling counts.",
    ),
    Field(
        SOCIAL_CONTACT,
        "category",
        "The closest contact with another person that day.",
        allowed=SOCIAL_CONTACT_LEVELS,
    ),
    Field(CURIOSITY, "text", "Answer to the day's gentle curiosity prompt."),
    Field(NOTE, "text", "A free note."),
    Field(RECORDED_AT, "timestamp", "When the check-in was saved (set by the store)."),
)

FIELD_BY_NAME = {f.name: f for f in FIELDS}
COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)
CLOCK_COLUMNS = tuple(f.name for f in FIELDS if f.kind == "clock")
TAG_COLUMNS = tuple(f.name for f in FIELDS if f.kind == "tags")
FREE_TEXT_COLUMNS = (CURIOSITY, NOTE)
#: A check-in is identified by these; saving the same key again adds a revision.
KEY_COLUMNS = (PARTICIPANT, DATE, TIME)


def join_tags(labels: str | list[str] | tuple[str, ...] | None) -> str | None:
    """Join labels into the stored tag form: trimmed, de-duplicated, in the given order.

    A string is taken as already joined. Inside one label ';' becomes ',', so stored
    tags always split back into the labels that went in.
    """
    if labels is None:
        return None
    parts = (
        split_tags(labels)
        if isinstance(labels, str)
        else [str(x).replace(";", ",") for x in labels]
    )
    unique = dict.fromkeys(" ".join(p.split()) for p in parts)
    unique.pop("", None)
    return TAG_SEPARATOR.join(unique) if unique else None


def split_tags(value: object) -> list[str]:
    """The labels of one stored tag string (an empty list for a missing value)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(TAG_SEPARATOR.strip()) if part.strip()]
