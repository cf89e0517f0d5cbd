"""DataFrames and graphs from the bulk exports agree with the GraphQL API of the same server."""
import networkx as nx
import pandas as pd
import pytest

from chokepoint import ChokepointError, Client, GraphVersionChanged

TABLE = """query($after: String, $types: [String!], $minSources: Int) {
  relationships(first: 500, after: $after, types: $types, minSources: $minSources) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id independentSources sourceCount from { id name } citations { quote } date { start } }
  }
}"""


def graphql_table(client, **variables):
    nodes, after = [], None
    while True:
        page = client.query(TABLE, {**variables, "after": after})["relationships"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def test_relationships_is_the_whole_edge_table_with_typed_columns(client, stats):
    rels = client.relationships()
    api = graphql_table(client)
    assert len(rels) == stats["relationships"]
    assert list(rels["id"]) == [n["id"] for n in api]
    by_id = {n["id"]: n for n in api}
    for row in rels.itertuples():
        node = by_id[row.id]
        assert row.independent_sources == node["independentSources"]
        assert row.source_count == node["sourceCount"]
        assert row.citation_count == len(node["citations"])
        assert row.from_name == node["from"]["name"]
        if node["date"] and node["date"]["start"]:
            assert row.date_start == pd.Timestamp(node["date"]["start"])
    assert pd.api.types.is_integer_dtype(rels["independent_sources"])
    assert pd.api.types.is_datetime64_any_dtype(rels["date_start"])
    assert rels.attrs["graph_version"] == client.manifest()["graphVersion"]
    assert "independent_sources" in rels.attrs["columns"]


def test_filters_match_the_graphql_relationships_query(client):
    rels = client.relationships(types=["TARGETS", "ISSUED"], min_sources=1)
    api = graphql_table(client, types=["TARGETS", "ISSUED"], minSources=1)
    assert len(api) > 0
    assert list(rels["id"]) == [n["id"] for n in api]
    assert set(rels["type"]) <= {"TARGETS", "ISSUED"}


def test_modality_filter_matches_graphql(client):
    rels = client.relationships(modality=["STATED"])
    api = client.query('{ relationships(modality: [STATED], first: 1) { totalCount } }')["relationships"]
    assert len(rels) == api["totalCount"] > 0
    assert set(rels["modality"]) == {"STATED"}


def test_citations_join_the_edge_table(client, stats):
    rels = client.relationships()
    cites = client.citations()
    assert len(cites) == stats["citations"]
    joined = cites.merge(rels, left_on="relationship_id", right_on="id", validate="many_to_one")
    assert len(joined) == len(cites)
    counts = cites.groupby("relationship_id").size()
    assert (rels.set_index("id")["citation_count"] == counts.reindex(rels["id"]).fillna(0).values).all()
    assert cites["quote"].str.len().min() > 0


def entity_kinds(client):
    """The kinds the API knows (its EntityKind enum), so the test follows the ontology."""
    return {v["name"] for v in client.query('{ __type(name: "EntityKind") { enumValues { name } } }')["__type"]["enumValues"]}


def test_entities_and_sources(client, stats):
    entities = client.entities()
    assert len(entities) == stats["entities"]
    assert set(entities["kind"]) <= entity_kinds(client)
    # Each entity once, in id order, as many as the API counts (the server reads in batches: issue 23
    # repeated and skipped ids).
    assert entities["id"].is_unique and entities["id"].is_monotonic_increasing
    assert all(isinstance(a, list) for a in entities["aliases"])
    sources = client.sources()
    assert len(sources) == stats["sources"]
    assert sources["id"].is_unique and sources["id"].is_monotonic_increasing


def test_graph_is_a_multidigraph_with_citations_on_the_edges(client, stats):
    g = client.graph()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == stats["entities"]
    assert g.number_of_edges() == stats["relationships"]
    assert sorted(k for _, _, k in g.edges(keys=True)) == sorted(n["id"] for n in graphql_table(client))
    quotes = sum(len(d["citations"]) for _, _, d in g.edges(data=True))
    assert quotes == stats["citations"]
    u, v, key, data = next(iter(g.edges(keys=True, data=True)))
    assert data["id"] == key and data["citations"][0]["quote"]
    assert g.nodes[u]["kind"] in entity_kinds(client)
    assert g.graph["graph_version"] == client.manifest()["graphVersion"]


def test_graphml_reads_into_networkx(client, url, stats, tmp_path):
    import requests
    path = tmp_path / "graph.graphml"
    path.write_bytes(requests.get(url.rstrip("/") + "/export/graph.graphml", timeout=60).content)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == stats["entities"]
    assert g.number_of_edges() == stats["relationships"]


def test_measures_is_the_graphql_measures_query_as_a_frame(client):
    measures = client.measures(targeting="AI chips")
    api = client.query('{ measures(targeting: "AI chips", first: 500) { totalCount nodes { id issuers { name } } } }')["measures"]
    assert len(measures) == api["totalCount"] > 0
    assert list(measures["id"]) == [n["id"] for n in api["nodes"]]
    assert list(measures["issuers"]) == [[i["name"] for i in n["issuers"]] for n in api["nodes"]]


def test_bad_filters_raise_with_the_server_code(client):
    with pytest.raises(ChokepointError) as bad:
        client.relationships(types=["NOPE"])
    assert bad.value.code == "BAD_USER_INPUT" and bad.value.status == 400
    assert "NOPE" in bad.value.message and "TARGETS" in bad.value.message
    with pytest.raises(ChokepointError) as missing:
        client.relationships(from_="chinaa")
    assert missing.value.code == "NOT_FOUND"
    assert "china" in missing.value.extensions["suggestions"]
    with pytest.raises(ChokepointError) as invalid:
        client.query("{ nope }")
    assert invalid.value.code == "GRAPHQL_VALIDATION_FAILED"


def test_a_pull_pinned_to_another_version_raises_graph_version_changed(client, url):
    version = client.manifest()["graphVersion"]
    assert client.pin().version == version
    assert len(client.pin(version).relationships()) > 0
    stale = Client(url, progress=False).pin("0" * 64)
    for pull in (stale.relationships, stale.entities, stale.graph):
        with pytest.raises(GraphVersionChanged) as changed:
            pull()
        assert changed.value.code == "GRAPH_VERSION_CHANGED"
        assert changed.value.expected == "0" * 64 and changed.value.actual == version
