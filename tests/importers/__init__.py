"""Tests of the standards importers (loaders.importers), the import command and the GEXF/GraphML exports."""
