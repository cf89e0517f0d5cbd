"""propose_…, review, changes and follow_changes against the real server (fixture seed: Ruritania's widget
controls, three fixture wire texts held by the server)."""
import threading

import pandas as pd
import pytest
import requests

from chokepoint import ChokepointError, Client

POLICY = "ruritania-widget-controls"
QUOTE = "The controls target Graustark, officials said."
REL = f"{POLICY}.TARGETS.graustark#py-client"


def test_a_contributor_proposes_and_a_reviewer_accepts(contributor: Client, reviewer: Client):
    proposal = contributor.propose_relationship("TARGETS", POLICY, "graustark", [("fixture-wire-a", QUOTE)], key="py-client")
    assert proposal["status"] == "PENDING" and proposal["revision"] == 1 and proposal["targetId"] == REL
    assert proposal["id"] in [p["id"] for p in reviewer.proposals("pending")]
    with pytest.raises(ChokepointError) as refused:
        contributor.review(proposal["id"], 1, "accept")
    assert refused.value.code == "FORBIDDEN" and refused.value.status == 403
    decided = reviewer.review(proposal["id"], 1, "accept")
    assert decided["proposal"]["status"] == "ACCEPTED"
    assert decided["change"]["kind"] == "ADD_RELATIONSHIP" and decided["change"]["itemId"] == REL
    # A second decision at the same revision: the proposal moved on.
    with pytest.raises(ChokepointError) as stale:
        reviewer.review(proposal["id"], 1, "reject", comment="too late")
    assert stale.value.code == "CONFLICT" and stale.value.extensions["currentRevision"] == 2


def test_a_paraphrase_is_refused_with_the_field_and_the_nearest_passage(contributor: Client):
    with pytest.raises(ChokepointError) as refused:
        contributor.propose_relationship("TARGETS", POLICY, "graustark", [{"source_id": "fixture-wire-a", "quote": "Officials said the controls target Graustark."}], key="py-paraphrase")
    assert refused.value.code == "BAD_USER_INPUT" and refused.value.status == 400
    assert refused.value.extensions["field"] == "citations[0].quote"
    assert QUOTE in refused.value.extensions["nearestPassage"]["text"]


def test_a_citation_and_a_retraction_go_through_review(contributor: Client, reviewer: Client):
    cited = contributor.propose_citation(REL, "fixture-wire-b", QUOTE)
    assert reviewer.review(cited["id"], cited["revision"], "accept")["change"]["kind"] == "ADD_CITATION"
    retraction = contributor.propose_retraction(REL, "the Python client's test withdraws it")
    returned = reviewer.review(retraction["id"], 1, "request_changes", comment="say which report was wrong")
    assert returned["proposal"]["status"] == "CHANGES_REQUESTED" and returned["change"] is None
    again = contributor.propose_retraction(REL, "fixture-wire-a misread the target")
    assert reviewer.review(again["id"], 1, "ACCEPT")["change"]["kind"] == "RETRACT"
    ids = [r["id"] for r in contributor.query('{ relationships(types: ["TARGETS"], first: 100) { nodes { id } } }')["relationships"]["nodes"]]
    assert REL not in ids


def test_a_retracted_relationship_is_in_the_exports_only_on_request(reviewer: Client):
    # Retracted by the test above: out of the default pulls, back with who, when and why on request.
    assert REL not in set(reviewer.relationships(types=["TARGETS"])["id"])
    assert REL not in set(reviewer.citations(types=["TARGETS"])["relationship_id"])
    rels = reviewer.relationships(types=["TARGETS"], include_retracted=True)
    assert list(rels.columns[-4:]) == ["retracted", "retracted_at", "retracted_by", "retraction_reason"]
    row = rels[rels["id"] == REL].iloc[0]
    assert bool(row["retracted"]) is True
    assert row["retraction_reason"] == "fixture-wire-a misread the target"
    assert row["retracted_by"].startswith("key:")
    assert pd.Timestamp(row["retracted_at"]) <= pd.Timestamp.now(tz="UTC")
    standing = rels[rels["id"] != REL]
    assert len(standing) > 0 and not standing["retracted"].any() and standing["retracted_at"].isna().all()
    cites = reviewer.citations(types=["TARGETS"], include_retracted=True)
    mine = cites[cites["relationship_id"] == REL]
    assert len(mine) == 2 and mine["retracted"].all() and set(mine["source_id"]) == {"fixture-wire-a", "fixture-wire-b"}
    assert reviewer.manifest(include_retracted=True)["filters"] == {"includeRetracted": True}
    assert REL not in {key for _, _, key in reviewer.graph().edges(keys=True)}
    graph = reviewer.graph(include_retracted=True)
    edge = next(data for _, _, key, data in graph.edges(keys=True, data=True) if key == REL)
    assert edge["retracted"] is True or edge["retracted"] == True  # noqa: E712 (numpy bool)
    assert len(edge["citations"]) == 2


def test_a_merge_of_two_kinds_is_refused_naming_the_field_and_a_merge_proposal_waits_for_review(contributor: Client):
    with pytest.raises(ChokepointError) as refused:
        contributor.propose_merge("widget-chips", "graustark", "not the same kind")
    assert refused.value.code == "BAD_USER_INPUT" and refused.value.status == 400
    assert refused.value.extensions["field"] == "drop" and refused.value.extensions["value"] == "graustark"
    proposal = contributor.propose_merge("ruritania", "graustark", "the Python client's test proposes it")
    assert proposal["kind"] == "MERGE" and proposal["status"] == "PENDING" and proposal["targetId"] == "ruritania"


