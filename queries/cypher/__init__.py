"""Cypher for analysts: the partnership in an embedded graph engine (LadybugDB)."""
