"""The daily check-in form (ipywidgets): a minute, calm, every field optional.

Groups follow the order recovery tends to go: Body, Feelings, Connection, Curiosity. A field
left untouched stores nothing (ratings start with no choice made; text starts empty). Saving
goes through :class:`~reflectkit.io.store.CheckinStore`, so the form accepts and refuses
exactly what the loader does; a refused value is explained next to its field and everything
typed stays in the form.

The form is built for the keyboard and for screen readers as much as for the mouse: every
rating is a radio group (one Tab stop; the arrow keys choose), every input has a ``<label>``
tied to it, and help texts and refusals are read with their field. ipywidgets renders radio
buttons without a shared ``name`` and groups without a name or role, so displaying the form
also runs :data:`KEYBOARD_SCRIPT`, a few lines that fill those in.

``reflectkit app`` runs the notebook before anyone asks for the page (Voilà's pre-heated
kernels), perhaps a day before: the form then turns to the day the page opens, and reads the
store again, when a page first asks for its widgets (:func:`refresh_when_a_page_opens`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import weakref
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
#: Width of the label column; every field's label sits in it, tied to its input.
LABEL_WIDTH = 170
#: Width of each kind of input, next to its label.
INPUT_WIDTHS = {"number": 110, "time": 140, "date": 160, "text": 420}
#: The first choice of every rating: no answer (so a chosen rating can be taken back).
NO_ANSWER = ("–", None)
#: What a screen reader says for the no-answer choice (the dash alone says little).
NO_ANSWER_NAME = "No answer"
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
.rk-form .widget-label { text-align: left; color: #2F3A44; }
.rk-form .widget-label.rk-label { align-self: flex-start; line-height: 28px; }
.rk-form .rk-choices { width: auto; height: auto; }
.rk-form .rk-choices .widget-radio-box {
  flex-wrap: wrap; gap: 2px 4px; margin-bottom: 0 !important;
}
.rk-form .rk-choices .widget-radio-box label {
  display: inline-flex; align-items: center; gap: 3px; margin: 0; padding: 0 6px 0 2px;
  min-width: 32px; border-radius: 4px; cursor: pointer; white-space: nowrap;
}
.rk-form .rk-choices .widget-radio-box label:hover { background: #EEF3F7; }
.rk-form .rk-choices .widget-radio-box input {
  float: none; order: -1; margin: 0 2px 0 0; accent-color: #3A5F7D; cursor: pointer;
}
.rk-form .rk-choices .widget-radio-box label:has(input:checked) { background: #E3ECF3; }
.rk-form .rk-tags { gap: 2px 10px; align-items: center; }
.rk-form .rk-tags .widget-checkbox { width: auto; height: auto; }
.rk-form .rk-tags .widget-checkbox input { accent-color: #3A5F7D; }
.rk-message { color: #2F3A44; }
.rk-recent table { border-collapse: collapse; font-size: 12.5px; }
.rk-recent caption { text-align: left; font-weight: 600; padding: 6px 0 2px 0; }
.rk-recent td, .rk-recent th {
  padding: 2px 10px; border-bottom: 1px solid #E3EAF0; text-align: left; font-weight: normal;
}
.rk-recent tr:first-child th { font-weight: 600; }
.rk-recent th[scope="row"] { white-space: nowrap; }
@media (max-width: 560px) {
  .rk-form .rk-field { flex-wrap: wrap; width: 100% !important; height: auto; }
  .rk-form .rk-field > .widget-label, .rk-form .rk-label { width: 100% !important; }
  .rk-form .rk-field > input, .rk-form .rk-field > textarea { flex: 1 1 100%; }
  .rk-form .rk-help { margin-left: 0; }
}
</style>
"""
#: Runs once per page wherever the form is displayed (JupyterLab and Voilà alike).
#: ipywidgets draws each rating's radio buttons without a shared ``name`` (so each would be
#: its own Tab stop) and the group without a role or a name. For every ``.rk-row`` this
#: names the group's radios alike (one Tab stop, arrow keys choose, as in the WAI-ARIA
#: radio group pattern), gives the group ``role=radiogroup`` (or ``group`` for the tag
#: choices) named by the row's ``.rk-label`` (as it does an input that has no ``<label>``
#: of its own), ties the help text and any refusal to the control
#: (``aria-describedby``), keeps JupyterLab's shortcuts off the arrow keys inside a group,
#: and makes the message areas polite live regions. It only sets attributes, and sets them
#: again whenever the widgets redraw (a MutationObserver).
KEYBOARD_SCRIPT = """
(() => {
  const NO_ANSWER = $NO_ANSWER, NO_ANSWER_NAME = $NO_ANSWER_NAME;
  const state = (window.reflectkitKeyboard = window.reflectkitKeyboard || { next: 0 });
  const idOf = (el) => el.id || (el.id = "rk-a11y-" + ++state.next);
  const tie = (row) => {
    const group = row.querySelector(".rk-group");
    const control = group || row.querySelector("input, textarea");
    if (!control) return;
    const notes = [".rk-help", ".rk-problem"].map((s) => row.querySelector(s)).filter(Boolean);
    if (notes.length) control.setAttribute("aria-describedby", notes.map(idOf).join(" "));
    const label = row.querySelector(".rk-label");
    const tied = !group && [...(control.labels || [])].some((l) => l.textContent.trim());
    if (label && !tied) control.setAttribute("aria-labelledby", idOf(label));
    if (!group) return;
    const radios = group.querySelectorAll('input[type="radio"]');
    group.setAttribute("role", radios.length ? "radiogroup" : "group");
    const name = group.dataset.rkName || (group.dataset.rkName = "rk-choice-" + ++state.next);
    radios.forEach((radio) => {
      if (radio.name !== name) radio.name = name;
      // JupyterLab takes the arrow keys from a focused radio for its own shortcuts otherwise
      radio.setAttribute("data-lm-suppress-shortcuts", "true");
      if (radio.parentElement.textContent.trim() === NO_ANSWER) {
        radio.setAttribute("aria-label", NO_ANSWER_NAME);
        radio.parentElement.title = NO_ANSWER_NAME;
      }
    });
  };
  const run = () => {
    document.querySelectorAll(".rk-form .rk-row").forEach(tie);
    document.querySelectorAll(".rk-form .rk-message, .rk-form .rk-row > .rk-problem")
      .forEach((el) => el.setAttribute("role", "status"));
  };
  if (!state.observer) {
    state.observer = new MutationObserver(run);
    state.observer.observe(document.body, { childList: true, subtree: true });
  }
  run();
})();
""".replace("$NO_ANSWER_NAME", json.dumps(NO_ANSWER_NAME)).replace(
    "$NO_ANSWER", json.dumps(NO_ANSWER[0])
)