def test_changes_page_through_the_log_as_a_dataframe_and_as_records(reviewer: Client):
    frame = reviewer.changes(since=0)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["seq", "kind", "item_id", "proposal_id", "author", "reviewer", "proposed_at",
                                   "applied_at", "before", "after", "version", "comment"]
    assert list(frame["kind"][-3:]) == ["ADD_RELATIONSHIP", "ADD_CITATION", "RETRACT"]
    assert frame["seq"].is_monotonic_increasing and frame["seq"].is_unique
    assert str(frame["applied_at"].dtype).startswith("datetime64")
    # Pages of 2 give the same log; `since` starts after a change.
    records = reviewer.changes(since=0, page_size=2, as_records=True)
    assert [r["seq"] for r in records] == list(frame["seq"])
    assert [r["seq"] for r in reviewer.changes(since=int(frame["seq"].iloc[-2]), as_records=True)] == [int(frame["seq"].iloc[-1])]
    with pytest.raises(ValueError):
        reviewer.changes(page_size=501)


def _make_change(contributor: Client, reviewer: Client, key: str) -> dict:
    proposal = contributor.propose_relationship("TARGETS", POLICY, "graustark", [("fixture-independent", "Ruritania announced export controls on widget chips.")],
                                                key=key, modality="announced")
    return reviewer.review(proposal["id"], 1, "accept")["change"]


def test_follow_changes_streams_the_log_then_new_changes(contributor: Client, reviewer: Client):
    last = int(reviewer.changes(since=0)["seq"].iloc[-1])
    feed = reviewer.follow_changes(since=last - 1)
    assert next(feed)["seq"] == last
    made = {}
    writer = threading.Timer(0.5, lambda: made.update(_make_change(contributor, reviewer, "py-follow")))
    writer.start()
    try:
        change = next(feed)
    finally:
        writer.join()
        feed.close()
    assert change["seq"] == last + 1 and change["itemId"] == f"{POLICY}.TARGETS.graustark#py-follow"
    assert made["seq"] == change["seq"]


class _DropsOnce(requests.Session):
    """A session whose first feed connection breaks after one event, as a dropped network would."""

    def __init__(self, api_key: str):
        super().__init__()
        self.headers["Authorization"] = f"Bearer {api_key}"
        self.connections = 0
        self.resume_ids = []

    def post(self, url, **kwargs):
        response = super().post(url, **kwargs)
        if kwargs.get("stream"):
            self.connections += 1
            self.resume_ids.append((kwargs.get("headers") or {}).get("Last-Event-ID"))
            if self.connections == 1:
                lines = response.iter_lines

                def broken(*args, **kw):
                    seen_data = False
                    for line in lines(*args, **kw):
                        if seen_data and line == "":
                            yield line
                            raise requests.exceptions.ChunkedEncodingError("connection dropped by the test")
                        seen_data = seen_data or (line or "").startswith("data:")
                        yield line

                response.iter_lines = broken
        return response


def test_follow_changes_resumes_after_a_dropped_connection_without_gaps_or_repeats(url: str, contributor: Client, reviewer: Client):
    key = reviewer.session.headers["Authorization"].split(" ", 1)[1]
    session = _DropsOnce(key)
    follower = Client(url, progress=False, session=session, backoff=0.05)
    start = int(reviewer.changes(since=0)["seq"].iloc[-3])
    feed = follower.follow_changes(since=start)
    seen = [next(feed)["seq"], next(feed)["seq"]]
    made = _make_change(contributor, reviewer, "py-resume")
    seen.append(next(feed)["seq"])
    feed.close()
    assert session.connections == 2
    assert seen == [start + 1, start + 2, made["seq"]]
    # The reconnect named the last event's SSE id (its seq) in the standard resume header.
    assert session.resume_ids == [None, str(start + 1)]


def test_an_entity_edit_is_refused_naming_the_field_and_once_accepted_changes_the_entity(contributor: Client, reviewer: Client):
    with pytest.raises(ChokepointError) as refused:
        contributor.propose_entity_edit("graustark", properties={"iso2": "gr-x"})
    assert refused.value.code == "BAD_USER_INPUT" and refused.value.status == 400
    assert refused.value.extensions["field"] == "properties.iso2" and refused.value.extensions["value"] == "gr-x"
    proposal = contributor.propose_entity_edit("graustark", name="Graustark (test)", aliases=["Republic of Graustark"], description="A test country.",
                                               properties={"iso2": "GK"}, reason="the Python client's test")
    assert proposal["kind"] == "ENTITY_EDIT" and proposal["status"] == "PENDING" and proposal["targetId"] == "graustark"
    change = reviewer.review(proposal["id"], proposal["revision"], "accept")["change"]
    assert change["kind"] == "EDIT_ENTITY" and change["itemId"] == "graustark"
    entity = reviewer.query('{ entity(id: "graustark") { name aliases description ... on Country { iso2 } } }')["entity"]
    assert entity == {"name": "Graustark (test)", "aliases": ["Republic of Graustark"], "description": "A test country.", "iso2": "GK"}
