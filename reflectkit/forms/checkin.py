"""The daily check-in form (ipywidgets): a minute, calm, every field optional.

Groups follow the order recovery tends to go: Body, Feelings, Connection, Curiosity. A field
left untouched stores nothing (ratings start with no choice made; text starts empty). Saving
goes through :class:`~reflectkit.io.store.CheckinStore`, so the form accepts and refuses
exactly what the loader does; a refused value is explained next to its field and everything
typed stays in the form.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import schema as s
from ..clock import sleep_hours
from ..errors import CheckinValidationError, ReflectkitError
from ..io.store import CheckinStore

PROMPTS = (
    "What might this phase be teaching you?",
    "What caught your attention today, even for a moment?",
    "What did your body ask for today?",
    "Was there a small thing today you'd like more of?",
    "What would you say to a friend who had today's day?",
    "What felt a little easier than before?",
    "What are you curious about right now?",
)
LABELS = {
    s.DATE: "Day",
    s.BEDTIME: "Went to bed",
    s.WAKE_TIME: "Woke up",
    s.SLEEP_HOURS: "Hours slept",
    s.SLEEP_QUALITY: "How restful",
    s.MEALS: "Meals",
    s.MOVEMENT_MINUTES: "Movement (minutes)",
    s.OUTDOORS_MINUTES: "Outdoors (minutes)",
    s.ACTIVITIES: "Small care",
    s.MOOD: "Mood",
    s.FEELING_ACCESS: "Feelings within reach",
    s.ENERGY: "Energy",
    s.MOMENTS: "Moments noticed",
    s.SOCIAL_CONTACT: "Contact with people",
    s.CURIOSITY: "Curiosity",
    s.NOTE: "Note",
}
HELP = {
    s.DATE: "The day this check-in is about.",
    s.BEDTIME: "Roughly is fine. Leave empty to skip.",
    s.WAKE_TIME: "Roughly is fine. Leave empty to skip.",
    s.SLEEP_HOURS: "Worked out from the two times; or type the hours yourself.",
    s.SLEEP_QUALITY: "1 = not restful, 5 = very restful.",
    s.MEALS: "How many meals you had, if you'd like to note it.",
    s.MOVEMENT_MINUTES: "Any movement counts: a walk, stretching, tidying up.",
    s.OUTDOORS_MINUTES: "Time outside, even a few minutes.",
    s.ACTIVITIES: "Tap any you did; add your own, separated by commas.",
    s.MOOD: "1 = very low, 10 = very good. Any answer is a fine answer.",
    s.FEELING_ACCESS: "0 = feelings hard to reach, 10 = easy to reach.",
    s.ENERGY: "1 = very little, 5 = plenty.",
    s.MOMENTS: "Small responses of any kind count, sad ones too.",
    s.SOCIAL_CONTACT: "The closest contact you had with someone today.",
    s.CURIOSITY: "Answer if something comes to mind; skipping is fine.",
    s.NOTE: "Anything else you'd like to remember.",
}
NUMBER_FIELDS = (s.SLEEP_HOURS, s.MEALS, s.MOVEMENT_MINUTES, s.OUTDOORS_MINUTES)
NUMBER_LAYOUT = w.Layout(width="110px")
#: The first choice of every rating: no answer (so a chosen rating can be taken back).
NO_ANSWER = ("–", None)
RATING_FIELDS = {
    s.SLEEP_QUALITY: (1, 5),
    s.MOOD: (1, 10),
    s.FEELING_ACCESS: (0, 10),
    s.ENERGY: (1, 5),
}
CSS = """
<style>
.rk-form { max-width: 820px; font-size: 14px; color: #2F3A44; }
.rk-form h3 { color: #3A5F7D; font-weight: 600; margin: 14px 0 4px 0; font-size: 15px; }
.rk-help { color: #66737F; font-size: 12px; margin: 0 0 0 10px; }
.rk-problem { color: #5B3F8C; font-size: 12.5px; }
.rk-form .widget-toggle-button.mod-active { background: #3A5F7D; color: white; }
.rk-message { color: #2F3A44; }
.rk-recent table { border-collapse: collapse; font-size: 12.5px; }
.rk-recent td, .rk-recent th { padding: 2px 10px; border-bottom: 1px solid #E3EAF0; }
</style>
"""


def prompt_for(day: dt.date) -> str:
    """The gentle curiosity prompt of a day (it changes from day to day)."""
    return PROMPTS[day.toordinal() % len(PROMPTS)]


class CheckinForm(w.VBox):
    """The daily check-in, displayable in JupyterLab and Voilà.

    Every input carries a CSS class ``rk-<column>`` (e.g. ``rk-mood``); the buttons and the
    message area carry ``rk-save``, ``rk-clear`` and ``rk-message``.

    Parameters
    ----------
    store
        Where check-ins are saved (default: your personal store).
    today
        The day the form starts on (default: today).
    """

    def __init__(self, store: CheckinStore | None = None, *, today: dt.date | None = None) -> None:
        self.store = store if store is not None else CheckinStore()
        self.fields: dict[str, w.Widget] = {}
        self.problems: dict[str, w.HTML] = {}

        self.date = self._field(s.DATE, w.DatePicker(value=today or dt.date.today()))
        self.sleep_note = w.HTML()
        self.message = w.HTML().add_class("rk-message")
        self.recent = w.HTML().add_class("rk-recent")
        self.save_button = w.Button(description="Save", icon="check", button_style="")
        self.save_button.add_class("rk-save")
        self.clear_button = w.Button(description="Clear", icon="eraser")
        self.clear_button.add_class("rk-clear")
        self.prompt = w.HTML()

        body = [
            self._row(s.BEDTIME, w.TimePicker(value=None)),
            self._row(s.WAKE_TIME, w.TimePicker(value=None)),
            self._row(
                s.SLEEP_HOURS,
                w.Text(placeholder="e.g. 7.5", layout=NUMBER_LAYOUT),
                extra=self.sleep_note,
            ),
            self._rating_row(s.SLEEP_QUALITY),
            self._row(s.MEALS, w.Text(placeholder="e.g. 3", layout=NUMBER_LAYOUT)),
            self._row(s.MOVEMENT_MINUTES, w.Text(placeholder="e.g. 20", layout=NUMBER_LAYOUT)),
            self._row(s.OUTDOORS_MINUTES, w.Text(placeholder="e.g. 15", layout=NUMBER_LAYOUT)),
            self._tags_row(s.ACTIVITIES, s.SUGGESTED_ACTIVITIES),
        ]
        feelings = [
            self._rating_row(s.MOOD),
            self._rating_row(s.FEELING_ACCESS),
            self._rating_row(s.ENERGY),
            self._tags_row(s.MOMENTS, s.SUGGESTED_MOMENTS),
        ]
        contact = w.ToggleButtons(options=list(s.SOCIAL_CONTACT_LEVELS), value=None)
        connection = [self._row(s.SOCIAL_CONTACT, contact)]
        curiosity = [
            self.prompt,
            self._row(s.CURIOSITY, w.Textarea(rows=2, layout=w.Layout(width="420px"))),
            self._row(s.NOTE, w.Textarea(rows=2, layout=w.Layout(width="420px"))),
        ]
        children = [
            w.HTML(CSS + "<h3>Today's check-in</h3>"),
            w.HTML(
                '<div class="rk-help">Fill in as much or as little as you like. '
                "A check-in with one answer is a good check-in.</div>"
            ),
            self._row(s.DATE, self.date, label_only=True),
            w.HTML("<h3>Body</h3>"),
            *body,
            w.HTML("<h3>Feelings</h3>"),
            *feelings,
            w.HTML("<h3>Connection</h3>"),
            *connection,
            w.HTML("<h3>Curiosity</h3>"),
            *curiosity,
            w.HBox([self.save_button, self.clear_button]),
            self.message,
            self.recent,
        ]
        super().__init__(children=children, layout=w.Layout(width="100%", max_width="820px"))
        self.add_class("rk-form")

        self.save_button.on_click(lambda _: self.save())
        self.clear_button.on_click(lambda _: self.clear())
        self.date.observe(lambda change: self.show_day(change["new"]), names="value")
        for name in (s.BEDTIME, s.WAKE_TIME):
            self.fields[name].observe(lambda _: self._update_sleep_note(), names="value")
        self.show_day(self.date.value)

    # -- building ------------------------------------------------------------------------

    def _field(self, column: str, widget: w.Widget) -> Any:
        widget.add_class(f"rk-{column}")
        self.fields[column] = widget
        self.problems[column] = w.HTML().add_class("rk-problem").add_class(f"rk-{column}-problem")
        return widget

    def _row(
        self,
        column: str,
        widget: w.Widget,
        *,
        extra: w.Widget | None = None,
        label_only: bool = False,
    ) -> w.Widget:
        if column not in self.fields:
            self._field(column, widget)
        label = w.Label(LABELS[column], layout=w.Layout(width="170px", min_width="170px"))
        helps = (
            []
            if label_only
            else [w.HTML(f'<span class="rk-help">{html.escape(HELP[column])}</span>')]
        )
        line = w.HBox(
            [label, widget, *([extra] if extra else []), *helps],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        return w.VBox([line, self.problems[column]])

    def _rating_row(self, column: str) -> w.Widget:
        buttons = w.ToggleButtons(options=rating_options(column), value=None)
        buttons.tooltips = ["No answer", *[""] * (len(buttons.options) - 1)]
        buttons.style.button_width = "40px"
        return self._row(column, buttons)

    def _tags_row(self, column: str, suggestions: tuple[str, ...]) -> w.Widget:
        toggles = [
            w.ToggleButton(description=t, value=False, layout=w.Layout(width="auto")).add_class(
                f"rk-{column}-option"
            )
            for t in suggestions
        ]
        other = w.Text(
            placeholder="your own words, separated by commas", layout=w.Layout(width="260px")
        )
        other.add_class(f"rk-{column}-other")
        box = w.HBox([*toggles, other], layout=w.Layout(flex_flow="row wrap"))
        self._field(column, box)
        return self._row(column, box)

    # -- reading and writing the widgets -----------------------------------------------

    def values(self) -> dict[str, object]:
        """What the person entered: only the fields they filled in."""
        entry: dict[str, object] = {s.DATE: self.date.value}
        for column, widget in self.fields.items():
            if column == s.DATE:
                continue
            value = self._read(column, widget)
            if value not in (None, "", []):
                entry[column] = value
        return entry

    def _read(self, column: str, widget: w.Widget) -> object:
        if column in s.TAG_COLUMNS:
            *toggles, other = widget.children
            chosen = [t.description for t in toggles if t.value]
            return chosen + [x.strip() for x in other.value.split(",") if x.strip()]
        value = widget.value
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        if isinstance(value, str):
            return value.strip()
        return value

    def _write(self, column: str, value: object) -> None:
        widget = self.fields[column]
        empty = value is None or (isinstance(value, float) and pd.isna(value))
        if column in s.TAG_COLUMNS:
            *toggles, other = widget.children
            labels = [] if empty else s.split_tags(value)
            for toggle in toggles:
                toggle.value = toggle.description in labels
            other.value = ", ".join(x for x in labels if x not in {t.description for t in toggles})
        elif isinstance(widget, w.TimePicker):
            widget.value = None if empty else dt.datetime.strptime(str(value), "%H:%M").time()
        elif isinstance(widget, w.ToggleButtons) and column in RATING_FIELDS:
            _show_rating(widget, column, None if empty else _option_text(column, value))
        elif isinstance(widget, w.ToggleButtons):
            widget.value = None if empty else _option_text(column, value)
        elif column in NUMBER_FIELDS:
            widget.value = "" if empty else f"{float(str(value)):g}"
        else:
            widget.value = "" if empty else str(value)

    # -- actions (plain methods, so they can be tested without a browser) ---------------

    def save(self) -> pd.Series | None:
        """Validate and save what was entered. On a problem, explain it and keep everything."""
        self._clear_problems()
        entry = self.values()
        if len(entry) == 1:
            self.message.value = "There is nothing to save yet: fill in any field you like."
            return None
        try:
            stored = self.store.save(entry)
        except CheckinValidationError as err:
            self._show_problems(err.problems)
            return None
        except (ReflectkitError, OSError) as err:  # a full disk, a folder we may not use, ...
            self.message.value = (
                f"<div class='rk-problem'>Nothing was saved: {html.escape(str(err))} "
                "Everything you typed is still here.</div>"
            )
            return None
        self.message.value = (
            f"Saved your check-in for {_day_words(self.date.value)}. Thank you for taking a moment."
        )
        try:
            self.recent.value = recent_days_table(self.store.load(), end=self.date.value)
        except (ReflectkitError, OSError):
            self.recent.value = ""  # the save itself went through; the table is a nicety
        return stored

    def clear(self) -> None:
        """Reset every field without saving (the day stays)."""
        for column in self.fields:
            if column != s.DATE:
                self._write(column, None)
        self._clear_problems()
        self.message.value = "Cleared. Nothing was saved."

    def show_day(self, day: dt.date | None) -> None:
        """Switch to a day: load its latest check-in for editing when there is one."""
        if day is None:
            return
        self.clear()
        self.prompt.value = f'<div class="rk-help"><i>{html.escape(prompt_for(day))}</i></div>'
        try:
            existing = self.store.latest(day)
        except (ReflectkitError, OSError) as err:
            self.message.value = (
                f"<div class='rk-problem'>Your earlier check-ins could not be read: "
                f"{html.escape(str(err))}</div>"
            )
            return
        if existing is None:
            self.message.value = ""
            return
        for column in self.fields:
            if column != s.DATE and column in existing.index:
                self._write(column, existing[column])
        self._update_sleep_note()
        self.message.value = (
            f"You already checked in on {_day_words(day)}; it is shown here to edit. "
            "Saving keeps the earlier version too."
        )

    # -- feedback ------------------------------------------------------------------------

    def _update_sleep_note(self) -> None:
        bed, wake = (
            self._read(s.BEDTIME, self.fields[s.BEDTIME]),
            self._read(s.WAKE_TIME, self.fields[s.WAKE_TIME]),
        )
        if not (bed and wake):
            self.sleep_note.value = ""
        elif bed == wake:
            self.sleep_note.value = (
                "<span class='rk-help'>The same time twice: please type the hours.</span>"
            )
        else:
            hours = sleep_hours(str(bed), str(wake))
            self.sleep_note.value = (
                f"<span class='rk-help'>&nbsp;= {hours:.2f} hours from the two times</span>"
            )

    def _show_problems(self, problems: pd.DataFrame) -> None:
        names = []
        for row in problems.to_dict("records"):
            column = row["column"] if row["column"] in self.problems else None
            text = f"{LABELS.get(str(column), str(row['column']))} {row['problem']}"
            if row["value"] is not None:
                text += f" (you entered {row['value']!r})"
            if column:
                self.problems[column].value = f"<div class='rk-problem'>{html.escape(text)}</div>"
                names.append(LABELS[column])
        self.message.value = (
            "Nothing was saved yet. Please look at the note next to "
            f"{', '.join(dict.fromkeys(names)) or 'the form'}; everything you typed is still here."
        )

    def _clear_problems(self) -> None:
        for label in self.problems.values():
            label.value = ""


def recent_days_table(checkins: pd.DataFrame, *, end: dt.date, days: int = 7) -> str:
    """A small HTML table of the last days: sleep and moments noticed, no scores."""
    window = pd.date_range(end=pd.Timestamp(end), periods=days, freq="D")
    by_day = checkins.drop_duplicates(s.DATE, keep="last").set_index(s.DATE).reindex(window)
    rows = []
    for day, row in by_day.iterrows():
        sleep = "" if pd.isna(row[s.SLEEP_HOURS]) else f"{row[s.SLEEP_HOURS]:.1f} h"
        moments = ", ".join(s.split_tags(row[s.MOMENTS]))
        entry = "" if pd.notna(row[s.RECORDED_AT]) else "<i>no entry</i>"
        cells = [f"{day:%a %d %b}", sleep, html.escape(moments), entry]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        "<div><b>Your last 7 days</b></div><table><tr><th>day</th><th>sleep</th>"
        "<th>moments noticed</th><th></th></tr>" + "".join(rows) + "</table>"
    )


def rating_options(column: str, *, extra: str | None = None) -> list[tuple[str, str | None]]:
    """The choices of a rating: no answer, each whole step, and ``extra`` in its place.

    ``extra`` is a value between the steps (an imported 7.75, a mean of two ratings), shown
    as it is so that it is kept unless the person chooses another.
    """
    low, high = RATING_FIELDS[column]
    values = [float(v) for v in range(low, high + 1)]
    if extra is not None and float(extra) not in values:
        values = sorted([*values, float(extra)])
    return [NO_ANSWER, *((f"{v:g}", f"{v:g}") for v in values)]


def _show_rating(widget: w.ToggleButtons, column: str, value: str | None) -> None:
    widget.value = None  # before the options change, so no choice is left dangling
    options = rating_options(column, extra=value)
    if list(widget.options) != options:
        widget.options = options
        widget.tooltips = ["No answer", *[""] * (len(options) - 1)]
    widget.value = value


def _option_text(column: str, value: object) -> str:
    return str(value) if column == s.SOCIAL_CONTACT else f"{float(str(value)):g}"


def _day_words(day: dt.date) -> str:
    return "today" if day == dt.date.today() else f"{day:%A %d %B}"
