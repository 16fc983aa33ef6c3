"""Bring a history from another app, in JupyterLab or Voilà (``reflectkit app --import``).

The same steps as ``reflectkit import``, as a form: choose the app and its export; when a
Daylio export uses moods of the person's own, each gets a box for its place on 1-10, empty
until the person fills it (never a made-up value); Daylio's default moods, in every language
:mod:`reflectkit.io.daylio_moods` knows, need no question. Importing again adds only new and
changed days, and the last import can be taken back (nothing is deleted).

The export is copied into a private temporary folder only while it is read, and only the
single-file exports a browser sends well are offered; Fitbit's two files, Apple Health's
archive (often hundreds of megabytes) and files with many people are for ``reflectkit
import`` (the form says so).
"""

from __future__ import annotations

import html
import os
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError
from ..io.bearable import import_bearable
from ..io.daylio import DEFAULTS_TEXT, import_daylio, mood_number, unknown_daylio_moods
from ..io.googlefit import import_google_fit
from ..io.imports import ImportResult, import_into, participants, undo_last_import
from ..io.loop import import_loop
from ..io.store import CheckinStore
from ..uploads import LARGEST_EXPORT_MB, LARGEST_MESSAGE_BYTES, megabytes
from .checkin import CSS, LABEL_WIDTH, display_with_keyboard_support

#: The exports the form reads: (label shown, the app's name in the import log, reader).
SOURCES: dict[str, tuple[str, Callable[[Path], pd.DataFrame]]] = {
    "daylio": ("Daylio (CSV export)", import_daylio),
    "bearable": ("Bearable (CSV export)", import_bearable),
    "loop": ("Loop Habit Tracker (the CSV zip, or Checkmarks.csv)", import_loop),
    "googlefit": ("Google Fit (Daily activity metrics.csv)", import_google_fit),
}
ACCEPT = ".csv,.zip"
ASK_FOR_A_NUMBER = "Please type a number from 1 to 10, such as 6 or 7.5."