def display_with_keyboard_support(form: w.Widget) -> None:
    """Display ``form`` after :data:`KEYBOARD_SCRIPT` (what ``_ipython_display_`` calls).

    The script goes out as a bare ``application/javascript`` output: where JavaScript does
    not run (an untrusted notebook) nothing is shown, and the form still works, with a Tab
    stop per choice instead of per group.
    """
    from IPython.display import display

    display({"application/javascript": KEYBOARD_SCRIPT}, raw=True)
    display(form._repr_mimebundle_(), raw=True)


#: Set to "True" by Voilà in the kernels it starts before a page asks (``--preheat_kernel``).
PREHEAT_VARIABLE = "VOILA_PREHEAT"
#: The comm a page opens to ask a kernel for its widgets (ipywidgets' messaging protocol).
CONTROL_TARGET = "jupyter.widget.control"
_not_yet_seen: weakref.WeakSet[CheckinForm] = weakref.WeakSet()


def refresh_when_a_page_opens(form: CheckinForm) -> None:
    """Have ``form`` turn to today and read the store again when a page first asks for it.

    A page asks the kernel for its widgets by opening the :data:`CONTROL_TARGET` comm, then
    asking for their states; the form is brought up to date before those are sent, so the
    page never shows the day the kernel started on or a store read before a save made
    elsewhere (another tab, an import).
    """
    from comm import get_comm_manager

    _not_yet_seen.add(form)
    get_comm_manager().register_target(CONTROL_TARGET, _page_opened)


def _page_opened(comm: Any, message: dict[str, Any]) -> None:
    try:
        for form in list(_not_yet_seen):
            _not_yet_seen.discard(form)
            form.refresh()
    finally:  # whatever happened, the page gets its widgets
        w.Widget.handle_control_comm_opened(comm, message)


def share_alike_models(root: w.Widget) -> None:
    """Let widgets whose layouts (or styles) are alike share one.

    The browser builds a model for every layout and style, and the form would have over 300
    models, most of them layouts and styles left as they are. The form never changes a
    layout or a style once built, so sharing changes nothing on the page, and it is drawn
    from about half as many models.
    """
    kept: dict[tuple[type, str], w.Widget] = {}
    pending = [root]
    while pending:
        widget = pending.pop()
        pending.extend(getattr(widget, "children", ()))
        for trait in ("layout", "style"):
            model = getattr(widget, trait, None)
            if not isinstance(model, w.Widget):
                continue
            state = json.dumps(model.get_state(), sort_keys=True, default=str)
            shared = kept.setdefault((type(model), state), model)
            if shared is not model:
                setattr(widget, trait, shared)
                model.close()


def prompt_for(day: dt.date) -> str:
    """The gentle curiosity prompt of a day (it changes from day to day)."""
    return PROMPTS[day.toordinal() % len(PROMPTS)]


