"""The write side for the Python client: proposals, reviews and the change feed (docs/curation.md).

Mixed into :class:`chokepoint.Client`; every method needs ``Client(url, api_key=...)`` with a key of
the role the server asks for (contributor to propose, reviewer to review). The feed is open to all.
"""
from __future__ import annotations

import json
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import pandas as pd
import requests

from .errors import ChokepointError

CitationLike = Union[Dict[str, Any], Tuple[str, str]]

_PROPOSAL = "id kind status revision targetId author createdAt reviewer comment appliedSeq"
_CHANGE = "seq kind itemId proposalId author reviewer proposedAt appliedAt before after version comment"
# The feed's fields as DataFrame columns (snake_case like the exports' columns).
_COLUMNS = {"seq": "seq", "kind": "kind", "itemId": "item_id", "proposalId": "proposal_id", "author": "author",
            "reviewer": "reviewer", "proposedAt": "proposed_at", "appliedAt": "applied_at", "before": "before",
            "after": "after", "version": "version", "comment": "comment"}
_PAGE_MAX = 500


def _entity_property(name: str, value: Any) -> Dict[str, Any]:
    """A property as EntityPropertyInput takes it: a date dict as ``date``, a list as ``values``, else ``value`` as text."""
    if isinstance(value, dict):
        return {"name": name, "date": value}
    if isinstance(value, (list, tuple)):
        return {"name": name, "values": [str(v) for v in value]}
    if isinstance(value, bool):
        return {"name": name, "value": "true" if value else "false"}
    return {"name": name, "value": str(value)}


def _citation(citation: CitationLike) -> Dict[str, Any]:
    """A citation as the API takes it: ``(source_id, quote)`` or a dict with source_id/sourceId, quote, mentions_from/to."""
    if isinstance(citation, tuple):
        source_id, quote = citation
        return {"sourceId": source_id, "quote": quote}
    out = {"sourceId": citation.get("sourceId", citation.get("source_id")), "quote": citation.get("quote")}
    for key, api in (("mentions_from", "mentionsFrom"), ("mentions_to", "mentionsTo")):
        value = citation.get(key, citation.get(api))
        if value is not None:
            out[api] = value
    return out


