"""The project's doors: the ``bookcase`` command line (:mod:`api.cli`) and the HTTP API (:mod:`api.http`).

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
:mod:`api.errors`      exit codes, HTTP statuses and the one error payload
:mod:`api.render`      a query's answer as a table, CSV or JSON
:mod:`api.settings`    the only reader of environment variables (``BOOKCASE_*``)
:mod:`api.loading`     loading a dataset with the process's memory policy
:mod:`api.cli`         the ``bookcase`` command, one module per command group
:mod:`api.http`        the HTTP API (FastAPI) that ``bookcase serve`` runs
=====================  ==========================================================
"""
