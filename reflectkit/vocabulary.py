"""Words in activity tags and what they tell about a day: movement, time outdoors, contact.

Upstream of both :mod:`reflectkit.io` (importers say what they mapped) and
:mod:`reflectkit.trends` (charts count days with movement, time outdoors or contact), so
the two always agree on what a tag means.
"""

from __future__ import annotations

import re

#: Words in activity tags that mean the day had movement, time outdoors or contact. Matched
#: as whole words (``walk`` matches "walk" and "long walk", not "walkman"), any case.
MOVEMENT_WORDS = (
    "walk", "walking", "run", "running", "jog", "jogging", "gym", "bike", "biking", "cycling",
    "cycle", "swim", "swimming", "yoga", "stretch", "stretching", "sport", "sports", "hike",
    "hiking", "dance", "dancing", "exercise", "workout", "fitness", "football", "soccer",
    "tennis", "climbing", "pilates", "skating", "ski", "skiing", "movement",
)  # fmt: skip
OUTDOOR_WORDS = (
    "outdoors", "outside", "nature", "garden", "gardening", "park", "hike", "hiking", "beach",
    "forest", "sun", "sunshine",
)  # fmt: skip
CONTACT_WORDS = (
    "friend", "friends", "family", "date", "party", "visit", "visitors", "partner", "call",
    "phone call", "kids", "people", "social", "meeting friends", "together",
)  # fmt: skip

#: Whole tags (not words inside a tag) that say, without doubt, that the day had time
#: together with someone: an import sets ``social_contact`` to "time together" on a day
#: tagged with one, unless the day already records its contact. "Texted friends" or
#: "call" are not here: a message or a call is not time together.
TIME_TOGETHER_TAGS = (
    "friends", "family", "date", "party", "visit", "visitors", "meeting friends",
    "time with friends", "time with family", "with friends", "with family",
)  # fmt: skip


#: A tag that starts with one of these is about looking on, not doing ("Watched sports",
#: "TV: football"): it never counts as movement.
ONLOOKER_WORDS = ("watch", "watched", "watching", "tv", "saw", "seen")


def words_pattern(words: tuple[str, ...], *, not_after: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A pattern matching any of ``words`` as a whole word, in any case; a label starting
    with one of ``not_after`` never matches."""
    guard = (
        r"(?<![^;|])\s*(?!(?:" + "|".join(re.escape(w) for w in not_after) + r")\b)[^;|]*?"
        if not_after
        else ""
    )
    return re.compile(
        guard + r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE
    )


MOVEMENT = words_pattern(MOVEMENT_WORDS, not_after=ONLOOKER_WORDS)
OUTDOORS = words_pattern(OUTDOOR_WORDS)
CONTACT = words_pattern(CONTACT_WORDS)
