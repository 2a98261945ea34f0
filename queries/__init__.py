"""Named queries over the partnership graph, reached through one registry."""

from .registry import FAMILIES, NamedQuery, QueryParams, QueryResult, all_queries, get_query, register, run_query

__all__ = ["FAMILIES", "NamedQuery", "QueryParams", "QueryResult", "all_queries", "get_query", "register", "run_query"]
