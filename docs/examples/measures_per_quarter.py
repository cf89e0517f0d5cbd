#!/usr/bin/env python3
"""Measures per quarter by issuer, as a stacked bar chart, from a running Chokepoint server.

    pip install -e "clients/python[chart]"
    python docs/examples/measures_per_quarter.py --url http://localhost:4000 --out docs/examples/measures_per_quarter.png

Every policy (measure, agreement, strategy, ...) with a date, counted in the quarter its date starts in,
once per issuer (a joint measure counts for each). The title carries the graph version the data came
from, so the figure says which graph it shows.
"""
import argparse

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

from chokepoint import Client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:4000")
    parser.add_argument("--out", default="measures_per_quarter.png")
    parser.add_argument("--top", type=int, default=6, help="issuers shown by name; the rest are 'other'")
    args = parser.parse_args()

    client = Client(args.url).pin()  # one graph version for the whole figure
    measures = client.measures()
    dated = measures.dropna(subset=["date_start"]).explode("issuers")
    dated["issuers"] = dated["issuers"].fillna("(no issuer recorded)")
    dated["quarter"] = dated["date_start"].dt.to_period("Q").astype(str)

    top = dated["issuers"].value_counts().index[: args.top]
    dated.loc[~dated["issuers"].isin(top), "issuers"] = "other"
    table = dated.groupby(["quarter", "issuers"]).size().unstack(fill_value=0).sort_index()

    ax = table.plot(kind="bar", stacked=True, figsize=(10, 5.5), width=0.8, colormap="tab10")
    ax.set_xlabel("quarter (of the policy's date)")
    ax.set_ylabel("policies")
    ax.set_title(f"Measures per quarter by issuer — Chokepoint graph {client.version[:12]}")
    ax.legend(title="issuer", fontsize="small")
    plt.xticks(rotation=0)
    plt.tight_layout()
    plt.savefig(args.out, dpi=110)
    print(f"{len(measures)} policies, {len(dated)} (policy, issuer) pairs in {len(table)} quarters -> {args.out}")


if __name__ == "__main__":
    main()
