#!/usr/bin/env python3
"""Pull Chokepoint's relationships table into two CSV files.

Pages through the `relationships` query (keyset cursors, up to 500 rows a page) and writes:

  relationships.csv  one row per relationship (endpoints, type, date, qualifiers, source counts)
  citations.csv      one row per citation (relationship_id, source_id, quote, paragraph)

Standard library only (Python 3.8+):

  python docs/examples/pull_relationships.py --url http://localhost:4000/graphql --out relationships.csv

Qualifiers appear twice in relationships.csv: as a JSON object in `qualifiers` and flattened into one
`q_<name>` column per qualifier name found (e.g. `q_role`, `q_scope`).
"""
import argparse
import csv
import json
import os
import sys
import urllib.error
import urllib.request

QUERY = """
query Pull($first: Int, $after: String, $types: [String!], $minSources: Int, $maxSources: Int) {
  relationships(first: $first, after: $after, types: $types,
                minSources: $minSources, maxSources: $maxSources) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      type
      summary
      from { id name kind }
      to { id name kind }
      date { value precision start end }
      qualifiers { name value }
      independentSources
      sourceCount
      citations { quote paragraph source { id } }
    }
  }
}
"""

REL_COLUMNS = [
    "id", "type", "from_id", "from_name", "from_kind", "to_id", "to_name", "to_kind",
    "date_value", "date_precision", "date_start", "date_end",
    "independent_sources", "source_count", "n_citations", "qualifiers", "summary",
]
CIT_COLUMNS = ["relationship_id", "source_id", "quote", "paragraph"]


class GraphQLError(Exception):
    pass


def post(url, query, variables, timeout=60):
    """POST one GraphQL request; return `data`, or raise GraphQLError with the error codes."""
    body = json.dumps({"query": query, "variables": variables}).encode("utf-8")
    req = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = json.load(resp)
    except urllib.error.HTTPError as e:  # GraphQL errors may also come with a 4xx/5xx status
        try:
            payload = json.load(e)
        except ValueError:
            raise GraphQLError(f"HTTP {e.code} from {url}") from None
    if payload.get("errors"):
        raise GraphQLError("; ".join(
            f"[{(err.get('extensions') or {}).get('code', '?')}] {err.get('message')}"
            for err in payload["errors"]
        ))
    return payload["data"]


def pull(url, page_size=500, types=None, min_sources=None, max_sources=None):
    """Yield every relationship node, page by page, following pageInfo.endCursor."""
    after = None
    while True:
        data = post(url, QUERY, {
            "first": page_size, "after": after, "types": types,
            "minSources": min_sources, "maxSources": max_sources,
        })
        conn = data["relationships"]
        yield from conn["nodes"]
        if not conn["pageInfo"]["hasNextPage"]:
            return
        after = conn["pageInfo"]["endCursor"]


def flatten(rel):
    """One relationship node -> (relationship row, qualifiers dict, citation rows)."""
    date = rel.get("date") or {}
    quals = {}
    for q in rel["qualifiers"]:  # names are unique per relationship today; join repeats just in case
        quals[q["name"]] = quals[q["name"]] + "; " + q["value"] if q["name"] in quals else q["value"]
    row = {
        "id": rel["id"], "type": rel["type"], "summary": rel["summary"],
        "from_id": rel["from"]["id"], "from_name": rel["from"]["name"], "from_kind": rel["from"]["kind"],
        "to_id": rel["to"]["id"], "to_name": rel["to"]["name"], "to_kind": rel["to"]["kind"],
        "date_value": date.get("value"), "date_precision": date.get("precision"),
        "date_start": date.get("start"), "date_end": date.get("end"),
        "independent_sources": rel["independentSources"], "source_count": rel["sourceCount"],
        "n_citations": len(rel["citations"]),
        "qualifiers": json.dumps(quals, ensure_ascii=False) if quals else "",
    }
    cits = [{
        "relationship_id": rel["id"], "source_id": c["source"]["id"],
        "quote": c["quote"], "paragraph": c.get("paragraph"),
    } for c in rel["citations"]]
    return row, quals, cits


def main(argv=None):
    p = argparse.ArgumentParser(description="Pull Chokepoint relationships into CSV files.")
    p.add_argument("--url", default="http://localhost:4000/graphql", help="GraphQL endpoint")
    p.add_argument("--out", default="relationships.csv", help="relationships CSV (default: %(default)s)")
    p.add_argument("--citations-out",
                   help="citations CSV (default: citations.csv next to --out)")
    p.add_argument("--page-size", type=int, default=500, help="rows per request, 1-500 (default: 500)")
    p.add_argument("--types", nargs="+", help="only these relationship types, e.g. TARGETS ISSUED")
    p.add_argument("--min-sources", type=int, help="only relationships with >= N independent sources")
    p.add_argument("--max-sources", type=int, help="only relationships with <= N independent sources")
    args = p.parse_args(argv)
    cit_out = args.citations_out or os.path.join(os.path.dirname(args.out), "citations.csv")

    rels, cits, qual_names = [], [], []
    try:
        for node in pull(args.url, args.page_size, args.types, args.min_sources, args.max_sources):
            row, quals, crow = flatten(node)
            for name in quals:
                if name not in qual_names:
                    qual_names.append(name)
                row["q_" + name] = quals[name]
            rels.append(row)
            cits.extend(crow)
    except (GraphQLError, urllib.error.URLError) as e:
        sys.exit(f"error: {e}")

    q_cols = ["q_" + n for n in sorted(qual_names)]
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=REL_COLUMNS + q_cols, restval="")
        w.writeheader()
        w.writerows(rels)
    with open(cit_out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=CIT_COLUMNS)
        w.writeheader()
        w.writerows(cits)
    print(f"{len(rels)} relationships -> {args.out}; {len(cits)} citations -> {cit_out}")


if __name__ == "__main__":
    main()