class ImportForm(w.VBox):
    """Import an export into the check-ins; place the person's own Daylio moods on 1-10.

    CSS classes: ``rk-import-app`` (the app), ``rk-import-file`` (the file chooser),
    ``rk-mood-for`` (each mood's box), ``rk-import``, ``rk-undo`` and ``rk-message``.

    Parameters
    ----------
    store
        Where the check-ins go (default: your personal store).
    path
        An export to start with (a notebook parameter), instead of choosing one.
    app
        Which app ``path`` comes from: ``"daylio"`` (default), ``"bearable"``, ``"loop"``,
        or ``"googlefit"``.
    """

    def __init__(
        self,
        store: CheckinStore | None = None,
        *,
        path: str | Path | None = None,
        app: str = "daylio",
    ) -> None:
        if app not in SOURCES:
            raise ReflectkitError(f"app={app!r}: choose one of {', '.join(SOURCES)}")
        self.store = store if store is not None else CheckinStore()
        self.export: tuple[str, bytes] | None = None
        self.mood_boxes: dict[str, w.Text] = {}
        self.mood_problems: dict[str, w.HTML] = {}
        self._typed: dict[str, str] = {}  # places typed, kept when the app is switched

        wide = {"description_width": f"{LABEL_WIDTH}px"}
        self.app = w.Dropdown(
            options=[(label, key) for key, (label, _) in SOURCES.items()],
            value=app,
            description="From",
            style=wide,
            layout=w.Layout(width="560px"),
        ).add_class("rk-import-app")
        auto = w.Layout(width="auto")
        self.chooser = self._new_chooser("Choose the export")
        self.chosen = w.HTML()
        self.moods = w.VBox()
        self.import_button = w.Button(
            description="Import", icon="download", disabled=True, layout=auto
        )
        self.import_button.add_class("rk-import")
        self.undo_button = w.Button(
            description="Take back this import", icon="undo", layout=auto, disabled=True
        )
        self.undo_button.add_class("rk-undo")
        self.message = w.HTML().add_class("rk-message")
        self._choosing = w.HBox([self.chooser, self.chosen], layout=w.Layout(align_items="center"))
        super().__init__(
            children=[
                w.HTML(
                    CSS + '<div class="rk-help" style="margin-left:0;line-height:1.5">'
                    "Importing again later adds only new or changed days. "
                    "An import can be taken back; nothing is deleted. Fitbit and Apple Health "
                    "exports, and files over "
                    f"{LARGEST_EXPORT_MB} MB, are imported in a terminal: "
                    "<code>reflectkit import fitbit ...</code> or "
                    "<code>reflectkit import applehealth export.zip</code>.</div>"
                ),
                self.app,
                self._choosing,
                self.moods,
                w.HBox([self.import_button, self.undo_button]),
                self.message,
            ],
            layout=w.Layout(width="100%", max_width="820px"),
        )
        self.add_class("rk-form")
        _SHOWN.add(self)

        self.app.observe(lambda _: self._check(), names="value")
        self.import_button.on_click(lambda _: self.run_import())
        self.undo_button.on_click(lambda _: self.undo())
        self._imported: pd.Timestamp | None = None  # this page's import, to take back
        if path is not None:
            self.choose(path)

    def _ipython_display_(self) -> None:
        display_with_keyboard_support(self)

    # -- actions (plain methods, so they can be tested without a browser) ---------------

    def choose(self, path: str | Path) -> None:
        """Use the export at ``path`` (as if chosen in the browser)."""
        path = Path(path)
        try:
            self.export = (_shown_name(path.name), path.read_bytes())
        except OSError as err:
            self._say_problem(f"{path} cannot be read: {err.strerror or err}.")
            return
        self._check()

    def mood_scale(self) -> dict[str, float] | None:
        """The places typed for the person's own moods; None (each refusal shown) if any is
        missing or not a number from 1 to 10."""
        scale: dict[str, float] = {}
        for label, box in self.mood_boxes.items():
            number = mood_number(box.value)
            self.mood_problems[label].value = (
                "" if number is not None else f'<span class="rk-problem">{ASK_FOR_A_NUMBER}</span>'
            )
            if number is not None:
                scale[label] = number
        return scale if len(scale) == len(self.mood_boxes) else None

    def run_import(self) -> ImportResult | None:
        """Import the chosen export; say what was added, or why nothing was."""
        if self.export is None:
            self._say_problem("Choose an export first.")
            return None
        scale = self.mood_scale()
        if scale is None:
            self._say_problem(
                "Nothing was imported yet: each of your own moods needs a place from 1 to 10."
            )
            return None
        name = self.export[0]
        app = str(self.app.value)
        try:
            frame = self._read(app, scale)
            people = participants(frame)
            if len(people) > 1:
                self._say_problem(
                    f"{name} holds {len(people)} people, and your check-ins keep one person's. "
                    f"Import one in a terminal: reflectkit import {app} FILE --participant ID."
                )
                return None
            if len(people):
                frame = frame.assign(**{s.PARTICIPANT: None})  # a personal store has no codes
            result = import_into(self.store, frame, app=app, source=name)
        except (ReflectkitError, OSError) as err:
            self._say_problem(f"Nothing was imported: {err}")
            return None
        except Exception as err:  # a reader's surprise (an encrypted zip, ...): say it calmly
            self._say_problem(_unreadable(name, err))
            return None
        taken_back = (
            " If this is not what you meant, “Take back this import” undoes it."
            if result.added
            else ""
        )
        self.message.value = _lines(result.summary() + taken_back)
        if result.added:
            self._imported = result.stamp
            self.undo_button.disabled = False
        return result

    def undo(self) -> None:
        """Take back the import made on this page (nothing is deleted).

        Only an import made here: an earlier one is taken back in a terminal, where
        ``reflectkit import --history`` shows which one ``--undo`` would take.
        """
        if self.undo_button.disabled:
            self._say_problem(
                "Nothing was imported on this page yet. To take back an earlier import, run "
                "reflectkit import --history, then reflectkit import --undo, in a terminal."
            )
            return
        try:
            undone = undo_last_import(self.store, stamp=self._imported)
        except ReflectkitError as err:
            self._say_problem(str(err))
            return
        self.undo_button.disabled = True
        when = undone.stamp.tz_convert(None).strftime("%Y-%m-%d %H:%M UTC")
        self.message.value = _lines(
            f"Took back the import of {undone.source} ({undone.app}, {when}): its "
            f"{undone.new} new check-ins no longer show, and {undone.changed} changed ones "
            "show their earlier values again. Nothing was deleted."
        )

    # -- reading -----------------------------------------------------------------------------

    def say_the_file_never_arrived(self) -> None:
        """Say that a file chosen in the browser was too large to reach this page at all."""
        # The page's chooser still waits for the kernel to take the file it sent, and sends
        # nothing more until then: a new chooser takes its place.
        self.chooser.close()
        self.chooser = self._new_chooser("Choose another export")
        self._choosing.children = (self.chooser, self.chosen)
        self._refuse_the_file(
            "Nothing was imported: the file you chose is too large for this page to receive "
            f"(over {megabytes(LARGEST_MESSAGE_BYTES)}), so it did not arrive. "
            f"{self._in_a_terminal()}"
        )

    def _refuse_the_file(self, text: str) -> None:
        """Forget any chosen export, so nothing can be imported, and say why."""
        self.export = None
        self._check()
        self.chosen.value = ""
        self.import_button.disabled = True
        self._say_problem(text)

    def _in_a_terminal(self) -> str:
        app = str(self.app.value)
        named = SOURCES[app][0].split(" (")[0]
        return (
            "An export this large is imported in a terminal instead: for Apple Health's "
            f"export.zip, reflectkit import applehealth export.zip; for a {named} export, "
            f"reflectkit import {app} FILE."
        )

    def _new_chooser(self, description: str) -> w.FileUpload:
        chooser = w.FileUpload(
            accept=ACCEPT, multiple=False, description=description, layout=w.Layout(width="auto")
        ).add_class("rk-import-file")
        chooser.observe(lambda _: self._chosen_in_browser(), names="value")
        return chooser

    def _chosen_in_browser(self) -> None:
        files = self.chooser.value
        if not files:
            return
        upload = files[0]
        name, content = _shown_name(str(upload["name"])), upload["content"]
        self.chooser.value = ()  # kept once, here: not also in the page's widget state
        self.chooser.description = "Choose another export"
        if len(content) > LARGEST_EXPORT_MB * 1_000_000:
            self._refuse_the_file(
                f"Nothing was imported: {name} is {megabytes(len(content))}, more than this "
                f"page takes ({LARGEST_EXPORT_MB} MB). {self._in_a_terminal()}"
            )
            return
        self.export = (name, bytes(content))
        self._check()

    def _check(self) -> None:
        """Show the chosen file and, for Daylio, a box for each mood of the person's own."""
        self._typed.update({label: box.value for label, box in self.mood_boxes.items()})
        self.moods.children = ()
        self.mood_boxes, self.mood_problems = {}, {}
        if self.export is None:
            return
        name = self.export[0]
        self.chosen.value = f'<span class="rk-help">{html.escape(name)}</span>'
        self.import_button.disabled = False
        self.message.value = ""
        if self.app.value != "daylio":
            return
        try:
            with self._on_disk() as path:
                unknown = unknown_daylio_moods(path)
        except (ReflectkitError, OSError) as err:
            self._say_problem(str(err))  # names the file and what to do
            self.import_button.disabled = True
            return
        except Exception as err:
            self._say_problem(_unreadable(name, err))
            self.import_button.disabled = True
            return
        if unknown:
            self._ask_for_places(unknown)

    def _ask_for_places(self, unknown: dict[str, int]) -> None:
        rows: list[w.Widget] = [
            w.HTML(
                '<div class="rk-help" style="margin-left:0">Some moods in this export are your '
                "own, so reflectkit does not know where they sit on its mood scale "
                f"(1 = very low, 10 = very good). Daylio's own moods sit at {DEFAULTS_TEXT}."
                "</div>"
            )
        ]
        for label, count in unknown.items():
            box = w.Text(
                value=self._typed.get(label, ""),
                placeholder="1 to 10",
                description=f"{label} ({count} entr{'y' if count == 1 else 'ies'})",
                style={"description_width": f"{LABEL_WIDTH}px"},
                layout=w.Layout(width=f"{LABEL_WIDTH + 110}px"),
            ).add_class("rk-mood-for")
            problem = w.HTML()
            self.mood_boxes[label], self.mood_problems[label] = box, problem
            rows.append(w.HBox([box, problem], layout=w.Layout(align_items="center")))
        self.moods.children = rows

    def _read(self, app: str, scale: dict[str, float]) -> pd.DataFrame:
        reader = SOURCES[app][1]
        with self._on_disk() as path:
            if app == "daylio":
                return import_daylio(path, mood_scale=scale)
            return reader(path)

    def _on_disk(self) -> _PrivateCopy:
        assert self.export is not None
        return _PrivateCopy(*self.export)

    def _say_problem(self, text: str) -> None:
        self.message.value = f'<div class="rk-problem">{_lines(text)}</div>'


