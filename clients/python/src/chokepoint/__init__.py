"""Chokepoint's Python client: the cited edge table, entities and sources as pandas DataFrames
(through the bulk Parquet exports), the graph as a networkx MultiDiGraph, and GraphQL for the rest.

    from chokepoint import Client
    client = Client("http://localhost:4000")
    rels = client.relationships(types=["TARGETS"], min_sources=2)
"""
from .client import Client
from .errors import ChokepointError, GraphVersionChanged

__all__ = ["Client", "ChokepointError", "GraphVersionChanged"]
__version__ = "0.1.0"
