"""The real exports in ../shared/realdata, imported as a new user would (when present)."""

from __future__ import annotations

from test_realdata import CUSTOM_MOODS

from reflectkit import CheckinStore, import_daylio
from reflectkit.cli import main
from reflectkit.io.imports import import_into, undo_last_import

DONNY = ("donnydew_2023export_slice_daylio.csv", "donnydew_2024export_nnbsp_slice_daylio.csv")


def test_the_same_real_export_twice_says_61_days_already_there(realdata, store):
    path = realdata / "daylio" / DONNY[0]
    first = import_into(store, import_daylio(path, mood_scale=CUSTOM_MOODS), app="d", source="a")
    again = import_into(store, import_daylio(path, mood_scale=CUSTOM_MOODS), app="d", source="a")
    assert first.new == 61
    assert "61 days already there, 0 new." in again.summary() and again.added == 0


def test_the_later_export_adds_its_renamed_activities_as_revisions_and_undo_restores(
    realdata, store
):
    old, new = (import_daylio(realdata / "daylio" / f, mood_scale=CUSTOM_MOODS) for f in DONNY)
    import_into(store, old, app="daylio", source=DONNY[0])
    before = store.load()
    result = import_into(store, new, app="daylio", source=DONNY[1])
    # only the activity labels the person renamed between the exports differ
    assert result.new == 0 and result.changed > 0 and result.changed + result.unchanged == 61

    def activities(frame):
        return frame.sort_values(["date", "time"])["activities"].tolist()

    assert activities(store.load()) == activities(new)
    undo_last_import(store)
    assert activities(store.load()) == activities(before) == activities(old)


def test_the_fitbit_research_file_lists_its_33_people(realdata, home, capsys):
    fitbit = realdata / "fitbit"
    args = ["import", "fitbit", str(fitbit / "dailyActivity_merged.csv")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "holds 33 people" in err and "--participant ID" in err
    assert len([line for line in err.splitlines() if line.startswith("  ")]) == 33
    assert main([*args, "--participant", "1503960366"]) == 0
    assert len(CheckinStore().load()) == 30  # 31 days, one without steps (not worn): a gap


def test_every_real_daylio_export_imports_through_the_command(realdata, tmp_path, capsys):
    scale = ",".join(f"{label}={value}" for label, value in CUSTOM_MOODS.items())
    for i, path in enumerate(sorted((realdata / "daylio").glob("*.csv"))):
        target = tmp_path / f"store{i}"
        assert main(["import", "daylio", str(path), "--to", str(target)]) in (0, 1)
        assert (
            main(["import", "daylio", str(path), "--to", str(target), "--mood-scale", scale]) == 0
        )
        out = capsys.readouterr().out
        assert f"from {path.name} into" in out
        assert (
            main(["import", "daylio", str(path), "--to", str(target), "--mood-scale", scale]) == 0
        )
        assert " 0 new" in capsys.readouterr().out