#: The import forms this kernel shows (see :func:`say_a_file_never_arrived`).
_SHOWN: weakref.WeakSet[ImportForm] = weakref.WeakSet()


def say_a_file_never_arrived() -> None:
    """Tell every import form in this kernel that a chosen file never arrived.

    The app's server runs this in the page's kernel when it refused a message as too large:
    the file never reached the kernel, so the form could not know otherwise.
    """
    for form in list(_SHOWN):
        form.say_the_file_never_arrived()


class _PrivateCopy:
    """The export written to a folder only this user can read, for as long as it is read.

    The readers take a path (a zip is opened by name, a Daylio export is sniffed); the copy
    keeps the file's name, so messages name what the person chose.
    """

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self.content = name, content
        self.folder: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Path:
        self.folder = tempfile.TemporaryDirectory(prefix="reflectkit-import-")  # 0700
        try:
            path = Path(self.folder.name) / _shown_name(self.name)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(self.content)
        except BaseException:
            self.folder.cleanup()
            raise
        return path

    def __exit__(self, *exc: Any) -> None:
        if self.folder is not None:
            self.folder.cleanup()


def _shown_name(name: str) -> str:
    """A file name safe to show and to create: the last part of ``name``, or ``export.csv``
    (``export.zip``) when that is empty, ``.``/``..``, holds a NUL or is too long."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if last in {"", ".", ".."} or "\0" in last or len(last.encode()) > 200:
        return "export.zip" if name.lower().endswith(".zip") else "export.csv"
    return last


def _unreadable(name: str, err: Exception) -> str:
    return (
        f"Nothing was imported: {name} could not be read ({type(err).__name__}: {err}). "
        "If it is an export of the app chosen above, try exporting it again; in a terminal, "
        "reflectkit import shows the same reason."
    )


def _lines(text: str) -> str:
    lines = "<br>".join(html.escape(line) for line in text.splitlines())
    return f'<div style="line-height:1.5">{lines}</div>'
