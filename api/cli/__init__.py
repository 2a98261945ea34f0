"""The ``bookcase`` command, one module per command group.

=====================  ==========================================================
module                 commands
=====================  ==========================================================
:mod:`.app`            the ``bookcase`` group and :func:`main` (errors → exit codes)
:mod:`.common`         shared option types, ``--format``, loading, progress bars
:mod:`.data`           ``validate``, ``show``, ``convert``, ``schema``
:mod:`.query`          ``query`` (every named query of the registry)
:mod:`.generate`       ``generate`` (synthetic partnerships)
:mod:`.importing`      ``import`` (Open Referral UK / HSDS, 360Giving, OCDS, Popolo), ``export``
:mod:`.benchmark`      ``benchmark``
:mod:`.serve`          ``serve`` (the HTTP API and home page, the main job)
:mod:`.keys`           ``keys add|list|revoke`` (the HTTP API's keys)
:mod:`.cypher`         ``cypher`` (read-only Cypher in the embedded engine, and its shell)
:mod:`.view`           ``view`` (the interactive views, :mod:`visualisations`)
:mod:`.scenario`       ``scenario check|apply|compare`` (what-if scenarios)
:mod:`.report`         ``report`` (a board paper: HTML, and a PDF through headless Chromium)
=====================  ==========================================================

A new command goes in the module of its group (or a new module imported below);
it reaches the graph through :func:`.common.load` and prints through
:mod:`api.render`; its errors are mapped in :mod:`api.errors`, nowhere else.
"""

from . import benchmark, data, generate, importing, keys, query, serve

from . import cypher  # isort: skip  # bookcase cypher (issue 11)
from . import view as view  # the interactive views

from . import scenario  # isort: skip  # bookcase scenario (issue 14)
from . import report  # isort: skip  # bookcase report: board papers (issue 14)
from .app import cli, main

__all__ = ["benchmark", "cli", "cypher", "data", "generate", "importing", "keys", "main", "query", "report", "scenario", "serve"]
