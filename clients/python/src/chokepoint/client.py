"""The client: bulk exports (Parquet) into pandas, the graph into networkx, GraphQL for the rest.

Every pull that takes several requests pins the graph version it started on; if the graph is
reloaded in between, the pull raises GraphVersionChanged instead of mixing rows of two graphs.
"""
from __future__ import annotations

import io
import json
import math
import time
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

import pandas as pd
import requests

from .curation import CurationMixin
from .errors import ChokepointError, GraphVersionChanged

#: Pulls of at least this many rows show a progress bar (when ``progress`` is left as None).
PROGRESS_ROWS = 50_000

# 200 a page: with issuers, parties and targets per policy, 500 would exceed the server's query cost limit.
_MEASURES = """
query Measures($targeting: String, $imposedBy: String, $promoting: String, $status: [PolicyStatus!],
               $types: [PolicyType!], $from: Date, $to: Date, $includeNarrower: Boolean, $after: String) {
  measures(targeting: $targeting, imposedBy: $imposedBy, promoting: $promoting, status: $status,
           types: $types, from: $from, to: $to, includeNarrower: $includeNarrower, first: 200, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name type status
      date { value precision start end }
      issuers { id name }
      parties { id name }
      targets { id name kind }
    }
  }
}"""


def _base_url(url: str) -> str:
    url = url.rstrip("/")
    for suffix in ("/graphql", "/export"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def _filters(types: Optional[Iterable[str]], from_: Optional[str], to: Optional[str], source: Optional[str],
             min_sources: Optional[int], max_sources: Optional[int],
             modality: Optional[Iterable[str]] = None, include_retracted: bool = False) -> Dict[str, Any]:
    params: Dict[str, Any] = {}
    if modality is not None:
        params["modality"] = ",".join([modality] if isinstance(modality, str) else list(modality))
    if types is not None:
        params["types"] = ",".join([types] if isinstance(types, str) else list(types))
    if from_ is not None:
        params["from"] = from_
    if to is not None:
        params["to"] = to
    if source is not None:
        params["source"] = source
    if min_sources is not None:
        params["minSources"] = int(min_sources)
    if max_sources is not None:
        params["maxSources"] = int(max_sources)
    if include_retracted:
        # Only when asked: the default export's URL, ETag and bytes stay those of a pull without it.
        params["includeRetracted"] = "true"
    return params


class Client(CurationMixin):
    """A Chokepoint server.

    ``url`` is the server's base URL (``http://localhost:4000``; a trailing ``/graphql`` is fine).
    ``retries`` is how often a request answered 503 (database unavailable, a load in progress) or
    not answered at all is tried again, waiting ``Retry-After`` when the server gives it, else
    ``backoff`` seconds doubling each time. ``progress``: True always shows a progress bar, False
    never, None (default) for pulls of 50 000 rows or more. ``version`` pins every request to one
    graph version (see :meth:`pin`). ``api_key``: an API key (``ck_…``) or a JWT, sent as
    ``Authorization: Bearer`` with every request; the write side's methods (``propose_…``,
    ``review``) need one, reads need one only on servers with READS_REQUIRE_KEY.
    """

    def __init__(self, url: str = "http://localhost:4000", *, timeout: float = 300.0, retries: int = 4,
                 backoff: float = 0.5, progress: Optional[bool] = None, version: Optional[str] = None,
                 session: Optional[requests.Session] = None, api_key: Optional[str] = None) -> None:
        self.url = _base_url(url)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.progress = progress
        self.version = version
        self.session = session or requests.Session()
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    # --- HTTP ---------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request with retries on 503 and on connection failures; raises ChokepointError on errors."""
        attempt = 0
        while True:
            try:
                response = self.session.request(method, self.url + path, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt >= self.retries:
                    raise ChokepointError(f"{self.url} did not answer: {error}", "UNREACHABLE") from error
                self._sleep(attempt, None)
                attempt += 1
                continue
            if response.status_code == 503 and attempt < self.retries:
                self._sleep(attempt, response.headers.get("Retry-After"))
                attempt += 1
                continue
            if response.status_code >= 400:
                raise self._error(response)
            return response

    def _sleep(self, attempt: int, retry_after: Optional[str]) -> None:
        wait = self.backoff * (2 ** attempt)
        if retry_after is not None:
            try:
                wait = float(retry_after)
            except ValueError:
                pass
        time.sleep(min(max(wait, 0.0), 60.0))

    @staticmethod
    def _error(response: requests.Response) -> ChokepointError:
        try:
            payload = response.json()
            err = payload["errors"][0]
            ext = dict(err.get("extensions") or {})
            code = ext.pop("code", None) or "HTTP_%d" % response.status_code
            message = err.get("message", "")
        except (ValueError, KeyError, IndexError, TypeError):
            return ChokepointError(f"HTTP {response.status_code} from {response.url}: {response.text[:200]}",
                                   "HTTP_%d" % response.status_code, response.status_code)
        if code == "GRAPH_VERSION_CHANGED":
            return GraphVersionChanged(message, ext.get("expected"), ext.get("actual"), response.status_code, ext)
        return ChokepointError(message, code, response.status_code, ext)

    # --- GraphQL ------------------------------------------------------------------------------

    def query(self, graphql: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Runs a GraphQL query and returns its ``data``; raises ChokepointError on any error."""
        response = self._request("POST", "/graphql", json={"query": graphql, "variables": variables or {}},
                                 headers={"Accept": "application/json"})
        payload = response.json()
        if payload.get("errors"):
            err = payload["errors"][0]
            ext = dict(err.get("extensions") or {})
            code = ext.pop("code", "GRAPHQL_ERROR")
            raise ChokepointError(err.get("message", ""), code, response.status_code, ext)
        return payload["data"]

    def measures(self, targeting: Optional[str] = None, *, imposed_by: Optional[str] = None,
                 promoting: Optional[str] = None, status: Optional[List[str]] = None,
                 types: Optional[List[str]] = None, from_: Optional[str] = None, to: Optional[str] = None,
                 include_narrower: bool = True) -> pd.DataFrame:
        """Policies (measures) as a DataFrame: ``measures(targeting: …)`` of the GraphQL API, every page.

        One row per policy: id, name, type, status, date (value, precision, start, end), and the
        issuers, parties and targets as lists of ids and names.
        """
        variables: Dict[str, Any] = {"targeting": targeting, "imposedBy": imposed_by, "promoting": promoting,
                                     "status": status, "types": types, "from": from_, "to": to,
                                     "includeNarrower": include_narrower, "after": None}
        rows = []
        while True:
            page = self.query(_MEASURES, variables)["measures"]
            for p in page["nodes"]:
                date = p.get("date") or {}
                rows.append({
                    "id": p["id"], "name": p["name"], "type": p["type"], "status": p["status"],
                    "date": date.get("value"), "date_precision": date.get("precision"),
                    "date_start": date.get("start"), "date_end": date.get("end"),
                    "issuer_ids": [i["id"] for i in p["issuers"]], "issuers": [i["name"] for i in p["issuers"]],
                    "party_ids": [i["id"] for i in p["parties"]], "parties": [i["name"] for i in p["parties"]],
                    "target_ids": [t["id"] for t in p["targets"]], "targets": [t["name"] for t in p["targets"]],
                })
            if not page["pageInfo"]["hasNextPage"]:
                break
            variables["after"] = page["pageInfo"]["endCursor"]
        frame = pd.DataFrame(rows, columns=["id", "name", "type", "status", "date", "date_precision", "date_start",
                                            "date_end", "issuer_ids", "issuers", "party_ids", "parties",
                                            "target_ids", "targets"])
        for column in ("date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column])
        return frame

    # --- Bulk exports -------------------------------------------------------------------------

    def manifest(self, **filters: Any) -> Dict[str, Any]:
        """The export manifest: graph version, filters, row counts and every column's type and meaning."""
        params = _filters(**self._filter_args(filters))
        if self.version is not None:
            params["version"] = self.version
        return self._request("GET", "/export/manifest.json", params=params).json()

    @staticmethod
    def _filter_args(filters: Dict[str, Any]) -> Dict[str, Any]:
        allowed = {"types", "from_", "to", "source", "min_sources", "max_sources", "modality", "include_retracted"}
        if "from" in filters:
            filters = {**filters, "from_": filters.pop("from")}
        unknown = set(filters) - allowed
        if unknown:
            raise TypeError(f"unknown filter(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
        args = {key: filters.get(key) for key in allowed}
        args["include_retracted"] = bool(args["include_retracted"])
        return args

    def pin(self, version: Optional[str] = None) -> "Client":
        """A client pinned to one graph version (the current one by default): every call it makes
        raises GraphVersionChanged once the server's graph is not at that version any more."""
        return Client(self.url, timeout=self.timeout, retries=self.retries, backoff=self.backoff,
                      progress=self.progress, version=version or self.manifest()["graphVersion"],
                      session=self.session)

    def _download(self, path: str, params: Dict[str, Any], rows: int, label: str) -> bytes:
        """Streams one export into memory, with a progress bar for large pulls. A transfer that breaks
        off (the server aborts when the graph changes under it) is re-checked against the version."""
        show = self.progress if self.progress is not None else rows >= PROGRESS_ROWS
        response = self._request("GET", path, params=params, stream=True)
        buffer = io.BytesIO()
        bar = None
        if show:
            from tqdm.auto import tqdm
            bar = tqdm(desc=f"{label} ({rows:,} rows)", unit="B", unit_scale=True, unit_divisor=1024)
        try:
            for chunk in response.iter_content(chunk_size=1 << 16):
                buffer.write(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as error:
            expected = params.get("version")
            try:
                actual = self._request("GET", "/export/manifest.json").headers.get("Chokepoint-Graph-Version")
            except ChokepointError:
                actual = None
            if expected is not None and actual != expected:
                raise GraphVersionChanged(f"The graph changed during the download of {label} (it is at {actual}, "
                                          f"the pull was pinned to {expected}); start the pull again.",
                                          expected, actual) from error
            raise ChokepointError(f"The download of {label} broke off: {error}", "TRANSFER_FAILED") from error
        finally:
            if bar is not None:
                bar.close()
            response.close()
        return buffer.getvalue()

    def _table(self, name: str, filters: Dict[str, Any], manifest: Optional[Dict[str, Any]] = None) -> pd.DataFrame:
        params = _filters(**self._filter_args(filters))
        manifest = manifest or self.manifest(**filters)
        params["version"] = manifest["graphVersion"]
        if params["version"] is None:
            params.pop("version")
        table = manifest["tables"][name]
        data = self._download(f"/export/{name}.parquet", params, table["rows"], name)
        frame = pd.read_parquet(io.BytesIO(data))
        if len(frame) != table["rows"]:
            raise ChokepointError(f"{name}: got {len(frame)} rows, the manifest says {table['rows']}", "TRANSFER_FAILED")
        for column in table["columns"]:
            if column["type"] == "date":
                frame[column["name"]] = pd.to_datetime(frame[column["name"]])
            elif column["type"] == "json":
                frame[column["name"]] = frame[column["name"]].map(lambda v: json.loads(v) if isinstance(v, str) else v)
        frame.attrs["graph_version"] = manifest["graphVersion"]
        frame.attrs["columns"] = {c["name"]: c["description"] for c in table["columns"]}
        return frame

    def relationships(self, *, types: Optional[Iterable[str]] = None, from_: Optional[str] = None,
                      to: Optional[str] = None, source: Optional[str] = None, min_sources: Optional[int] = None,
                      max_sources: Optional[int] = None, modality: Optional[Iterable[str]] = None,
                      include_retracted: bool = False) -> pd.DataFrame:
        """The cited edge table (one row per relationship) as a DataFrame, through the Parquet export.

        Filters as in the GraphQL ``relationships`` query: ``types`` (relationship types), ``from_``
        and ``to`` (entity ids), ``source`` (a source id), ``min_sources``/``max_sources``
        (independent sources), ``modality`` (``["STATED", "REPORTED"]``, …).
        ``include_retracted=True`` also returns the relationships retracted through review, with the
        columns ``retracted`` (bool), ``retracted_at``, ``retracted_by`` and ``retraction_reason``.
        ``frame.attrs["graph_version"]`` is the version the rows come from.
        """
        return self._table("relationships", dict(types=types, from_=from_, to=to, source=source,
                                                 min_sources=min_sources, max_sources=max_sources, modality=modality,
                                                 include_retracted=include_retracted))

    def citations(self, *, types: Optional[Iterable[str]] = None, from_: Optional[str] = None,
                  to: Optional[str] = None, source: Optional[str] = None, min_sources: Optional[int] = None,
                  max_sources: Optional[int] = None, modality: Optional[Iterable[str]] = None,
                  include_retracted: bool = False) -> pd.DataFrame:
        """One row per citation (quote, source, paragraph, offset) of the relationships the filters keep.
        Joins to :meth:`relationships` on ``relationship_id`` = ``id``. ``include_retracted=True``: the
        citations of retracted relationships too, with the same four retraction columns."""
        return self._table("citations", dict(types=types, from_=from_, to=to, source=source,
                                             min_sources=min_sources, max_sources=max_sources, modality=modality,
                                             include_retracted=include_retracted))

    def entities(self) -> pd.DataFrame:
        """Every entity (actors, policies, technologies, countries) with its properties."""
        return self._table("entities", {})

    def sources(self) -> pd.DataFrame:
        """Every source document that citations point to."""
        return self._table("sources", {})

    def graph(self, *, types: Optional[Iterable[str]] = None, from_: Optional[str] = None,
              to: Optional[str] = None, source: Optional[str] = None, min_sources: Optional[int] = None,
              max_sources: Optional[int] = None, modality: Optional[Iterable[str]] = None,
              include_retracted: bool = False):
        """The graph as a ``networkx.MultiDiGraph``: every entity a node (with its properties), every
        relationship the filters keep an edge keyed by its id, with its columns and its ``citations``
        (a list of dicts: quote, source_id, paragraph, …). All parts come from one graph version.
        ``include_retracted=True`` adds the retracted relationships as edges with ``retracted=True``."""
        import networkx as nx

        filters = dict(types=types, from_=from_, to=to, source=source, min_sources=min_sources,
                       max_sources=max_sources, modality=modality, include_retracted=include_retracted)
        pinned = self if self.version is not None else self.pin()
        manifest = pinned.manifest(**filters)
        entities = pinned._table("entities", {})
        rels = pinned._table("relationships", filters, manifest)
        cites = pinned._table("citations", filters, manifest)

        def clean(record: Dict[str, Any]) -> Dict[str, Any]:
            return {k: v for k, v in record.items() if not _missing(v)}

        g = nx.MultiDiGraph(graph_version=manifest["graphVersion"], filters=manifest["filters"])
        for record in entities.to_dict("records"):
            g.add_node(record.pop("id"), **clean(record))
        by_rel: Dict[str, List[Dict[str, Any]]] = {}
        for record in cites.to_dict("records"):
            by_rel.setdefault(record.pop("relationship_id"), []).append(clean(record))
        for record in rels.to_dict("records"):
            rid = record.pop("id")
            g.add_edge(record.pop("from_id"), record.pop("to_id"), key=rid, id=rid,
                       citations=by_rel.get(rid, []), **clean(record))
        return g


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, dict, tuple)) else False
    except (TypeError, ValueError):
        return False
