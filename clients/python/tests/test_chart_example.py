"""The worked chart of docs/analytics.md (docs/examples/measures_per_quarter.py), tested on its own
output against the seeded graph: only measures are counted, and only in a quarter their date pins down
(issue 22, row 13)."""
import importlib.util
from pathlib import Path

import pandas as pd

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "measures_per_quarter.py"


def load_script():
    spec = importlib.util.spec_from_file_location("measures_per_quarter", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts_only_measures_in_quarters_their_dates_pin_down(client):
    script = load_script()
    measures = client.measures()
    counted, left_out = script.quarterly(measures)
    assert len(counted) > 0
    # Only measures: no speeches, statements, awards or meetings.
    assert set(counted["type"]) <= script.MEASURE_TYPES
    assert not set(counted["id"]) & set(measures[~measures["type"].isin(script.MEASURE_TYPES)]["id"])
    # Each counted measure's whole date range lies in the quarter it is counted in.
    by_id = measures.set_index("id")
    for row in counted.itertuples():
        start, end = by_id.loc[row.id, "date_start"], by_id.loc[row.id, "date_end"]
        assert str(start.to_period("Q")) == row.quarter == str(end.to_period("Q")), row.id
    # A year-only measure is left out with its reason, never put in the year's first quarter.
    year_only = measures[measures["type"].isin(script.MEASURE_TYPES) & (measures["date_precision"] == "YEAR")]
    assert len(year_only) > 0
    assert set(year_only["id"]) <= set(left_out["id"])
    assert not set(year_only["id"]) & set(counted["id"])
    assert all(left_out.set_index("id").loc[list(year_only["id"]), "why"] == "date precise only to year")
    # Everything is accounted for: each measure is counted or left out, not both.
    kept = set(measures[measures["type"].isin(script.MEASURE_TYPES)]["id"])
    assert set(counted["id"]) | set(left_out["id"]) == kept
    assert not set(counted["id"]) & set(left_out["id"])
    assert isinstance(counted["quarter"].iloc[0], str) and pd.Period(counted["quarter"].iloc[0]).freqstr.startswith("Q")