class CheckinForm(w.VBox):
    """The daily check-in, displayable in JupyterLab and Voilà.

    Every input carries a CSS class ``rk-<column>`` (e.g. ``rk-mood``); the buttons and the
    message area carry ``rk-save``, ``rk-clear`` and ``rk-message``. Ratings and the contact
    level are radio groups whose first choice, "–", means no answer; the suggested tags are
    checkboxes (``rk-<column>-option``) beside a text field for your own (``rk-<column>-other``).

    Parameters
    ----------
    store
        Where check-ins are saved (default: your personal store).
    today
        The day the form starts on (default: today).
    """

    def __init__(self, store: CheckinStore | None = None, *, today: dt.date | None = None) -> None:
        self.store = store if store is not None else CheckinStore()
        #: Each column's input. Inputs alike share their ``layout`` and ``style`` (see
        #: :func:`share_alike_models`): give one a new ``w.Layout()`` before changing it.
        self.fields: dict[str, w.Widget] = {}
        self.problems: dict[str, w.HTML] = {}

        self.date = w.DatePicker(value=today or dt.date.today())
        self.sleep_note = w.HTML()
        self.message = w.HTML().add_class("rk-message")
        self.recent = w.HTML().add_class("rk-recent")
        self.save_button = w.Button(description="Save", icon="check", button_style="")
        self.save_button.add_class("rk-save")
        self.clear_button = w.Button(description="Clear", icon="eraser")
        self.clear_button.add_class("rk-clear")
        self.prompt = w.HTML()

        day = self._input_row(s.DATE, self.date, "date", helps=False)
        body = [
            self._input_row(s.BEDTIME, w.TimePicker(value=None), "time"),
            self._input_row(s.WAKE_TIME, w.TimePicker(value=None), "time"),
            self._input_row(
                s.SLEEP_HOURS, w.Text(placeholder="e.g. 7.5"), "number", extra=self.sleep_note
            ),
            self._choice_row(s.SLEEP_QUALITY),
            self._input_row(s.MEALS, w.Text(placeholder="e.g. 3"), "number"),
            self._input_row(s.MOVEMENT_MINUTES, w.Text(placeholder="e.g. 20"), "number"),
            self._input_row(s.OUTDOORS_MINUTES, w.Text(placeholder="e.g. 15"), "number"),
            self._tags_row(s.ACTIVITIES, s.SUGGESTED_ACTIVITIES),
        ]
        feelings = [
            self._choice_row(s.MOOD),
            self._choice_row(s.FEELING_ACCESS),
            self._choice_row(s.ENERGY),
            self._tags_row(s.MOMENTS, s.SUGGESTED_MOMENTS),
        ]
        connection = [self._choice_row(s.SOCIAL_CONTACT)]
        curiosity = [
            self.prompt,
            self._input_row(s.CURIOSITY, w.Textarea(rows=2), "text"),
            self._input_row(s.NOTE, w.Textarea(rows=2), "text"),
        ]
        children = [
            w.HTML(CSS + "<h3>Today's check-in</h3>"),
            w.HTML(
                '<div class="rk-help">Fill in as much or as little as you like. '
                "A check-in with one answer is a good check-in.</div>"
            ),
            day,
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
        share_alike_models(self)

    def _ipython_display_(self) -> None:
        if os.environ.get(PREHEAT_VARIABLE) == "True":
            refresh_when_a_page_opens(self)
        display_with_keyboard_support(self)

    # -- building ------------------------------------------------------------------------
    # Each field is a row (``rk-row``): its label, its control, a help text and, below, the
    # place where a refused value is explained. Inputs carry their label as ``description``
    # (rendered as ``<label for=...>``); groups of choices get theirs from KEYBOARD_SCRIPT.

    def _field(self, column: str, widget: w.Widget) -> Any:
        widget.add_class(f"rk-{column}")
        self.fields[column] = widget
        self.problems[column] = w.HTML().add_class("rk-problem").add_class(f"rk-{column}-problem")
        return widget

    def _row(
        self, column: str, parts: list[w.Widget], *, extra: w.Widget | None, helps: bool
    ) -> w.Widget:
        notes = [w.HTML(f'<span class="rk-help">{html.escape(HELP[column])}</span>')]
        line = w.HBox(
            [*parts, *([extra] if extra else []), *(notes if helps else [])],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        return w.VBox([line, self.problems[column]]).add_class("rk-row")

    def _input_row(
        self,
        column: str,
        widget: w.Widget,
        kind: str,
        *,
        extra: w.Widget | None = None,
        helps: bool = True,
    ) -> w.Widget:
        """A text, number, time or date input with its label tied to it."""
        self._field(column, widget).add_class("rk-field")
        widget.description = LABELS[column]
        widget.tooltip = ""  # otherwise the label shows a "null" tooltip
        widget.style.description_width = f"{LABEL_WIDTH}px"
        widget.layout.width = f"{LABEL_WIDTH + INPUT_WIDTHS[kind]}px"
        widget.layout.max_width = "100%"
        if isinstance(widget, w.Text | w.Textarea):
            # Typed text goes to the kernel once, when the field is left: ipywidgets holds
            # back a widget's later updates while one is on its way, so with one per key a
            # quick Tab and Enter on Save could reach the kernel before the last letters.
            widget.continuous_update = False
        return self._row(column, [widget], extra=extra, helps=helps)

    def _choice_row(self, column: str) -> w.Widget:
        """A radio group: one Tab stop, the arrow keys choose, "–" takes an answer back."""
        options = (
            rating_options(column)
            if column in RATING_FIELDS
            else [NO_ANSWER, *((level, level) for level in s.SOCIAL_CONTACT_LEVELS)]
        )
        radios = w.RadioButtons(options=options, value=None, orientation="horizontal")
        self._field(column, radios).add_class("rk-group").add_class("rk-choices")
        return self._row(column, [self._label(column), radios], extra=None, helps=True)

    def _tags_row(self, column: str, suggestions: tuple[str, ...]) -> w.Widget:
        """Checkboxes for the suggested tags and a text field for your own."""
        toggles = [
            w.Checkbox(
                description=t, value=False, indent=False, layout=w.Layout(width="auto")
            ).add_class(f"rk-{column}-option")
            for t in suggestions
        ]
        other = w.Text(
            description="your own",
            placeholder="separated by commas",
            continuous_update=False,  # as in _input_row
            style={"description_width": "initial"},
            layout=w.Layout(width="260px", max_width="100%"),
        )
        other.add_class(f"rk-{column}-other")
        box = w.HBox([*toggles, other], layout=w.Layout(flex="1 1 400px", flex_flow="row wrap"))
        self._field(column, box).add_class("rk-group").add_class("rk-tags")
        return self._row(column, [self._label(column), box], extra=None, helps=True)

    @staticmethod
    def _label(column: str) -> w.Label:
        width = f"{LABEL_WIDTH}px"
        return w.Label(LABELS[column], layout=w.Layout(width=width, min_width=width)).add_class(
            "rk-label"
        )

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
        elif column in RATING_FIELDS:
            _show_rating(widget, column, None if empty else _option_text(column, value))
        elif column == s.SOCIAL_CONTACT:
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

    def refresh(self) -> None:
        """Turn to today and show what the store holds for it now (nothing typed is kept)."""
        today = dt.date.today()
        if self.date.value != today:
            self.date.value = today  # shown by the observer
        else:
            self.show_day(today)

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
    """A small HTML table of the last days that have a check-in: sleep, care, moments.

    Only what is there is listed; days without a check-in are left out, with one line
    saying so, rather than shown as rows of absences. Nothing is counted or scored.
    """
    first = pd.Timestamp(end) - pd.Timedelta(days=days - 1)
    latest = checkins.drop_duplicates(s.DATE, keep="last")
    shown = latest[latest[s.DATE].between(first, pd.Timestamp(end))].sort_values(s.DATE)
    heading = f"Your last {days} days"
    if shown.empty:
        return f"<div><b>{heading}</b></div><div class='rk-help'>No check-ins in these days.</div>"
    rows = []
    for _, row in shown.iterrows():
        sleep = "" if pd.isna(row[s.SLEEP_HOURS]) else f"{row[s.SLEEP_HOURS]:.1f} h"
        care, moments = (", ".join(s.split_tags(row[c])) for c in (s.ACTIVITIES, s.MOMENTS))
        cells = [f"<th scope='row'>{row[s.DATE]:%a %d %b}</th>"] + [
            f"<td>{html.escape(c)}</td>" for c in (sleep, care, moments)
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = (
        "<div class='rk-help'>Days without a check-in are left out.</div>"
        if len(shown) < days
        else ""
    )
    return (
        f"<table><caption>{heading}</caption><tr><th scope='col'>day</th>"
        "<th scope='col'>sleep</th><th scope='col'>small care</th>"
        "<th scope='col'>moments noticed</th></tr>" + "".join(rows) + "</table>" + note
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


def _show_rating(widget: w.RadioButtons, column: str, value: str | None) -> None:
    widget.value = None  # before the options change, so no choice is left dangling
    options = rating_options(column, extra=value)
    if list(widget.options) != options:
        widget.options = options
    widget.value = value


def _option_text(column: str, value: object) -> str:
    return str(value) if column == s.SOCIAL_CONTACT else f"{float(str(value)):g}"


def _day_words(day: dt.date) -> str:
    return "today" if day == dt.date.today() else f"{day:%A %d %B}"
