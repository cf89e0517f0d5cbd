#!/usr/bin/env python3
"""Measures per quarter by issuer, as a stacked bar chart, from a running Chokepoint server.

    pip install -e "clients/python[chart]"
    python docs/examples/measures_per_quarter.py --url http://localhost:4000 --out docs/examples/measures_per_quarter.png

Counts only measures (export controls, listings, investment restrictions, trade measures, agreements,
funding programmes: not speeches, statements, awards, meetings, strategies or drives), and places a
measure in a quarter only when its date is precise to a quarter or better (its first and last possible
day fall in one quarter: a day, a month, a few days). A year-only date ("2024") or an undated measure
is listed as left out, never put in the first quarter. Each measure counts once per issuer (a joint
measure for each). The title carries the graph version the data came from.
"""
import argparse

import pandas as pd

from chokepoint import Client

#: Policy types that are measures (schema/ontology/kinds/policy.yaml); the rest are what leaders say or do.
MEASURE_TYPES = {
    "EXPORT_CONTROL", "ENTITY_LISTING", "INVESTMENT_RESTRICTION", "TRADE_MEASURES",
    "MULTILATERAL_AGREEMENT", "FUNDING_PROGRAMME",
}


def quarterly(measures: pd.DataFrame) -> "tuple[pd.DataFrame, pd.DataFrame]":
    """(counted, left_out): one row per (measure, issuer) with its quarter, and the measures left out with why."""
    frame = measures[measures["type"].isin(MEASURE_TYPES)].copy()
    start_q = frame["date_start"].dt.to_period("Q")
    end_q = frame["date_end"].dt.to_period("Q")
    precise = frame["date_start"].notna() & frame["date_end"].notna() & (start_q == end_q)
    left_out = frame[~precise][["id", "name", "type", "date", "date_precision"]].copy()
    left_out["why"] = left_out["date_precision"].map(
        lambda p: "undated" if p in (None, "UNKNOWN") or pd.isna(p) else f"date precise only to {str(p).lower()}")
    counted = frame[precise].copy()
    counted["quarter"] = start_q[precise].astype(str)
    counted = counted.explode("issuers")
    counted["issuers"] = counted["issuers"].fillna("(no issuer recorded)")
    return counted[["id", "type", "date", "date_precision", "quarter", "issuers"]], left_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000")
    parser.add_argument("--out", default="measures_per_quarter.png")
    parser.add_argument("--table", help="also write the counted (measure, issuer, quarter) rows as CSV")
    parser.add_argument("--top", type=int, default=6, help="issuers shown by name; the rest are 'other'")
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    client = Client(args.url).pin()  # one graph version for the whole figure
    counted, left_out = quarterly(client.measures())
    if args.table:
        counted.to_csv(args.table, index=False)

    top = counted["issuers"].value_counts().index[: args.top]
    counted.loc[~counted["issuers"].isin(top), "issuers"] = "other"
    table = counted.groupby(["quarter", "issuers"]).size().unstack(fill_value=0).sort_index()

    ax = table.plot(kind="bar", stacked=True, figsize=(10, 5.5), width=0.8, colormap="tab10")
    ax.set_xlabel("quarter (measures dated to a quarter or better)")
    ax.set_ylabel("measures")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.5 ticks
    ax.set_title(f"Measures per quarter by issuer — Chokepoint graph {client.version[:12]}")
    ax.legend(title="issuer", fontsize="small")
    plt.xticks(rotation=0)
    plt.tight_layout()
    plt.savefig(args.out, dpi=110)
    print(f"{counted['id'].nunique()} measures, {len(counted)} (measure, issuer) pairs in {len(table)} quarters -> {args.out}")
    for row in left_out.itertuples():
        print(f"left out: {row.id} ({row.why})")


if __name__ == "__main__":
    main()
