"""The weekly reflection: a few curiosity and connection prompts, once a week."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from ..io.reflections import PROMPTS, ReflectionStore, monday_of
from .checkin import CSS, display_with_keyboard_support


class ReflectionForm(w.VBox):
    """A short weekly reflection; every prompt may be skipped.

    Inputs carry ``rk-reflection-<prompt>``; buttons ``rk-save``; messages ``rk-message``.
    Each prompt is the accessible name of its answer (tied when the form is displayed).
    """

    def __init__(
        self, store: ReflectionStore | None = None, *, today: dt.date | None = None
    ) -> None:
        self.store = store if store is not None else ReflectionStore()
        self.week = monday_of(today or dt.date.today())
        self.answers = {
            # continuous_update=False: sent once when left, as in the check-in form
            key: w.Textarea(
                rows=2, continuous_update=False, layout=w.Layout(width="95%")
            ).add_class(f"rk-reflection-{key}")
            for key in PROMPTS
        }
        self.message = w.HTML().add_class("rk-message")
        save = w.Button(description="Save", icon="check").add_class("rk-save")
        save.on_click(lambda _: self.save())
        rows = [
            w.VBox(
                [w.HTML(f"<div>{html.escape(prompt)}</div>").add_class("rk-label"), answer]
            ).add_class("rk-row")
            for prompt, answer in zip(PROMPTS.values(), self.answers.values(), strict=True)
        ]
        super().__init__(
            [
                w.HTML(CSS + f"<h3>This week (from {self.week:%A %d %B})</h3>"),
                *rows,
                save,
                self.message,
            ],
            layout=w.Layout(width="100%", max_width="820px"),
        )
        self.add_class("rk-form")

    def _ipython_display_(self) -> None:
        display_with_keyboard_support(self)

    def save(self) -> None:
        """Save the answers given; empty ones stay empty."""
        answers = {k: v.value for k, v in self.answers.items() if v.value.strip()}
        if not answers:
            self.message.value = "There is nothing to save yet; any single answer is welcome."
            return
        self.store.save(answers, week_of=self.week)
        self.message.value = "Saved. Thank you for taking the time to look back on your week."