class CurationMixin:
    """Proposals, reviews and the change log; see :class:`chokepoint.Client`."""

    # Provided by Client.
    url: str
    session: requests.Session
    timeout: float
    retries: int

    def query(self, graphql: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _sleep(self, attempt: int, retry_after: Optional[str]) -> None:  # pragma: no cover
        raise NotImplementedError

    # --- Proposals ----------------------------------------------------------------------------

    def propose_relationship(self, type: str, from_: str, to: str, citations: Sequence[CitationLike], *,
                             key: Optional[str] = None, modality: Optional[str] = None,
                             date: Optional[Dict[str, Any]] = None,
                             qualifiers: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        """Proposes a new relationship with one or more citations; returns the proposal (status PENDING).

        Checked as a seed record is (ontology, endpoints, modality, every quote verbatim in the source's
        held text); a refusal raises ChokepointError with ``code`` BAD_USER_INPUT and
        ``extensions['field']`` (``citations[0].quote``), ``['nearestPassage']`` for a quote not found.
        """
        payload: Dict[str, Any] = {"type": type, "from": from_, "to": to, "citations": [_citation(c) for c in citations]}
        if key is not None:
            payload["key"] = key
        if modality is not None:
            payload["modality"] = modality
        if date is not None:
            payload["date"] = date
        if qualifiers:
            payload["qualifiers"] = [{"name": n, "value": v} for n, v in qualifiers.items()]
        data = self.query(f"mutation ($input: RelationshipProposalInput!) {{ proposeRelationship(input: $input) {{ {_PROPOSAL} }} }}",
                          {"input": payload})
        return data["proposeRelationship"]

    def propose_citation(self, relationship_id: str, source_id: str, quote: str, *,
                         mentions_from: Optional[str] = None, mentions_to: Optional[str] = None) -> Dict[str, Any]:
        """Proposes another citation for an existing relationship; returns the proposal."""
        citation = _citation({"source_id": source_id, "quote": quote, "mentions_from": mentions_from, "mentions_to": mentions_to})
        data = self.query(f"mutation ($id: ID!, $c: CitationInput!) {{ proposeCitation(relationshipId: $id, citation: $c) {{ {_PROPOSAL} }} }}",
                          {"id": relationship_id, "c": citation})
        return data["proposeCitation"]

    def propose_retraction(self, relationship_id: str, reason: str) -> Dict[str, Any]:
        """Proposes retracting a relationship (kept with who, when and why; hidden from reads once accepted)."""
        data = self.query(f"mutation ($id: ID!, $reason: String!) {{ proposeRetraction(id: $id, reason: $reason) {{ {_PROPOSAL} }} }}",
                          {"id": relationship_id, "reason": reason})
        return data["proposeRetraction"]

    def propose_merge(self, keep: str, drop: str, reason: str) -> Dict[str, Any]:
        """Proposes merging ``drop`` into ``keep`` (two entities of one kind; docs/curation.md, "Merging two entities").

        Once accepted, ``drop``'s relationships and names move to ``keep`` and ``entity(id: drop)``
        answers ``keep`` with ``redirectedFrom``. A refusal raises ChokepointError with ``code``
        BAD_USER_INPUT and ``extensions['field']`` (``keep`` or ``drop``) and ``['value']``.
        """
        data = self.query(f"mutation ($keep: ID!, $drop: ID!, $reason: String!) {{ proposeMerge(keep: $keep, drop: $drop, reason: $reason) {{ {_PROPOSAL} }} }}",
                          {"keep": keep, "drop": drop, "reason": reason})
        return data["proposeMerge"]

    def propose_entity_edit(self, entity_id: str, *, name: Optional[str] = None, aliases: Optional[Sequence[str]] = None, description: Optional[str] = None,
                            properties: Optional[Dict[str, Any]] = None, unset: Optional[Sequence[str]] = None,
                            reason: Optional[str] = None) -> Dict[str, Any]:
        """Proposes an edit of an existing entity (docs/curation.md, "Editing an entity"); returns the proposal.

        ``name`` renames it (each of its relationships shows the new name); ``aliases`` replaces the whole list (``[]`` removes them all); ``properties`` maps a property of the
        entity's kind to its value: text, a number or a bool, a list of strings, or a date as a dict
        (``{"on": "2024-05"}``); ``unset`` names optional properties to remove. A refusal raises
        ChokepointError with ``code`` BAD_USER_INPUT and ``extensions['field']`` and ``['value']``.
        """
        edit: Dict[str, Any] = {}
        if name is not None:
            edit["name"] = name
        if aliases is not None:
            edit["aliases"] = list(aliases)
        if description is not None:
            edit["description"] = description
        if properties:
            edit["properties"] = [_entity_property(name, value) for name, value in properties.items()]
        if unset:
            edit["unset"] = list(unset)
        data = self.query(f"mutation ($id: ID!, $e: EntityEditInput!, $r: String) {{ proposeEntityEdit(entityId: $id, edit: $e, reason: $r) {{ {_PROPOSAL} }} }}",
                          {"id": entity_id, "e": edit, "r": reason})
        return data["proposeEntityEdit"]

    def proposals(self, status: str = "PENDING") -> List[Dict[str, Any]]:
        """The review queue: proposals of one status (PENDING, ACCEPTED, REJECTED, CHANGES_REQUESTED), oldest first."""
        return self.query(f"query ($s: ProposalStatus!) {{ proposals(status: $s) {{ {_PROPOSAL} }} }}", {"s": status.upper()})["proposals"]

    def review(self, proposal_id: str, revision: int, decision: str, comment: Optional[str] = None) -> Dict[str, Any]:
        """Decides on someone else's proposal at the revision you read: ``accept``, ``reject`` or ``request_changes``.

        Returns ``{"proposal": {...}, "change": {...} or None}``. A proposal that moved since that
        revision raises ChokepointError with ``code`` CONFLICT and ``extensions['currentRevision']``;
        a rejection or a request for changes needs a comment.
        """
        data = self.query(
            f"mutation ($id: ID!, $rev: Int!, $d: ReviewDecision!, $c: String) {{ review(id: $id, revision: $rev, decision: $d, comment: $c) "
            f"{{ proposal {{ {_PROPOSAL} }} change {{ {_CHANGE} }} }} }}",
            {"id": proposal_id, "rev": int(revision), "d": decision.upper(), "c": comment})
        return data["review"]

    # --- The change log -------------------------------------------------------------------------

    def change_records(self, since: int = 0, *, page_size: int = _PAGE_MAX) -> Iterator[Dict[str, Any]]:
        """Every accepted change after ``since``, oldest first, as dicts (paged ``page_size`` at a time)."""
        if not 1 <= page_size <= _PAGE_MAX:
            raise ValueError(f"page_size must be from 1 to {_PAGE_MAX}, not {page_size}")
        after = int(since)
        while True:
            page = self.query(f"query ($s: Int!, $n: Int!) {{ changes(since: $s, first: $n) {{ lastSeq changes {{ {_CHANGE} }} }} }}",
                              {"s": after, "n": page_size})["changes"]
            for change in page["changes"]:
                yield change
            if not page["changes"] or page["changes"][-1]["seq"] >= page["lastSeq"]:
                return
            after = page["changes"][-1]["seq"]

    def changes(self, since: int = 0, *, page_size: int = _PAGE_MAX, as_records: bool = False) -> Union[pd.DataFrame, List[Dict[str, Any]]]:
        """The accepted changes after ``since`` as a DataFrame (snake_case columns, times as UTC
        timestamps, ``before``/``after`` as JSON text), or as a list of dicts with ``as_records=True``."""
        records = list(self.change_records(since, page_size=page_size))
        if as_records:
            return records
        frame = pd.DataFrame(records, columns=list(_COLUMNS)).rename(columns=_COLUMNS)
        for column in ("proposed_at", "applied_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame

    def follow_changes(self, since: int = 0, *, reconnect: bool = True) -> Iterator[Dict[str, Any]]:
        """Every change after ``since``, then each new one as it is accepted: a generator over the
        server's Server-Sent Events subscription that never ends on its own (break out of the loop).

        After a dropped connection it subscribes again from the last event it yielded: it sends that
        event's SSE id as ``Last-Event-ID`` (the standard resume header, which the server follows) and its
        ``seq`` as ``since``, so nothing is repeated or missed; ``reconnect=False`` raises instead. Only
        ``retries`` reconnections in a row without an event are tried.
        """
        last = int(since)
        last_id: Optional[str] = None
        failures = 0
        while True:
            try:
                for event_id, change in self._stream_changes(last, last_id):
                    failures = 0
                    last = change["seq"]
                    last_id = event_id or last_id
                    yield change
                error: Optional[BaseException] = None  # the server ended the stream
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as dropped:
                error = dropped
            if not reconnect or failures >= self.retries:
                raise ChokepointError(f"the change feed at {self.url} ended after change {last}: {error or 'stream closed'}",
                                      "FEED_ENDED")
            self._sleep(failures, None)
            failures += 1

    def _stream_changes(self, since: int, last_event_id: Optional[str] = None) -> Iterator[Tuple[Optional[str], Dict[str, Any]]]:
        """The feed's events as (SSE id, change)."""
        body = {"query": f"subscription ($s: Int!) {{ changes(since: $s) {{ {_CHANGE} }} }}", "variables": {"s": since}}
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        # Read timeout None: the feed is quiet while nothing changes.
        response = self.session.post(self.url + "/graphql", json=body, stream=True, timeout=(self.timeout, None),
                                     headers=headers)
        try:
            if response.status_code >= 400:
                raise ChokepointError(f"HTTP {response.status_code} from the change feed: {response.text[:200]}",
                                      "HTTP_%d" % response.status_code, response.status_code)
            event, data, event_id = "message", [], None
            for line in response.iter_lines(decode_unicode=True):
                if line is None:
                    continue
                if line == "":
                    if event == "complete":
                        return
                    if data:
                        payload = json.loads("\n".join(data))
                        if payload.get("errors"):
                            err = payload["errors"][0]
                            ext = dict(err.get("extensions") or {})
                            raise ChokepointError(err.get("message", ""), ext.pop("code", "GRAPHQL_ERROR"), None, ext)
                        yield event_id, payload["data"]["changes"]
                    event, data, event_id = "message", [], None
                elif line.startswith("id:"):
                    event_id = line[len("id:"):].strip()
                elif line.startswith("event:"):
                    event = line[len("event:"):].strip()
                elif line.startswith("data:"):
                    data.append(line[len("data:"):].lstrip())
        finally:
            response.close()
